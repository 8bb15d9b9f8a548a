//! The project profile, `rtgen.yaml` at the host root: where the host keeps
//! things and how its socket layer works. `rtgen init` writes it from what
//! `detect` finds; without the file, the same detection runs on every call.
//! Every field is optional in the file; what is absent is detected.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::js::style::Style;

/// The profile file's name at the host root.
pub const PROFILE_FILE: &str = "rtgen.yaml";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase", default)]
pub struct Profile {
    /// Folder of the module specs, relative to the host root.
    pub specs: String,
    pub backend: BackendPaths,
    pub front: FrontPaths,
    #[serde(skip_serializing_if = "SocketProfile::is_empty")]
    pub socket: SocketProfile,
    /// Roles the project knows; specs naming another role are refused.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub roles: Option<Vec<String>>,
    /// Overrides of the style detected from the host's files.
    #[serde(skip_serializing_if = "StyleOverrides::is_empty")]
    pub style: StyleOverrides,
    /// How the host names its service, controller and page files
    /// (`{module}.service`); absent keys keep the defaults.
    #[serde(skip_serializing_if = "NamePatterns::is_empty")]
    pub names: NamePatterns,
    /// Per-module overrides of what is read from each base service.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub modules: BTreeMap<String, ModuleProfile>,
}

/// File-name patterns of the host's own files, each with one placeholder:
/// `{module}` (camelCase: `workOrder`), `{Module}` (`WorkOrder`),
/// `{modules}`/`{Modules}` (the plural), `{module:kebab}` (`work-order`),
/// `{modules:kebab}`, `{module:snake}`, `{modules:snake}`. `rtgen init`
/// reads them from the existing files; a module's spec can still name one
/// file (`names.service`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct NamePatterns {
    /// A base service's file name without extension; default `{module}Service`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service: Option<String>,
    /// A controller's file name without extension; default `{module}Controller`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub controller: Option<String>,
    /// A page's file name with its extension; default `{Modules}.jsx`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<String>,
}

impl NamePatterns {
    pub const DEFAULT_SERVICE: &'static str = "{module}Service";
    pub const DEFAULT_CONTROLLER: &'static str = "{module}Controller";
    pub const DEFAULT_PAGE: &'static str = "{Modules}.jsx";

    fn is_empty(&self) -> bool {
        *self == NamePatterns::default()
    }

    pub fn service(&self) -> &str {
        self.service.as_deref().unwrap_or(Self::DEFAULT_SERVICE)
    }

    pub fn controller(&self) -> &str {
        self.controller.as_deref().unwrap_or(Self::DEFAULT_CONTROLLER)
    }

