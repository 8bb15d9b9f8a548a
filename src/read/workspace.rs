//! A host opened for planning: its reader, its profile (from `rtgen.yaml`, or
//! detected when that file is absent) and the template set with its overrides.

use std::path::Path;

use anyhow::{Context, Result};

use crate::read::detect::{detect_roles, detect_socket_server};
use crate::read::host::Host;
use crate::read::profile::{Profile, PROFILE_FILE};
use crate::render::Templates;

pub struct Workspace<'h> {
    pub host: &'h Host,
    pub profile: Profile,
    /// Whether the profile came from `rtgen.yaml` (else it was detected).
    pub profile_from_file: bool,
    pub templates: Templates,
}

impl<'h> Workspace<'h> {
    pub fn open(host: &'h Host) -> Result<Workspace<'h>> {
        let (profile, profile_from_file) = match host.read(Path::new(PROFILE_FILE))? {
            Some(text) => (
                Profile::from_yaml(&text).map_err(|error| {
                    let (line, column) = error.location().map(|l| (l.line(), l.column())).unwrap_or((1, 1));
                    let message = error.to_string();
                    let message = message.split(" at line ").next().unwrap_or(&message).to_string();
                    anyhow::anyhow!("`{PROFILE_FILE}:{line}:{column}`: {message}\n  help: fix the key, or delete `{PROFILE_FILE}` and run `rtgen init` to write it again")
                })?,
                true,
            ),
            None => (detect_profile(host)?, false),
        };
        // Run from the wrong folder (say `backend/` in CI), rtgen would find
        // no specs and call everything in sync.
        if !profile_from_file && !host.root().join(&profile.backend.root).is_dir() {
            anyhow::bail!(
                "`{}` does not look like the host project: it has no `{}/` folder and no `{PROFILE_FILE}`\n  help: run rtgen from the project's root, or pass it with `--root`",
                host.root().display(),
                profile.backend.root
            );
        }
        let templates = Templates::new(&host.template_overrides()?)?;
        Ok(Workspace { host, profile, profile_from_file, templates })
    }
}

/// The profile of a host without `rtgen.yaml`: the recipe's layout, with the
/// socket layer and roles read from the code.
pub fn detect_profile(host: &Host) -> Result<Profile> {
    let mut profile = Profile::default();
    let socket_server = Path::new(&profile.backend.root).join(&profile.backend.socket_server);
    if let Some(text) = host.read(&socket_server)? {
        detect_socket_server(&socket_server, &text, &mut profile)?;
    }
    let roles = Path::new(&profile.backend.root).join("src/constants/roles.js");
    if let Some(text) = host.read(&roles)? {
        let found = detect_roles(&roles, &text)?;
        if !found.is_empty() {
            profile.roles = Some(found);
        }
    }
    if let Some(toast) = &profile.front.toast {
        let toast_path = Path::new(&profile.front.root).join(toast);
        if host.read(&toast_path).context("failed to look for the toast module")?.is_none() {
            profile.front.toast = None;
        }
    }
    Ok(profile)
}
