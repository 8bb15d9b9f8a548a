//! A host opened for planning: its reader, its profile (from `rtgen.yaml`, or
//! detected when that file is absent) and the template set with its overrides.

use std::path::Path;

use anyhow::{Context, Result};

use std::sync::OnceLock;

use crate::read::detect::detect_roles;
use crate::read::discover::{discover, Discovery};
use crate::read::entity::{Entity, EntityIndex};
use crate::read::host::Host;
use crate::read::profile::{Profile, PROFILE_FILE};
use crate::read::socket_layer::{read_socket_layer, SocketLayer};
use crate::render::Templates;

pub struct Workspace<'h> {
    pub host: &'h Host,
    pub profile: Profile,
    /// Whether the profile came from `rtgen.yaml` (else it was detected).
    pub profile_from_file: bool,
    pub templates: Templates,
    /// The socket layer, read on first use (`init` plans hosts that have none).
    socket: OnceLock<Result<SocketLayer, String>>,
    /// The backend's tables and models, read on first use.
    entities: OnceLock<Result<EntityIndex, String>>,
}

impl<'h> Workspace<'h> {
    pub fn open(host: &'h Host) -> Result<Workspace<'h>> {
        let (profile, profile_from_file) = match host.read(Path::new(PROFILE_FILE))? {
            Some(text) => (read_profile(&text)?, true),
            None => (detect_profile(host)?, false),
        };
        profile.check_confined()?;
        // Run from the wrong folder (say `backend/` in CI), rtgen would find
        // no specs and call everything in sync.
        if !profile_from_file {
            let backend = host.root().join(&profile.backend.root);
            let front = host.root().join(&profile.front.root);
            if !backend.is_dir() || !front.is_dir() || backend == front {
                anyhow::bail!(
                    "`{}` does not look like the host project: it has no `{PROFILE_FILE}`, and rtgen found {}\n  help: run rtgen from the project's root, or pass it with `--root` (or write `{PROFILE_FILE}` with `backend.root` and `front.root`)",
                    host.root().display(),
                    if !backend.is_dir() {
                        "no backend (no `package.json` that depends on `socket.io` or `express`)".to_string()
                    } else {
                        format!("a backend at `{}` but no frontend beside it", profile.backend.root)
                    }
                );
            }
        }
        let templates = Templates::new(&host.template_overrides()?)?;
        Ok(Workspace {
            host,
            profile,
            profile_from_file,
            templates,
            socket: OnceLock::new(),
            entities: OnceLock::new(),
        })
    }
}

/// `rtgen.yaml`'s text as a profile; errors at their line, with the fix.
fn read_profile(text: &str) -> Result<Profile> {
    let path = Path::new(PROFILE_FILE);
    let general = format!("fix the key, or delete `{PROFILE_FILE}` and run `rtgen init` to write it again");
    crate::read::spec::check_text(path, text)?;
    Profile::from_yaml(text).map_err(|error| match error {
        Some(error) => {
            let mut located = crate::read::spec::yaml_error(path, text, &error);
            if located.help.is_none() {
                located.help = Some(general);
            }
            anyhow::Error::new(located)
        }
        None => anyhow::anyhow!(
            "`{PROFILE_FILE}`: {}\n  help: a profile is a few KiB: write out what the aliases repeat",
            crate::read::limits::check_expansion(text).unwrap_err()
        ),
    })
}

impl Workspace<'_> {
    /// A module's paths, with each side's import style read from the host:
    /// the backend's from its entry, the front's from the AuthContext (else
    /// the socket service). Only the profile's files are read, none named
    /// after the module (whose name may not be validated yet).
    pub fn module_paths(&self, names: &crate::plan::names::ModuleNames) -> Result<crate::plan::layout::ModulePaths> {
        let mut paths = crate::plan::layout::ModulePaths::new(&self.profile, names);
        let style = |files: &[&Path]| -> Result<Option<bool>> {
            for &file in files {
                if let Some(text) = self.host.read(file)? {
                    if let Some(found) = crate::read::survey::writes_extensions(file, &text) {
                        return Ok(Some(found));
                    }
                }
            }
            Ok(None)
        };
        if let Some(found) = style(&[&paths.entry])? {
            paths.imports.backend = found;
        }
        if let Some(found) = style(&[&paths.auth_context, &paths.front_socket_service])? {
            paths.imports.front = found;
        }
        Ok(paths)
    }

    /// The host's socket layer: read from its code, with `rtgen.yaml`'s
    /// `socket:` keys overriding what they name.
    pub fn socket(&self) -> Result<&SocketLayer> {
        let layer = self
            .socket
            .get_or_init(|| read_socket_layer(self.host, &self.profile).map_err(|error| format!("{error:#}")));
        layer.as_ref().map_err(|message| anyhow::anyhow!("{message}"))
    }

    /// A module's entity: its table or model in the backend (every schema
    /// file is read once per run), else the keys its base service writes.
    pub fn entity(&self, camel: &str, plural: &str, service: &Path) -> Result<Option<Entity>> {
        let index = self.entities.get_or_init(|| {
            EntityIndex::read(self.host, Path::new(&self.profile.backend.root)).map_err(|error| format!("{error:#}"))
        });
        let index = index.as_ref().map_err(|message| anyhow::anyhow!("{message}"))?;
        index.entity(self.host, camel, plural, service)
    }
}

/// The profile of a host without `rtgen.yaml`: its layout found by content
/// (`read::discover`), with the roles and the toast module read from the
/// code (the socket layer is read on every run: [`Workspace::socket`]).
pub fn detect_profile(host: &Host) -> Result<Profile> {
    Ok(discover_profile(host)?.profile)
}

/// [`detect_profile`] with what was found and what was not, for `init`.
pub fn discover_profile(host: &Host) -> Result<Discovery> {
    let mut discovery = discover(host)?;
    let profile = &mut discovery.profile;
    let roles = Path::new(&profile.backend.root).join("src/constants/roles.js");
    if let Some(text) = host.read(&roles)? {
        let found = detect_roles(&roles, &text)?;
        if !found.is_empty() {
            profile.roles = Some(found);
        }
    } else {
        // No roles module: the roles a schema declares for users.
        let backend = Path::new(&profile.backend.root);
        if let Some((found, file)) = crate::read::roles::schema_roles_of(host, backend)? {
            discovery.found.push(format!(
                "`{}`: the roles {}",
                crate::render::context::slash(&file),
                crate::error::backticked(&found, ", ")
            ));
            profile.roles = Some(found);
        }
    }
    if let Some(toast) = &profile.front.toast {
        let toast_path = Path::new(&profile.front.root).join(toast);
        if host.read(&toast_path).context("failed to look for the toast module")?.is_none() {
            profile.front.toast = None;
        }
    }
    Ok(discovery)
}