    pub fn page(&self) -> &str {
        self.page.as_deref().unwrap_or(Self::DEFAULT_PAGE)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase", default)]
pub struct BackendPaths {
    pub root: String,
    pub events: String,
    pub services: String,
    pub controllers: String,
    pub entry: String,
    pub socket_server: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase", default)]
pub struct FrontPaths {
    pub root: String,
    pub services: String,
    pub auth_context: String,
    pub pages: String,
    pub socket_service: String,
    /// The toast module (exporting `toast` with `info`); none: no toasts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub toast: Option<String>,
}

/// The socket layer, as far as the code does not tell it (or tells it
/// wrong). Every key is optional: what is absent is read from the socket
/// server on every run.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase", default)]
pub struct SocketProfile {
    /// The function start-up calls to create the socket.io server and keep
    /// what it returns (`initSocketServer`), or `new Server` when the entry
    /// creates it itself; rtgen then passes it on with `<module>Events.initialize(io)`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub init: Option<String>,
    /// How generated emitters reach the server instead: an expression over an
    /// export of the socket server module, e.g. `socketServer.getIO()`, `getIO()`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub io: Option<String>,
    /// The event the server sends when a socket is authenticated and in its
    /// rooms; the frontend initialises module services on it (`connect` when
    /// the server sends none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ready_event: Option<String>,
    /// The room of one user; `{id}` is the user id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_room: Option<String>,
    /// The room of one role; `{role}` is the role.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role_room: Option<String>,
    /// Where the user is on a connected socket, when rtgen does not read it
    /// from the host's auth: its id, role and tenant; rtgen's runtime joins
    /// its own rooms from them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub joins: Option<JoinsProfile>,
    /// How a socket server scaffolded by `rtgen init` verifies the handshake
    /// token: a function the backend exports. Absent: `init` looks for
    /// `verifyToken` in `src/middleware/auth.js`, else the server verifies
    /// with `jsonwebtoken` and `process.env.JWT_SECRET`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verify: Option<VerifyFunction>,
}

impl SocketProfile {
    fn is_empty(&self) -> bool {
        *self == SocketProfile::default()
    }
}

/// Where the user is on a connected socket, as expressions on `socket`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct JoinsProfile {
    /// The user id, e.g. `socket.user.id`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,
    /// The user's role, e.g. `socket.user.role`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// The user's tenant, e.g. `socket.user.organizationId`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenant: Option<String>,
}

/// The names a socket server scaffolded by `rtgen init` uses: rtgen writes
/// that server, so they are its own, not a guess about the host's.
pub mod scaffold_names {
    pub const INIT: &str = "initSocketServer";
    pub const READY_EVENT: &str = "connection:ready";
    pub const USER_ROOM: &str = "user:{id}";
    pub const ROLE_ROOM: &str = "role:{role}";
}

/// A token-verifying function of the backend: given the JWT, it returns the
/// user (with `id` and `role` or `roles`) or throws.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct VerifyFunction {
    /// The module, relative to the backend root, e.g. `src/middleware/auth.js`.
    pub module: String,
    /// Its export, e.g. `verifyToken` (`default` for the default export).
    pub export: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct StyleOverrides {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backend: Option<Style>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub front: Option<Style>,
}

impl StyleOverrides {
    fn is_empty(&self) -> bool {
        self.backend.is_none() && self.front.is_none()
    }
}

/// How a module's base service is exported, and its methods.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ModuleProfile {
    pub export: ServiceExport,
    pub methods: Vec<Method>,
}

/// The shapes a service module takes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "camelCase", deny_unknown_fields)]
pub enum ServiceExport {
    /// `export default new ProposalService();`
    DefaultInstance,
    /// `export default class ProposalService {}`
    DefaultClass,
    /// `export class ContractService {}`
    NamedClass { name: String },
    /// `export class ContractService {}` and `export default new ContractService()`.
    NamedClassAndInstance { name: String },
    /// `export const proposalService = new ProposalService();`
    NamedInstance { name: String },
    /// `export default { async createProposal() {} }`
    DefaultObject,
    /// `export async function createProposal() {}` and friends.
    Functions,
}

/// A service method and its parameter names.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Method {
    pub name: String,
    #[serde(default)]
    pub params: Vec<String>,
    /// A class field holding a function (`create = async () => {}`): an
    /// instance property, which a subclass's method cannot override.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub field: bool,
    /// Where a class field is declared (1-based line), for messages; 0 otherwise.
    #[serde(skip)]
    pub line: usize,
}

impl Default for Profile {
    fn default() -> Self {
        Profile {
            specs: "realtime".into(),
            backend: BackendPaths::default(),
            front: FrontPaths::default(),
            socket: SocketProfile::default(),
            roles: None,
            style: StyleOverrides::default(),
            names: NamePatterns::default(),
            modules: BTreeMap::new(),
        }
    }
}

impl Default for BackendPaths {
    fn default() -> Self {
        BackendPaths {
            root: "backend".into(),
            events: "src/socket/events".into(),
            services: "src/services".into(),
            controllers: "src/controllers".into(),
            entry: "src/index.js".into(),
            socket_server: "src/socket/socketServer.js".into(),
        }
    }
}

impl Default for FrontPaths {
    fn default() -> Self {
        FrontPaths {
            root: "front".into(),
            services: "src/admin/services".into(),
            auth_context: "src/admin/contexts/AuthContext.jsx".into(),
            pages: "src/admin/pages".into(),
            socket_service: "src/admin/services/socketService.js".into(),
            // Only a toast module found in the code (or named here) is imported.
            toast: None,
        }
    }
}

