//! `rtgen init`'s plan: the socket layer for a host that has none, so that
//! `rtgen add <module>` works on it as on a host that had one.
//!
//! The layer has two halves, each planned on its own:
//! - backend: the socket server module (from a template: verified handshake,
//!   user and role rooms, the ready event, `emitTo`, the Redis adapter when
//!   `REDIS_URL` is set), its Redis helper, and its start in the server entry
//!   (`entry` patcher);
//! - front: the socket service (from a template) and its lifecycle in the
//!   AuthContext (`lifecycle` patcher).
//!
//! A half the host has already is left alone and reported; a half `init`
//! scaffolded earlier (its files start with [`crate::read::survey::MARKER`]) is completed
//! if an edit of its own is missing. `--adapter redis` adds the Redis adapter
//! to a host's own socket server (`adapter` patcher). Everything is one
//! [`Plan`], checked before anything is written.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::Serialize;

use crate::js::paths::slash;
use crate::js::paths::specifier;
use crate::js::style::Style;
use crate::patch::{adapter, entry, lifecycle};
use crate::plan::workspace::{detect_profile, Workspace};
use crate::plan::Draft;
use crate::plan::{ChangeKind, Plan};
use crate::read::commonjs::ModuleSystem;
use crate::read::host::Host;
use crate::read::profile::{scaffold_names, Profile, VerifyFunction, PROFILE_FILE};
use crate::read::survey::{self, is_scaffolded};
use crate::render::room_js;

/// A cluster adapter `init --adapter` adds to a host's own socket server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Adapter {
    Redis,
}

/// What `init` is asked to do beyond the default.
#[derive(Debug, Clone, Copy, Default)]
pub struct InitOptions {
    pub adapter: Option<Adapter>,
}

/// `init`'s plan, and what it found on the way.
#[derive(Debug)]
pub struct InitPlan {
    pub plan: Plan,
    /// What the host has already, one line each.
    pub found: Vec<String>,
    /// What the user should do or know next.
    pub notes: Vec<String>,
    /// What happens to `rtgen.yaml`.
    pub profile: ProfileState,
}

/// `rtgen.yaml` after `init`.
#[derive(Debug, Clone, PartialEq)]
pub enum ProfileState {
    /// Written by this plan.
    Written(Box<Profile>),
    /// Present and as `init` would write it.
    UpToDate,
    /// Present and different: the unified diff to what `init` detects.
    Differs(String),
}

/// The Redis helper's file name, beside the socket server.
const ADAPTER_FILE: &str = "redisAdapter.js";

/// Packages the scaffolded backend imports (besides `jsonwebtoken` when it verifies tokens itself).
const BACKEND_PACKAGES: &[&str] = &["socket.io", "@socket.io/redis-streams-adapter", "redis"];
const ADAPTER_PACKAGES: &[&str] = &["@socket.io/redis-streams-adapter", "redis"];
const FRONT_PACKAGES: &[&str] = &["socket.io-client"];

/// Plans `rtgen init` on the workspace's host.
pub fn plan_init(ws: &Workspace, options: InitOptions) -> Result<InitPlan> {
    let host = ws.host;
    let profile = &ws.profile;
    let paths = Paths::new(profile);
    let mut changes = Draft::new(ws);
    let mut found = Vec::new();
    let mut notes = Vec::new();
    if !ws.profile_from_file {
        let discovery = crate::plan::workspace::discover_profile(host)?;
        found.extend(discovery.found);
        // A missing socket client is the one `init` scaffolds.
        let missing = discovery.missing.into_iter().filter(|(key, _)| *key != "front.socketService");
        notes.extend(missing.map(|(key, what)| format!("not found: {what}; set `{key}` in `{PROFILE_FILE}`")));
        let defaults = discovery.defaults.into_iter();
        notes.extend(
            defaults.map(|(key, what)| format!("default: {what}; set `{key}` in `{PROFILE_FILE}` to name them")),
        );
    }

    // What the backend has decides what `rtgen.yaml` says, so it comes first.
    let backend = match host.read(&paths.server)? {
        Some(text) if is_scaffolded(&text) => Backend::Scaffolded,
        Some(_) => Backend::Host(paths.server.clone()),
        None => match survey::find_socket_server(host, &paths.entry)? {
            Some(path) => Backend::Host(path),
            None => Backend::Missing,
        },
    };
    if options.adapter == Some(Adapter::Redis) {
        refuse_typescript_adapter(&backend, &paths)?;
    }
    let verify = match backend {
        Backend::Host(_) => None,
        _ => survey::verify_function(host, &paths.backend_root, profile.socket.verify.as_ref())?,
    };

    let profile_state = plan_profile(ws, &paths, &backend, &mut changes)?;

    match &backend {
        Backend::Missing | Backend::Scaffolded => {
            if backend == Backend::Scaffolded {
                found.push(format!("`{}`: the socket server `rtgen init` scaffolded", slash(&paths.server)));
                if options.adapter == Some(Adapter::Redis) {
                    notes.push(format!(
                        "`{}` uses the Redis adapter whenever `REDIS_URL` is set: nothing to add",
                        slash(&paths.server)
                    ));
                }
            }
            plan_backend(ws, &paths, verify.as_ref(), &backend, &mut changes, &mut notes)?;
        }
        Backend::Host(server) => {
            found.extend(describe_host_server(ws, &paths, server, &mut notes));
            notes.extend(recovery_warning(host, server)?);
            if options.adapter == Some(Adapter::Redis) {
                plan_adapter(ws, &paths, server, &mut changes, &mut found, &mut notes)?;
            }
        }
    }
    plan_front(ws, &paths, &mut changes, &mut found, &mut notes)?;

    let plan = changes.finish();
    plan.check_javascript()?;
    Ok(InitPlan { plan, found, notes, profile: profile_state })
}

