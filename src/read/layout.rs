//! Where each of a module's seven artifacts lives in the host, from the
//! profile's paths and the module's names, and how one file imports another.

use std::path::{Path, PathBuf};

use crate::read::names::ModuleNames;
use crate::read::profile::Profile;

/// The runtime's file name without extension.
pub const RUNTIME_STEM: &str = "realtime";

/// Paths of one module's files, relative to the host root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModulePaths {
    pub events: PathBuf,
    /// rtgen's runtime, shared by every module: `realtime.js` beside the events folder.
    pub runtime: PathBuf,
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
    /// Whether each side's relative imports carry the file extension.
    pub imports: Imports,
}

/// Whether new relative imports carry the file extension (`./a.js`, which
/// node's ESM and TypeScript's `NodeNext` need) or leave it off (`./a`, for
/// bundlers), per side, as the host already writes them
/// (`Workspace::module_paths` reads it); by default the backend keeps it
/// and the front leaves it off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Imports {
    pub backend: bool,
    pub front: bool,
}

impl Default for Imports {
    fn default() -> Imports {
        Imports { backend: true, front: false }
    }
}

impl ModulePaths {
    pub fn new(profile: &Profile, names: &ModuleNames) -> ModulePaths {
        // A side at the host root (`.`) gives `src/...`, not `./src/...`: one file, one path.
        let backend = &crate::read::survey::normalize(Path::new(&profile.backend.root));
        let front = &crate::read::survey::normalize(Path::new(&profile.front.root));
        let ext = Lang::of(&profile.backend.entry).ext();
        let front_lang = Lang::of(&profile.front.auth_context);
        let page_file = match front_lang {
            Lang::TypeScript if !names.page_named => names.page_file.replace(".jsx", ".tsx"),
            _ => names.page_file.clone(),
        };
        let events = backend.join(&profile.backend.events);
        let runtime_dir = events.parent().map_or_else(|| events.clone(), Path::to_path_buf);
        ModulePaths {
            runtime: runtime_dir.join(format!("{RUNTIME_STEM}.{ext}")),
            events: events.join(format!("{}.{ext}", names.events_binding)),
            base_service: backend.join(&profile.backend.services).join(format!("{}.{ext}", names.service_file)),
            service_with_socket: backend
                .join(&profile.backend.services)
                .join(format!("{}.{ext}", names.service_with_socket_file)),
            controller: backend.join(&profile.backend.controllers).join(format!("{}.{ext}", names.controller_file)),
            entry: backend.join(&profile.backend.entry),
            socket_server: backend.join(&profile.backend.socket_server),
            front_socket_service: front.join(&profile.front.socket_service),
            front_module_service: front.join(&profile.front.services).join(format!(
                "{}.{}",
                names.socket_service_binding,
                front_lang.ext()
            )),
            auth_context: front.join(&profile.front.auth_context),
            page: front.join(&profile.front.pages).join(page_file),
            toast: profile.front.toast.as_ref().map(|t| front.join(t)),
            imports: Imports::default(),
        }
    }

    /// The generated files, in plan order.
    pub fn generated(&self) -> [&Path; 3] {
        [&self.events, &self.service_with_socket, &self.front_module_service]
    }
}

/// The language of one side of the host (backend or front), read from the
/// extension of the file that side is anchored on (the entry, the
/// AuthContext): rtgen writes that side's new files in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    JavaScript,
    TypeScript,
}

impl Lang {
    /// `src/index.ts`, `AuthContext.tsx` -> TypeScript; anything else JavaScript.
    pub fn of(path: impl AsRef<Path>) -> Lang {
        match path.as_ref().extension().and_then(|e| e.to_str()) {
            Some("ts" | "tsx" | "mts" | "cts") => Lang::TypeScript,
            _ => Lang::JavaScript,
        }
    }

    /// The extension of a new (non-JSX) module: `js` or `ts`.
    pub fn ext(self) -> &'static str {
        match self {
            Lang::JavaScript => "js",
            Lang::TypeScript => "ts",
        }
    }

    /// The extensions of this language's page components.
    pub fn page_exts(self) -> &'static [&'static str] {
        match self {
            Lang::JavaScript => &[".jsx"],
            Lang::TypeScript => &[".tsx", ".jsx"],
        }
    }
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
    fn each_side_is_written_in_the_language_of_its_anchor_file() {
        assert_eq!(Lang::of("src/index.ts").ext(), "ts");
        assert_eq!(Lang::of("src/admin/contexts/AuthContext.tsx"), Lang::TypeScript);
        assert_eq!(Lang::of("src/index.js").ext(), "js");
        assert_eq!(Lang::of("src/index.mjs"), Lang::JavaScript);
    }
}
