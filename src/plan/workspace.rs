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
            Some(text) => (with_detected(host, &text, read_profile(&text)?)?, true),
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

/// The keys of a side whose paths detection finds together: a detected
/// value is only taken for a side whose root the file leaves out or agrees on.
const SIDES: &[(&str, &[&str])] = &[
    ("backend", &["events", "services", "controllers", "entry", "socketServer"]),
    ("front", &["services", "authContext", "pages", "socketService", "toast"]),
];

/// A partial `rtgen.yaml` (already read as `file`): the keys it leaves out
/// are detected as they would be without the file, not given defaults that
/// may name files that do not exist. A file that sets every path is taken as it is.
fn with_detected(host: &Host, text: &str, file: Profile) -> Result<Profile> {
    use serde_yaml::Value;
    let written: Value = serde_yaml::from_str(text.strip_prefix('\u{feff}').unwrap_or(text)).unwrap_or(Value::Null);
    let has = |side: &str, key: &str| written.get(side).and_then(|s| s.get(key)).is_some();
    let complete = SIDES
        .iter()
        .all(|(side, keys)| has(side, "root") && keys.iter().filter(|k| **k != "toast").all(|k| has(side, k)));
    if complete {
        return Ok(file);
    }
    // Detection that fails leaves the file's values and the defaults.
    let Ok(detected) = detect_profile(host) else { return Ok(file) };
    let mut merged = serde_yaml::to_value(&detected)?;
    let defaults = serde_yaml::to_value(Profile::default())?;
    for (side, keys) in SIDES {
        // A root the file sets elsewhere: what was detected beside the other root does not apply.
        let root = written.get(*side).and_then(|s| s.get("root"));
        if root.is_some_and(|root| Some(root) != merged.get(*side).and_then(|s| s.get("root"))) {
            for key in *keys {
                if let (Some(Value::Mapping(target)), Some(default)) =
                    (merged.get_mut(*side), defaults.get(*side).and_then(|s| s.get(*key)))
                {
                    target.insert(Value::from(*key), default.clone());
                }
            }
        }
    }
    overlay(&mut merged, &serde_yaml::to_value(&file)?, &written);
    Ok(serde_yaml::from_value(merged)?)
}

/// `file`'s values over `base`, for the keys `written` holds (mappings key by key).
fn overlay(base: &mut serde_yaml::Value, file: &serde_yaml::Value, written: &serde_yaml::Value) {
    let (Some(written), Some(file)) = (written.as_mapping(), file.as_mapping()) else { return };
    for (key, written_value) in written {
        let Some(value) = file.get(key) else { continue };
        match (base.get_mut(key), written_value.is_mapping() && value.is_mapping()) {
            (Some(target), true) if target.is_mapping() => overlay(target, value, written_value),
            _ => {
                if let Some(base) = base.as_mapping_mut() {
                    base.insert(key.clone(), value.clone());
                }
            }
        }
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
        None => {
            let refusal = crate::read::limits::check_expansion(text).unwrap_err();
            let (line, column) = refusal.at.unwrap_or((1, 1));
            anyhow::Error::new(
                crate::error::LocatedError::new(path, line, column, refusal.message)
                    .with_help(refusal.help.replace("module spec", "profile")),
            )
        }
    })
}

impl Workspace<'_> {
    /// A module's paths, with each side's import style read from the host:
    /// the backend's from its entry, the front's from the AuthContext (else
    /// the socket service). Only the profile's files are read, none named
    /// after the module (whose name may not be validated yet).
    pub fn module_paths(&self, names: &crate::read::names::ModuleNames) -> Result<crate::read::layout::ModulePaths> {
        let mut paths = crate::read::layout::ModulePaths::new(&self.profile, names);
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
                crate::js::paths::slash(&file),
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