/// Where the socket layer's files are, relative to the host root.
struct Paths {
    backend_root: PathBuf,
    backend_package: PathBuf,
    front_package: PathBuf,
    server: PathBuf,
    entry: PathBuf,
    service: PathBuf,
    services_dir: PathBuf,
    auth_context: PathBuf,
}

impl Paths {
    fn new(profile: &Profile) -> Paths {
        // A side at the host root (`.`): `src/...`, not `./src/...`.
        let backend = crate::read::survey::normalize(Path::new(&profile.backend.root));
        let front = crate::read::survey::normalize(Path::new(&profile.front.root));
        Paths {
            backend_package: backend.join("package.json"),
            front_package: front.join("package.json"),
            server: backend.join(&profile.backend.socket_server),
            entry: backend.join(&profile.backend.entry),
            service: front.join(&profile.front.socket_service),
            services_dir: front.join(&profile.front.services),
            auth_context: front.join(&profile.front.auth_context),
            backend_root: backend,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Backend {
    /// No socket server anywhere: scaffold one.
    Missing,
    /// The one `init` scaffolded, at the profile's path.
    Scaffolded,
    /// The host's own, at this path.
    Host(PathBuf),
}

/// `rtgen.yaml`: written from detection when absent, else compared with it.
fn plan_profile(ws: &Workspace, paths: &Paths, backend: &Backend, changes: &mut Draft) -> Result<ProfileState> {
    let mut detected = detect_profile(ws.host)?;
    match backend {
        Backend::Host(server) if *server != paths.server => {
            // The host keeps its socket server elsewhere: say where, and read it.
            if let Ok(relative) = server.strip_prefix(&paths.backend_root) {
                detected.backend.socket_server = slash(relative);
            }
        }
        Backend::Host(_) => {}
        _ => detected.socket.verify = survey::verify_function(ws.host, &paths.backend_root, None)?,
    }
    // `socket.joins` is what refusals ask the user to set when the code does not show who a
    // socket's user is; detection never finds it, so a diff dropping it would read as drift.
    if ws.profile_from_file && detected.socket.joins.is_none() {
        detected.socket.joins = ws.profile.socket.joins.clone();
    }
    let socket = match backend {
        Backend::Host(_) => socket_comment(ws, &detected),
        _ => String::new(),
    };
    let text = format!("{}{socket}{}", detected.to_yaml(), detected_services_comment(ws, &detected)?);
    let path = Path::new(PROFILE_FILE);
    match ws.host.read(path)? {
        None => {
            changes.set(path, Some(text), ChangeKind::Spec, "")?;
            Ok(ProfileState::Written(Box::new(detected)))
        }
        Some(current) if current == text => Ok(ProfileState::UpToDate),
        Some(current) => Ok(ProfileState::Differs(crate::plan::diff::unified_diff(path, Some(&current), Some(&text)))),
    }
}

/// What rtgen reads of the host's socket layer on every run, as a comment
/// (`socket:` keys above override it), or why it cannot read it yet.
fn socket_comment(ws: &Workspace, profile: &Profile) -> String {
    match crate::read::socket_layer::read_socket_layer(ws.host, profile) {
        Ok(layer) => {
            let lines: String = layer.found.iter().map(|line| format!("#   {line}\n")).collect();
            format!(
                "# The socket layer, read from the code on every run (set `socket:` keys only to override):\n{lines}"
            )
        }
        Err(error) => {
            let first = error.to_string();
            let first = first.lines().next().unwrap_or_default().to_string();
            format!("# The socket layer cannot be read yet (see `rtgen init`'s output): {first}\n")
        }
    }
}

/// What rtgen reads from each base service on every run, as a comment: a
/// stored copy would go stale when the service changes, so `modules:` holds
/// only overrides (same fields as below).
fn detected_services_comment(ws: &Workspace, profile: &crate::read::profile::Profile) -> Result<String> {
    let dir = Path::new(&profile.backend.root).join(&profile.backend.services);
    let mut lines = Vec::new();
    // `proposalService.js`, `task.service.js`, `ticket-crud.service.ts`: the generated ones end otherwise.
    let mut files = ws.host.list(&dir, ".js")?;
    files.extend(ws.host.list(&dir, ".ts")?);
    let services = files.into_iter().filter(|p| {
        let name = p.to_string_lossy().to_lowercase();
        name.ends_with("service.js") || name.ends_with("service.ts")
    });
    for path in services {
        let text = ws.host.read(&path)?.unwrap_or_default();
        let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let line = match crate::read::detect::detect_service(&path, &text) {
            Ok(service) => {
                let export =
                    serde_json::to_value(&service.export).ok().and_then(|v| v["kind"].as_str().map(str::to_string));
                let methods: Vec<&str> = service.methods.iter().map(|m| m.name.as_str()).collect();
                format!("#   {stem}: export {}, methods {}", export.unwrap_or_default(), methods.join(", "))
            }
            Err(_) => format!("#   {stem}: not a service rtgen can read"),
        };
        lines.push(line);
    }
    // The files `add` reads the front's style from: its socket service, which
    // `init` scaffolds in the AuthContext's style when there is none yet.
    let front = &crate::read::survey::normalize(Path::new(&profile.front.root));
    let sources = [front.join(&profile.front.socket_service), front.join(&profile.front.auth_context)];
    let named = match sources[0] == sources[1] {
        // The socket created in that file: it is both.
        true => format!("from `{}`", slash(&sources[0])),
        false => format!("from `{}`, else `{}`", slash(&sources[0]), slash(&sources[1])),
    };
    let mut front_style = format!("#   front style: not read yet ({named}: neither exists)");
    for file in &sources {
        if let Some(text) = ws.host.read(file)? {
            front_style = format!("#   front style: {} ({named})", describe_style(&text));
            break;
        }
    }
    let listed: String = lines.iter().map(|l| format!("{l}\n")).collect();
    Ok(format!(
        "# Read from the code on every run (set `modules:` or `style:` above only to override):\n{listed}\
         #   backend style: each module's generated files follow its own service (or controller) file\n\
         {front_style}\n"
    ))
}

/// `double quotes, semicolons, 2 spaces, LF`.
fn describe_style(text: &str) -> String {
    use crate::js::style::{Indent, LineEnding, Quote, Style};
    let style = Style::detect(text);
    format!(
        "{} quotes, {}, {}, {}",
        if style.quote == Quote::Double { "double" } else { "single" },
        if style.semicolons { "semicolons" } else { "no semicolons" },
        match style.indent {
            Indent::Tab => "tabs".to_string(),
            Indent::Spaces(n) => format!("{n} spaces"),
        },
        if style.line_ending == LineEnding::Crlf { "CRLF" } else { "LF" },
    )
}

/// The socket server, its Redis helper, its start in the entry.
fn plan_backend(
    ws: &Workspace,
    paths: &Paths,
    verify: Option<&VerifyFunction>,
    backend: &Backend,
    changes: &mut Draft,
    notes: &mut Vec<String>,
) -> Result<()> {
    let host = ws.host;
    let profile = &ws.profile;
    let entry = host.require(
        &paths.entry,
        "the server entry, to start the socket server in",
        "set `backend.entry` in `rtgen.yaml` (relative to `backend.root`)",
    )?;
    // The socket layer is written in the entry's module system, which loads it.
    let module_system = crate::read::commonjs::module_system_of(host, &paths.entry)?;
    let layer = LayerModules::of(module_system, &paths.entry, &entry);
    let typescript = is_typescript(&paths.entry);
    if *backend == Backend::Missing {
        if typescript {
            refuse_javascript_server(paths)?;
        } else {
            refuse_other_module_system(ws, paths, module_system)?;
        }
    }
    let style = profile.style.backend.unwrap_or_else(|| Style::detect(&entry));
    let adapter_path = adapter_beside(&paths.server);

    if *backend == Backend::Missing {
        let context = ServerContext::new(profile, paths, verify, &adapter_path, layer);
        let template = match typescript {
            true => "scaffold/backend/socket_server.ts.tera",
            false => "scaffold/backend/socket_server.js.tera",
        };
        let text = render(ws, template, &context, &style)?;
        changes.set(&paths.server, Some(text), ChangeKind::Missing, "")?;
        if verify.is_none() {
            notes.push(format!(
                "`{}` verifies tokens with `jsonwebtoken` and `process.env.JWT_SECRET`: found no `verifyToken` export in `{}` (or `.ts`); to use your own function, set `socket.verify` in `rtgen.yaml` and run `rtgen init` again after deleting the file",
                slash(&paths.server),
                slash(&paths.backend_root.join("src/middleware/auth.js"))
            ));
        }
    }
    // A TypeScript server has no Redis helper: its packages' types would have to be installed
    // for the backend to type-check, and `init` cannot install them.
    if !typescript && host.read(&adapter_path)?.is_none() {
        let context = serde_json::json!({ "module_system": layer.system.as_str() });
        let text = render(ws, "scaffold/backend/redis_adapter.js.tera", &context, &style)?;
        changes.set(&adapter_path, Some(text), ChangeKind::Missing, "")?;
    }
    let patch = entry::EntryPatch {
        init: profile.socket.init.clone().unwrap_or_else(|| scaffold_names::INIT.into()),
        specifier: module_specifier(&paths.entry, &paths.server, layer.extensions),
        module_system,
    };
    changes.patched(&paths.entry, entry::add(&paths.entry, &entry, &patch)?, ChangeKind::PatchMissing, "")?;

    let mut packages: Vec<&str> = match typescript {
        true => vec!["socket.io"],
        false => BACKEND_PACKAGES.to_vec(),
    };
    if verify.is_none() && *backend == Backend::Missing {
        packages.push("jsonwebtoken");
        if typescript {
            // It ships no types: without them the server does not type-check under `strict`.
            packages.push("@types/jsonwebtoken");
        }
    }
    notes.extend(install_note(host, &paths.backend_package, &packages)?);
    Ok(())
}

/// The Redis helper's path beside `server`, with its extension when that
/// decides the module system (`.cjs`, `.mjs`), so both load alike.
fn adapter_beside(server: &Path) -> PathBuf {
    match server.extension().and_then(|e| e.to_str()) {
        Some(ext @ ("cjs" | "mjs")) => server.with_file_name(Path::new(ADAPTER_FILE).with_extension(ext)),
        _ => server.with_file_name(ADAPTER_FILE),
    }
}

/// The scaffolded server is written in the entry's module system; where
/// node would load its file in the other one (a `.js` file under
/// `"type": "module"` beside a `.cjs` entry, or the reverse), it would not
/// load: refused, with the file name that fits (and, without `rtgen.yaml`,
/// the whole profile to save, since a profile file replaces detection).
fn refuse_other_module_system(ws: &Workspace, paths: &Paths, entry_system: ModuleSystem) -> Result<()> {
    let server_system = crate::read::commonjs::module_system_of(ws.host, &paths.server)?;
    if server_system == entry_system {
        return Ok(());
    }
    let (words, ext) = match entry_system {
        ModuleSystem::CommonJs => (("CommonJS", "an ES module"), "cjs"),
        ModuleSystem::Esm => (("an ES module", "CommonJS"), "mjs"),
    };
    let relative = slash(&paths.server.strip_prefix(&paths.backend_root).unwrap_or(&paths.server).with_extension(ext));
    let help = if ws.profile_from_file {
        format!("set `backend.socketServer: {relative}` in `{PROFILE_FILE}` (relative to `backend.root`), then run `rtgen init` again")
    } else {
        let mut profile = detect_profile(ws.host)?;
        profile.backend.socket_server = relative.clone();
        let yaml: String = profile.to_yaml().lines().map(|line| format!("    {line}\n")).collect();
        format!(
            "name it `{relative}`: save this as `{PROFILE_FILE}` (what `rtgen init` detected, with `backend.socketServer: {relative}`), then run `rtgen init` again:\n{yaml}"
        )
    };
    anyhow::bail!(
        "`{}` is {}, and node would load a new `{}` as {} (its extension and the `\"type\"` in `{}`): the socket server `rtgen init` writes in the entry's module system would not load; nothing was written\n  help: {help}",
        slash(&paths.entry),
        words.0,
        slash(&paths.server),
        words.1,
        slash(&paths.backend_package),
    )
}

/// `--adapter redis` on the host's own server.
fn plan_adapter(
    ws: &Workspace,
    paths: &Paths,
    server: &Path,
    changes: &mut Draft,
    found: &mut Vec<String>,
    notes: &mut Vec<String>,
) -> Result<()> {
    let host = ws.host;
    let text = host.read(server)?.unwrap_or_default();
    let adapter_path = adapter_beside(server);
    // The helper is written, and loaded, in the server module's own system.
    let layer = LayerModules::of(crate::read::commonjs::module_system_of(host, server)?, server, &text);
    let patch = adapter::AdapterPatch {
        specifier: specifier(server, &adapter_path, layer.extensions),
        module_system: layer.system,
    };
    let added = adapter::add(server, &text, &patch).map_err(|error| {
        anyhow::anyhow!(
            "{error}\n  help: keep the socket.io server in a variable and run `rtgen init --adapter redis` again: it then writes `{}` and these lines; nothing was written",
            slash(&adapter_path)
        )
    })?;
    match added {
        adapter::Added::Changed(after) => {
            changes.set(server, Some(after), ChangeKind::PatchMissing, "")?;
            if host.read(&adapter_path)?.is_none() {
                let style = ws.profile.style.backend.unwrap_or_else(|| Style::detect(&text));
                let context = serde_json::json!({ "module_system": layer.system.as_str() });
                let helper = render(ws, "scaffold/backend/redis_adapter.js.tera", &context, &style)?;
                changes.set(&adapter_path, Some(helper), ChangeKind::Missing, "")?;
            }
            notes.extend(install_note(host, &paths.backend_package, ADAPTER_PACKAGES)?);
            notes.push(format!(
                "with `REDIS_URL` set, `{}` shares events between instances through Redis; without it, nothing changes",
                slash(server)
            ));
        }
        adapter::Added::Present => {
            found.push(format!("`{}`: calls `{}(...)` already", slash(server), adapter::ATTACH));
        }
        adapter::Added::Other(package, line) => {
            found.push(format!("`{}:{line}`: uses `{package}` already; left as it is", slash(server)));
        }
    }
    Ok(())
}

/// Whether `path` is a TypeScript file, whose socket layer `init` writes in TypeScript.
fn is_typescript(path: &Path) -> bool {
    crate::read::layout::Lang::of(path) == crate::read::layout::Lang::TypeScript
}

/// The specifier `from` imports `to` with: for a TypeScript file with
/// extensions, `./a.js` for `a.ts` (what NodeNext resolution and tsx both
/// follow), else as [`specifier`] writes it.
fn module_specifier(from: &Path, to: &Path, extensions: bool) -> String {
    if extensions && is_typescript(to) {
        return format!("{}.js", specifier(from, to, false));
    }
    specifier(from, to, extensions)
}

/// A TypeScript entry gets a TypeScript server: one named `.js` in
/// `rtgen.yaml` would not type-check under `strict` (no declaration file).
fn refuse_javascript_server(paths: &Paths) -> Result<()> {
    if is_typescript(&paths.server) {
        return Ok(());
    }
    let relative = paths.server.strip_prefix(&paths.backend_root).unwrap_or(&paths.server).with_extension("ts");
    anyhow::bail!(
        "`{}` is TypeScript and `backend.socketServer` in `{PROFILE_FILE}` names `{}`, a JavaScript file: a `.js` module in a TypeScript project does not type-check under `strict` (no declaration file); nothing was written\n  help: set `backend.socketServer: {}` in `{PROFILE_FILE}`, then run `rtgen init` again",
        slash(&paths.entry),
        slash(&paths.server),
        slash(&relative),
    )
}

/// A TypeScript front gets a TypeScript socket service (see [`refuse_javascript_server`]).
fn refuse_javascript_service(paths: &Paths) -> Result<()> {
    if !is_typescript(&paths.auth_context) || is_typescript(&paths.service) {
        return Ok(());
    }
    let front = paths.front_package.parent().unwrap_or(Path::new(""));
    let relative = paths.service.strip_prefix(front).unwrap_or(&paths.service).with_extension("ts");
    anyhow::bail!(
        "`{}` is TypeScript and `front.socketService` in `{PROFILE_FILE}` names `{}`, a JavaScript file: a `.js` module in a TypeScript project does not type-check under `strict` (no declaration file); nothing was written\n  help: set `front.socketService: {}` in `{PROFILE_FILE}`, then run `rtgen init` again",
        slash(&paths.auth_context),
        slash(&paths.service),
        slash(&relative),
    )
}

/// `--adapter redis` writes a JavaScript helper: into a TypeScript backend
/// it would not type-check, so it is refused with what to run instead.
fn refuse_typescript_adapter(backend: &Backend, paths: &Paths) -> Result<()> {
    let server = match backend {
        Backend::Host(server) => server,
        _ => &paths.entry,
    };
    if !is_typescript(server) {
        return Ok(());
    }
    anyhow::bail!(
        "`{}` is TypeScript: `rtgen init --adapter redis` writes its Redis helper in JavaScript only, which does not type-check under `strict` (no declaration file); nothing was written\n  help: run `rtgen init` without `--adapter`, then attach `@socket.io/redis-streams-adapter` to the server in `{}` yourself (`io.adapter(createAdapter(redisClient))`)",
        slash(server),
        slash(match backend {
            Backend::Host(server) => server,
            _ => &paths.server,
        }),
    )
}

/// The socket service and its lifecycle in the AuthContext.
fn plan_front(
    ws: &Workspace,
    paths: &Paths,
    changes: &mut Draft,
    found: &mut Vec<String>,
    notes: &mut Vec<String>,
) -> Result<()> {
    let host = ws.host;
    let profile = &ws.profile;
    let service = host.read(&paths.service)?;
    let binding = paths.service.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let import = specifier(&paths.auth_context, &paths.service, false);
    let auth = host.read(&paths.auth_context)?;

    if service.is_none() {
        refuse_javascript_service(paths)?;
    }
    if let Some(text) = &service {
        // A socket created inside a provider, a hook or a store: nothing to
        // initialise the modules' services on until it is a module.
        let owner = crate::read::socket_owner::find(&paths.service, text);
        if let Some(note) =
            owner.as_ref().and_then(|owner| crate::read::socket_owner::unplaced(&slash(&paths.service), owner))
        {
            notes.push(note);
            return Ok(());
        }
        // A socket created in a provider, a hook, a zustand store or a function:
        // `add` wires it where it is; there is nothing to scaffold.
        if let Some(owner) = owner.filter(crate::read::socket_owner::is_owned) {
            let line = crate::read::socket_owner::wired_note(&slash(&paths.service), &owner);
            if !found.contains(&line) {
                found.push(line);
            }
            return Ok(());
        }
        if !is_scaffolded(text) {
            // Discovery may have said so already, with how it knew.
            if !found.iter().any(|line| line.starts_with(&format!("`{}`", slash(&paths.service)))) {
                found.push(format!("`{}`: the socket service", slash(&paths.service)));
            }
            if let Some(auth) = &auth {
                let connects = crate::js::parse::with_program(&paths.auth_context, auth, |program| {
                    let local = crate::patch::default_import_of(program, &import).map(|(l, _)| l);
                    local.is_some_and(|local| lifecycle::connects(program, &local))
                })
                .unwrap_or(false);
                if connects {
                    if !found.iter().any(|line| line.starts_with(&format!("`{}`", slash(&paths.auth_context)))) {
                        found.push(format!("`{}`: connects the socket", slash(&paths.auth_context)));
                    }
                } else {
                    notes.push(format!(
                        "`{}` does not connect `{binding}` (no `{binding}.connect(...)` with its import): `rtgen add` needs the ready handler and the teardown sites there",
                        slash(&paths.auth_context)
                    ));
                }
            }
            return Ok(());
        }
        found.push(format!("`{}`: the socket service `rtgen init` scaffolded", slash(&paths.service)));
    }

    // Without an AuthContext or the server's ready event, the front half
    // cannot be scaffolded; the rest of `init` still is, and the note says why.
    let Some(auth) = auth else {
        notes.push(format!(
            "the frontend socket layer was not scaffolded: found no AuthContext (no `*Context` or `*Provider` component, and no `{}`), which is where rtgen connects the socket when a user signs in; set `front.authContext` in `rtgen.yaml` and run `rtgen init` again",
            slash(&paths.auth_context)
        ));
        return Ok(());
    };
    let ready_event = match front_ready_event(ws) {
        Ok(event) => event,
        Err(error) => {
            notes.push(format!(
                "the frontend socket layer was not scaffolded: {}",
                crate::error::describe_error(&error)
            ));
            return Ok(());
        }
    };
    let style = profile.style.front.unwrap_or_else(|| Style::detect(&auth));
    if service.is_none() {
        let front_src = paths.front_package.with_file_name("src");
        let url = survey::api_url(host, &paths.services_dir, &front_src)?.map(|url| UrlContext {
            specifier: specifier(&paths.service, &url.module, false),
            name: url.name,
            origin: url.has_path,
        });
        if url.is_none() {
            notes.push(format!(
                "found no exported API URL (`API_URL`, `API_BASE_URL`, `BASE_URL`, `BACKEND_URL`, `SERVER_URL`, `API_ORIGIN`) in `{}`: the socket connects to the page's own origin (`io()` in `{}`); pass the backend's URL to `io(...)` there when it is served from another origin",
                slash(&front_src),
                slash(&paths.service)
            ));
        }
        let context = ServiceContext { ready_event: ready_event.clone(), url };
        let template = match is_typescript(&paths.service) {
            true => "scaffold/front/socket_service.ts.tera",
            false => "scaffold/front/socket_service.js.tera",
        };
        let text = render(ws, template, &context, &style)?;
        changes.set(&paths.service, Some(text), ChangeKind::Missing, "")?;
        notes.extend(install_note(host, &paths.front_package, FRONT_PACKAGES)?);
    }

    let api = paths.services_dir.join("api.js");
    let api_text = host.read(&api)?.unwrap_or_default();
    let token = survey::token_getter(&[(&paths.auth_context, &auth), (&api, &api_text)]).unwrap_or_else(|| {
        notes.push(format!(
            "found no `localStorage.getItem(\"...token...\")` in `{}`: the socket reads its token with `localStorage.getItem(\"token\")`; change it there if your app keeps it elsewhere",
            slash(&paths.auth_context)
        ));
        "localStorage.getItem(\"token\")".to_string()
    });
    let patch = lifecycle::LifecyclePatch { binding, specifier: import, ready_event, token };
    let added = lifecycle::add(&paths.auth_context, &auth, &patch)?;
    notes.extend(added.notes);
    changes.patched(&paths.auth_context, added.outcome, ChangeKind::PatchMissing, "")
}

/// The event the frontend initialises on: the host server's, or the one the
/// server `init` scaffolds sends.
fn front_ready_event(ws: &Workspace) -> Result<String> {
    let server = ws.host.read(&Paths::new(&ws.profile).server)?;
    if server.as_deref().is_some_and(is_scaffolded) {
        return Ok(ws.profile.socket.ready_event.clone().unwrap_or_else(|| scaffold_names::READY_EVENT.into()));
    }
    match ws.socket() {
        Ok(layer) => Ok(layer.ready_event.clone()),
        // No server at all: `init` scaffolds one, which sends its own.
        Err(_)
            if server.is_none() && survey::find_socket_server(ws.host, &Paths::new(&ws.profile).entry)?.is_none() =>
        {
            Ok(ws.profile.socket.ready_event.clone().unwrap_or_else(|| scaffold_names::READY_EVENT.into()))
        }
        Err(error) => Err(error.context("the frontend socket service must initialise on the server's ready event")),
    }
}

/// What a host's own socket server offers, for the report: what was read,
/// or why it cannot be read and the key to set.
fn describe_host_server(ws: &Workspace, _paths: &Paths, server: &Path, notes: &mut Vec<String>) -> Vec<String> {
    match ws.socket() {
        Ok(layer) => layer.found.clone(),
        Err(error) => {
            notes.push(format!("`rtgen add` cannot work with `{}` yet: {error}", slash(server)));
            vec![format!("`{}`: creates the socket.io server", slash(server))]
        }
    }
}

/// A note when the host's server enables connection state recovery without
/// `skipMiddlewares: false`: recovered sockets would skip its auth.
fn recovery_warning(host: &Host, server: &Path) -> Result<Option<String>> {
    let Some(text) = host.read(server)? else { return Ok(None) };
    let at = crate::js::parse::with_program(server, &text, survey::recovery_skipping_auth).unwrap_or(None);
    Ok(at.map(|offset| {
        let (line, _) = crate::js::parse::line_col(&text, offset);
        format!(
            "`{}:{line}`: `connectionStateRecovery` without `skipMiddlewares: false`: socket.io skips the auth middleware of recovered sockets; add `skipMiddlewares: false`",
            slash(server)
        )
    }))
}

/// "install these" when `package.json` lacks some of `packages`.
fn install_note(host: &Host, package_json: &Path, packages: &[&str]) -> Result<Option<String>> {
    let text = host.read(package_json)?;
    let missing = survey::missing_dependencies(text.as_deref(), packages);
    if missing.is_empty() {
        return Ok(None);
    }
    let dir = package_json.parent().map(slash).unwrap_or_default();
    Ok(Some(format!(
        "`{}` lacks packages the new code imports: run `npm install {}` in `{dir}`",
        slash(package_json),
        missing.join(" ")
    )))
}

/// Renders a scaffold template in `style`.
fn render(ws: &Workspace, name: &str, context: &impl Serialize, style: &Style) -> Result<String> {
    let context = tera::Context::from_serialize(context).context("render context")?;
    ws.templates.render(name, &context, style)
}

#[derive(Serialize)]
struct ServerContext {
    init: String,
    ready_event: String,
    /// `user:${id}` and `role:${role}`, for the room helpers.
    user_room_js: String,
    role_room_js: String,
    /// `user:${user.id}` and `role:${role}`, for the joins.
    join_user_room_js: String,
    join_role_room_js: String,
    verify: VerifyContext,
    adapter_specifier: String,
    /// `esm` or `commonjs`: the entry's, which loads this module.
    module_system: &'static str,
}

/// How the scaffolded backend modules load each other: in the entry's module
/// system, and for CommonJS with or without the file extension as the
/// entry's own `require`s are written (ES modules need it).
#[derive(Debug, Clone, Copy)]
struct LayerModules {
    system: ModuleSystem,
    extensions: bool,
}

impl LayerModules {
    fn of(system: ModuleSystem, entry: &Path, text: &str) -> LayerModules {
        let extensions = match system {
            // TypeScript: `./a.js` (NodeNext) or `./a` (bundler resolution, tsx), as the entry writes them.
            ModuleSystem::Esm if is_typescript(entry) => survey::writes_extensions(entry, text).unwrap_or(true),
            ModuleSystem::Esm => true,
            ModuleSystem::CommonJs => survey::writes_extensions(entry, text).unwrap_or(true),
        };
        LayerModules { system, extensions }
    }
}

#[derive(Serialize)]
struct VerifyContext {
    /// The module to import it from; none: `jsonwebtoken` in the template.
    specifier: Option<String>,
    /// What goes between `import` and `from`.
    clause: String,
    /// What goes between `const` and `= require(...)`.
    require_clause: String,
    /// The local name the template calls.
    name: String,
}

/// Names the socket server template binds itself.
const TEMPLATE_NAMES: &[&str] = &[
    "Server",
    "jwt",
    "attachRedisAdapter",
    "RECOVERY_WINDOW_MS",
    "userRoom",
    "roleRoom",
    "io",
    "authenticate",
    "getIO",
    "isName",
    "emitTo",
];

impl ServerContext {
    fn new(
        profile: &Profile,
        paths: &Paths,
        verify: Option<&VerifyFunction>,
        adapter: &Path,
        layer: LayerModules,
    ) -> ServerContext {
        let socket = &profile.socket;
        let init = socket.init.clone().unwrap_or_else(|| scaffold_names::INIT.into());
        let user_room = socket.user_room.clone().unwrap_or_else(|| scaffold_names::USER_ROOM.into());
        let role_room = socket.role_room.clone().unwrap_or_else(|| scaffold_names::ROLE_ROOM.into());
        let verify = match verify {
            None => VerifyContext {
                specifier: None,
                clause: String::new(),
                require_clause: String::new(),
                name: "verifyToken".into(),
            },
            Some(v) => {
                let module = paths.backend_root.join(&v.module);
                let reserved = TEMPLATE_NAMES.contains(&v.export.as_str()) || v.export == init;
                let clause = match v.export.as_str() {
                    "default" => "verifyToken".to_string(),
                    export if reserved => format!("{{ {export} as verifyToken }}"),
                    export => format!("{{ {export} }}"),
                };
                let require_clause = match v.export.as_str() {
                    "default" => "verifyToken".to_string(),
                    export if reserved => format!("{{ {export}: verifyToken }}"),
                    export => format!("{{ {export} }}"),
                };
                let name = if v.export == "default" || reserved { "verifyToken".into() } else { v.export.clone() };
                VerifyContext {
                    specifier: Some(module_specifier(&paths.server, &module, layer.extensions)),
                    clause,
                    require_clause,
                    name,
                }
            }
        };
        ServerContext {
            ready_event: socket.ready_event.clone().unwrap_or_else(|| scaffold_names::READY_EVENT.into()),
            user_room_js: room_js(&user_room, "{id}", "id"),
            role_room_js: room_js(&role_room, "{role}", "role"),
            join_user_room_js: room_js(&user_room, "{id}", "user.id"),
            join_role_room_js: room_js(&role_room, "{role}", "role"),
            init,
            verify,
            adapter_specifier: specifier(&paths.server, adapter, layer.extensions),
            module_system: layer.system.as_str(),
        }
    }
}

#[derive(Serialize)]
struct ServiceContext {
    ready_event: String,
    url: Option<UrlContext>,
}

#[derive(Serialize)]
struct UrlContext {
    name: String,
    specifier: String,
    /// Connect to the URL's origin: its definition ends in a path (`/api`).
    origin: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::js::style::{Indent, LineEnding, Quote};
    use crate::render::Templates;

    const ESM: LayerModules = LayerModules { system: ModuleSystem::Esm, extensions: true };
    const COMMONJS: LayerModules = LayerModules { system: ModuleSystem::CommonJs, extensions: false };

    fn render_all(verify: Option<&VerifyFunction>, style: &Style) -> Vec<(&'static str, String)> {
        render_in(verify, style, ESM)
    }

    fn render_in(verify: Option<&VerifyFunction>, style: &Style, layer: LayerModules) -> Vec<(&'static str, String)> {
        let templates = Templates::new(&[]).unwrap();
        let profile = Profile::default();
        let paths = Paths::new(&profile);
        let adapter = Path::new("backend/src/socket/redisAdapter.js");
        let server = ServerContext::new(&profile, &paths, verify, adapter, layer);
        let system =
            tera::Context::from_serialize(serde_json::json!({ "module_system": layer.system.as_str() })).unwrap();
        let service = ServiceContext {
            ready_event: "connection:ready".into(),
            url: Some(UrlContext { name: "API_URL".into(), specifier: "./api".into(), origin: false }),
        };
        let render =
            |name: &'static str, context: tera::Context| (name, templates.render(name, &context, style).unwrap());
        vec![
            render("scaffold/backend/socket_server.js.tera", tera::Context::from_serialize(&server).unwrap()),
            render("scaffold/backend/redis_adapter.js.tera", system),
            render("scaffold/front/socket_service.js.tera", tera::Context::from_serialize(&service).unwrap()),
        ]
    }

    #[test]
    fn templates_render_valid_javascript_in_any_host_style() {
        let styles = [
            Style::default(),
            Style { quote: Quote::Single, semicolons: false, indent: Indent::Spaces(4), line_ending: LineEnding::Crlf },
            Style { quote: Quote::Single, semicolons: true, indent: Indent::Tab, line_ending: LineEnding::Lf },
        ];
        for style in styles {
            for (name, text) in render_all(None, &style) {
                crate::js::parse::check(Path::new("x.js"), &text).unwrap_or_else(|e| panic!("{name}: {e}\n{text}"));
                assert!(survey::is_scaffolded(&text), "{name} lacks the marker");
            }
        }
    }

    #[test]
    fn typescript_templates_render_valid_typescript_in_any_host_style() {
        let templates = Templates::new(&[]).unwrap();
        let profile = Profile::default();
        let paths = Paths::new(&profile);
        let adapter = Path::new("backend/src/socket/redisAdapter.js");
        let host = VerifyFunction { module: "src/middleware/auth.ts".into(), export: "verifyToken".into() };
        let styles = [
            Style::default(),
            Style { quote: Quote::Single, semicolons: false, indent: Indent::Spaces(4), line_ending: LineEnding::Crlf },
            Style { quote: Quote::Single, semicolons: true, indent: Indent::Tab, line_ending: LineEnding::Lf },
        ];
        for style in styles {
            for verify in [None, Some(&host)] {
                let server = ServerContext::new(&profile, &paths, verify, adapter, ESM);
                let context = tera::Context::from_serialize(&server).unwrap();
                let text = templates.render("scaffold/backend/socket_server.ts.tera", &context, &style).unwrap();
                crate::js::parse::check(Path::new("x.ts"), &text).unwrap_or_else(|e| panic!("{e}\n{text}"));
                assert!(survey::is_scaffolded(&text), "the server lacks the marker");
            }
            let service = ServiceContext { ready_event: "connection:ready".into(), url: None };
            let context = tera::Context::from_serialize(&service).unwrap();
            let text = templates.render("scaffold/front/socket_service.ts.tera", &context, &style).unwrap();
            crate::js::parse::check(Path::new("x.ts"), &text).unwrap_or_else(|e| panic!("{e}\n{text}"));
            assert!(text.contains("io({"), "{text}");
        }
    }

    #[test]
    fn typescript_imports_name_the_emitted_file() {
        let (from, to) = (Path::new("backend/src/index.ts"), Path::new("backend/src/socket/socketServer.ts"));
        assert_eq!(module_specifier(from, to, true), "./socket/socketServer.js");
        assert_eq!(module_specifier(from, to, false), "./socket/socketServer");
        assert_eq!(module_specifier(Path::new("a/index.js"), Path::new("a/b.js"), true), "./b.js");
    }

    #[test]
    fn server_verifies_with_jsonwebtoken_or_the_host_function() {
        let own = render_all(None, &Style::default()).remove(0).1;
        assert!(own.contains("import jwt from \"jsonwebtoken\";"), "{own}");
        assert!(own.contains("const verifyToken = (token) => jwt.verify(token, process.env.JWT_SECRET);"), "{own}");
        let host = VerifyFunction { module: "src/middleware/auth.js".into(), export: "verifyToken".into() };
        let text = render_all(Some(&host), &Style::default()).remove(0).1;
        assert!(text.contains("import { verifyToken } from \"../middleware/auth.js\";"), "{text}");
        assert!(!text.contains("jsonwebtoken"), "{text}");
        // A name the template uses itself is imported under another.
        let clash = VerifyFunction { module: "src/auth.js".into(), export: "authenticate".into() };
        let text = render_all(Some(&clash), &Style::default()).remove(0).1;
        assert!(text.contains("import { authenticate as verifyToken } from \"../auth.js\";"), "{text}");
        assert!(text.contains("const user = await verifyToken(token);"), "{text}");
    }

    #[test]
    fn commonjs_layer_requires_and_exports_with_module_exports() {
        let style =
            Style { quote: Quote::Single, semicolons: false, indent: Indent::Spaces(4), line_ending: LineEnding::Lf };
        for style in [Style::default(), style] {
            let host = VerifyFunction { module: "src/middleware/auth.js".into(), export: "verifyToken".into() };
            for verify in [None, Some(&host)] {
                let rendered = render_in(verify, &style, COMMONJS);
                for (name, text) in &rendered[..2] {
                    crate::js::parse::check(Path::new("x.js"), text).unwrap_or_else(|e| panic!("{name}: {e}\n{text}"));
                    assert!(survey::is_commonjs(Path::new("x.js"), text), "{name} is not CommonJS:\n{text}");
                    assert!(!text.contains("import {") && !text.contains("export "), "{name}:\n{text}");
                    assert!(survey::is_scaffolded(text), "{name} lacks the marker");
                }
            }
        }
        let server = render_in(None, &Style::default(), COMMONJS).remove(0).1;
        assert!(server.contains("const jwt = require(\"jsonwebtoken\");"), "{server}");
        assert!(server.contains("const { attachRedisAdapter } = require(\"./redisAdapter\");"), "{server}");
        assert!(server.ends_with("\n\nmodule.exports = { initSocketServer, getIO, emitTo };\n"), "{server}");
        let host = VerifyFunction { module: "src/middleware/auth.js".into(), export: "verifyToken".into() };
        let text = render_in(Some(&host), &Style::default(), COMMONJS).remove(0).1;
        assert!(text.contains("const { verifyToken } = require(\"../middleware/auth\");"), "{text}");
        let clash = VerifyFunction { module: "src/auth.js".into(), export: "authenticate".into() };
        let text = render_in(Some(&clash), &Style::default(), COMMONJS).remove(0).1;
        assert!(text.contains("const { authenticate: verifyToken } = require(\"../auth\");"), "{text}");
        let adapter = render_in(None, &Style::default(), COMMONJS).remove(1).1;
        assert!(adapter.ends_with("};\n\nmodule.exports = { attachRedisAdapter };\n"), "{adapter}");
        let esm = render_all(None, &Style::default()).remove(1).1;
        assert!(esm.ends_with("  return client;\n};\n") && esm.contains("export const attachRedisAdapter"), "{esm}");
    }

    #[test]
    fn room_templates_become_template_literals() {
        assert_eq!(room_js("user:{id}", "{id}", "user.id"), "`user:${user.id}`");
        assert_eq!(room_js("org/`{role}`", "{role}", "role"), "`org/\\`${role}\\``");
    }
}