impl Profile {
    /// Parses `rtgen.yaml`; absent keys keep their defaults. `Err(None)`:
    /// the file is larger, or expands to more, than rtgen reads
    /// ([`crate::read::limits`]).
    pub fn from_yaml(text: &str) -> Result<Profile, Option<serde_yaml::Error>> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        if text.trim().is_empty() {
            return Ok(Profile::default());
        }
        crate::read::limits::check_expansion(text).map_err(|_| None)?;
        serde_yaml::from_str(text).map_err(Some)
    }

    /// Refuses a path key that leaves the project root (absolute, `..`) or
    /// holds characters no import or comment can carry, and a function name
    /// that is no identifier: they end up in generated code.
    pub fn check_confined(&self) -> anyhow::Result<()> {
        use crate::read::confine::check_relative;
        let (b, f) = (&self.backend, &self.front);
        let mut paths: Vec<(&str, &str)> = vec![
            ("specs", &self.specs),
            ("backend.root", &b.root),
            ("backend.events", &b.events),
            ("backend.services", &b.services),
            ("backend.controllers", &b.controllers),
            ("backend.entry", &b.entry),
            ("backend.socketServer", &b.socket_server),
            ("front.root", &f.root),
            ("front.services", &f.services),
            ("front.authContext", &f.auth_context),
            ("front.pages", &f.pages),
            ("front.socketService", &f.socket_service),
        ];
        if let Some(toast) = &f.toast {
            paths.push(("front.toast", toast));
        }
        if let Some(verify) = &self.socket.verify {
            paths.push(("socket.verify.module", &verify.module));
        }
        for (key, value) in paths {
            check_relative(key, value)?;
        }
        let patterns =
            [("service", &self.names.service), ("controller", &self.names.controller), ("page", &self.names.page)];
        for (key, pattern) in patterns {
            let Some(pattern) = pattern else { continue };
            if let Some(problem) = crate::read::names::pattern_problem(pattern, key == "page") {
                anyhow::bail!(
                    "`{PROFILE_FILE}`: `names.{key}`: {problem}\n  help: write the file name with the module's place marked, such as `names.{key}: \"{}\"`",
                    match key {
                        "service" => "{module}.service",
                        "controller" => "{modules}.controller",
                        _ => "{Modules}Page.jsx",
                    }
                );
            }
        }
        // Expressions written into generated code: chains of names only.
        let joins = self.socket.joins.as_ref();
        let expressions = [
            (
                "socket.io",
                self.socket.io.as_deref(),
                None,
                "an export of the socket server module that gives the server, such as `getIO()` or `socketServer.io`",
            ),
            (
                "socket.joins.user",
                joins.and_then(|j| j.user.as_deref()),
                Some("socket"),
                "the user id on the connected socket, such as `socket.user.id`",
            ),
            (
                "socket.joins.role",
                joins.and_then(|j| j.role.as_deref()),
                Some("socket"),
                "the user's role on the connected socket, such as `socket.user.role`",
            ),
        ];
        for (key, value, root, example) in expressions {
            let Some(value) = value else { continue };
            if let Some(problem) = crate::read::expression::chain_problem(value, root) {
                anyhow::bail!(
                    "`{PROFILE_FILE}`: `{key}: {value}` {problem}\n  help: write {example}: a name, then `.name` or a call without arguments"
                );
            }
        }
        let names = [("socket.init", self.socket.init.as_deref())];
        let verify = self.socket.verify.as_ref().map(|v| v.export.as_str()).filter(|e| *e != "default");
        for (key, name) in names.into_iter().chain([("socket.verify.export", verify)]) {
            if let Some(name) = name.filter(|n| !crate::read::names::is_identifier(n) && *n != "new Server") {
                anyhow::bail!(
                    "`{PROFILE_FILE}`: `{key}: {name}` is not a JavaScript identifier\n  help: name the function, such as `initSocketServer`"
                );
            }
        }
        Ok(())
    }

    pub fn to_yaml(&self) -> String {
        let body = serde_yaml::to_string(self).expect("a profile serializes");
        format!("# rtgen project profile: where this project keeps things and how its socket layer works.\n# Written by `rtgen init`; edit freely.\n{body}")
    }
}
