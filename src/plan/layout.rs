//! Where each of a module's seven artifacts lives in the host, from the
//! profile's paths and the module's names, and how one file imports another.

use std::path::{Component, Path, PathBuf};

use crate::plan::names::ModuleNames;
use crate::read::profile::Profile;

/// Paths of one module's files, relative to the host root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModulePaths {
    pub events: PathBuf,
    pub base_service: PathBuf,
    pub service_with_socket: PathBuf,
    pub controller: PathBuf,
    pub entry: PathBuf,
    pub socket_server: PathBuf,
    pub front_socket_service: PathBuf,
    pub front_module_service: PathBuf,
    pub auth_context: PathBuf,
    pub page: PathBuf,
    pub toast: Option<PathBuf>,
}

impl ModulePaths {
    pub fn new(profile: &Profile, names: &ModuleNames) -> ModulePaths {
        let backend = Path::new(&profile.backend.root);
        let front = Path::new(&profile.front.root);
        ModulePaths {
            events: backend.join(&profile.backend.events).join(format!("{}.js", names.events_binding)),
            base_service: backend.join(&profile.backend.services).join(format!("{}.js", names.service_file)),
            service_with_socket: backend
                .join(&profile.backend.services)
                .join(format!("{}.js", names.service_with_socket_file)),
            controller: backend.join(&profile.backend.controllers).join(format!("{}.js", names.controller_file)),
            entry: backend.join(&profile.backend.entry),
            socket_server: backend.join(&profile.backend.socket_server),
            front_socket_service: front.join(&profile.front.socket_service),
            front_module_service: front
                .join(&profile.front.services)
                .join(format!("{}.js", names.socket_service_binding)),
            auth_context: front.join(&profile.front.auth_context),
            page: front.join(&profile.front.pages).join(&names.page_file),
            toast: profile.front.toast.as_ref().map(|t| front.join(t)),
        }
    }

    /// The generated files, in plan order.
    pub fn generated(&self) -> [&Path; 3] {
        [&self.events, &self.service_with_socket, &self.front_module_service]
    }
}

/// The import specifier that `from` (a file) uses for `to` (a file):
/// `./x.js`, `../socket/events/x.js`; without the extension when
/// `keep_extension` is false (bundler-resolved frontends).
pub fn specifier(from: &Path, to: &Path, keep_extension: bool) -> String {
    let from_dir: Vec<Component> = from.parent().map(|p| p.components().collect()).unwrap_or_default();
    let to_parts: Vec<Component> = to.components().collect();
    let common = from_dir.iter().zip(to_parts.iter()).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = Vec::new();
    for _ in common..from_dir.len() {
        parts.push("..".into());
    }
    for part in &to_parts[common..] {
        parts.push(part.as_os_str().to_string_lossy().into_owned());
    }
    let mut text = parts.join("/");
    if !text.starts_with("..") {
        text = format!("./{text}");
    }
    if !keep_extension {
        for ext in [".js", ".jsx", ".mjs"] {
            if let Some(stripped) = text.strip_suffix(ext) {
                text = stripped.to_string();
                break;
            }
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_follow_the_profile_patterns() {
        let mut profile = Profile::default();
        profile.names.service = Some("{module}.service".into());
        profile.names.controller = Some("{modules}.controller".into());
        let spec = serde_yaml::from_str("module: task\nevents: []\n").unwrap();
        let paths = ModulePaths::new(&profile, &ModuleNames::with_patterns(&spec, &profile.names));
        assert_eq!(paths.base_service, Path::new("backend/src/services/task.service.js"));
        assert_eq!(paths.service_with_socket, Path::new("backend/src/services/task.service.socket.js"));
        assert_eq!(paths.controller, Path::new("backend/src/controllers/tasks.controller.js"));
        assert_eq!(paths.page, Path::new("front/src/admin/pages/Tasks.jsx"));
    }

    #[test]
    fn specifiers() {
        let s = |a: &str, b: &str, e| specifier(Path::new(a), Path::new(b), e);
        assert_eq!(s("b/src/services/p.js", "b/src/services/q.js", true), "./q.js");
        assert_eq!(s("b/src/services/p.js", "b/src/socket/events/e.js", true), "../socket/events/e.js");
        assert_eq!(s("b/src/index.js", "b/src/socket/events/e.js", true), "./socket/events/e.js");
        assert_eq!(s("f/src/admin/contexts/A.jsx", "f/src/admin/services/s.js", false), "../services/s");
    }
}
