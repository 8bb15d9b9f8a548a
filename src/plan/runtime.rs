//! rtgen's runtime: one generated module per backend (`realtime.js` beside
//! the events folder, in the backend's module system and language), the
//! only generated code that touches socket.io, and its one start-up line
//! where the host creates the server. Planned with every `add`, `check` and
//! `remove` for the modules the plan keeps; the last `remove` takes both
//! out. A generated file like the others: a header with a hash, refused when
//! edited by hand unless forced.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use serde::Serialize;

use super::draft::{plan_generated, Draft};
use super::load::{spec_modules, ModuleInput};
use crate::js::header::{inspect, with_shared_header_eol, Comment, HeaderState};
use crate::js::paths::specifier;
use crate::js::style::Style;
use crate::patch;
use crate::plan::socket_auth::{plan_socket_auth, read_socket_auth, remove_front, FrontSend, SocketAuthPlan};
use crate::plan::workspace::Workspace;
use crate::plan::{ChangeKind, Conflict, ConflictReason};
use crate::read::commonjs::ModuleSystem;
use crate::read::layout::{Lang, ModulePaths};
use crate::read::names::ModuleNames;
use crate::read::socket_layer::SocketLayer;
use crate::render::socket_auth::Lang as AuthLang;

/// The file rtgen's socket auth is generated into, beside the runtime.
pub const AUTH_STEM: &str = "realtimeAuth";

/// What the runtime's template gets.
#[derive(Debug, Serialize)]
struct RuntimeContext {
    module_system: &'static str,
    identity: IdentityContext,
}

#[derive(Debug, Serialize)]
struct IdentityContext {
    /// JS expressions over the connected `socket`; none: the socket does not carry it.
    id_js: String,
    role_js: Option<String>,
    tenant_js: Option<String>,
    source: String,
    generated: bool,
    auth_specifier: String,
}

/// `socket.user.id` -> `socket.user?.id`: a socket the host's auth did not
/// identify has no user object, and reads as no one.
fn optional_chain(path: &str) -> String {
    let parts: Vec<&str> = path.split('.').collect();
    // `socket.data` and `socket.request` always exist: what hangs off them may not.
    let plain = match parts.get(1) {
        Some(&("data" | "request")) => 3,
        _ => 2,
    };
    let mut out = String::new();
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            out.push_str(if i < plain { "." } else { "?." });
        }
        out.push_str(part);
    }
    out
}

#[cfg(test)]
#[test]
fn optional_chain_reads_a_socket_with_no_user_as_no_one() {
    assert_eq!(optional_chain("socket.user.id"), "socket.user?.id");
    assert_eq!(optional_chain("socket.userId"), "socket.userId");
    assert_eq!(optional_chain("socket.data.user.id"), "socket.data.user?.id");
    assert_eq!(optional_chain("socket.request.user"), "socket.request.user");
    assert_eq!(optional_chain("socket.request.user.role"), "socket.request.user?.role");
}

/// The runtime's path for `ws`'s backend.
pub(crate) fn runtime_path(ws: &Workspace) -> PathBuf {
    let names = ModuleNames::new(&serde_yaml::from_str("module: realtime\nevents: []\n").expect("a literal spec"));
    ModulePaths::new(&ws.profile, &names).runtime
}

/// Renders the runtime for `socket`, in `module_system` and the language of `path`.
pub(crate) fn render_runtime(
    ws: &Workspace,
    socket: &SocketLayer,
    path: &Path,
    module_system: ModuleSystem,
    imports_with_extension: bool,
    style: &Style,
) -> Result<String> {
    let identity = &socket.identity;
    let expression = |path: Option<&String>| path.map(|p| optional_chain(p));
    for expr in [Some(&identity.id), identity.role.as_ref(), identity.tenant.as_ref()].into_iter().flatten() {
        if !expr.starts_with("socket.") {
            bail!(
                "`rtgen.yaml`: `socket.joins` names `{expr}`, which is not on the connected socket\n  help: write it from `socket.`, e.g. `socket.user.id`"
            );
        }
    }
    let lang = Lang::of(path);
    let auth = path.with_file_name(format!("{AUTH_STEM}.{}", lang.ext()));
    let mut auth_specifier = specifier(path, &auth, imports_with_extension);
    if module_system == ModuleSystem::CommonJs {
        if let Some(stem) = auth_specifier.strip_suffix(".js") {
            auth_specifier = stem.to_string();
        }
    }
    let context = RuntimeContext {
        module_system: module_system.as_str(),
        identity: IdentityContext {
            id_js: optional_chain(&identity.id),
            role_js: expression(identity.role.as_ref()),
            tenant_js: expression(identity.tenant.as_ref()),
            source: identity.source.clone(),
            generated: identity.generated,
            auth_specifier,
        },
    };
    let template = match lang {
        Lang::TypeScript => "backend/realtime.ts.tera",
        Lang::JavaScript => "backend/realtime.js.tera",
    };
    let context = tera::Context::from_serialize(&context).context("runtime context")?;
    ws.templates.render(template, &context, style)
}

/// Whether any module keeps its events file in the draft: `inputs`, or
/// another module with a spec.
fn any_module_kept(ws: &Workspace, draft: &Draft, inputs: &[ModuleInput]) -> Result<Vec<String>> {
    let mut kept = Vec::new();
    for input in inputs {
        if draft.current(&input.paths.events)?.is_some() {
            kept.push(input.names.camel.clone());
        }
    }
    for spec in spec_modules(ws)? {
        if inputs.iter().any(|i| i.loaded.path == spec) {
            continue;
        }
        let text = ws.host.read(&spec)?.unwrap_or_default();
        let Ok(loaded) = crate::read::spec::load_spec(&spec, &text) else { continue };
        if crate::read::spec::validate_module_name(&loaded).is_err() {
            continue;
        }
        let names = ModuleNames::with_patterns(&loaded.spec, &ws.profile.names);
        if draft.current(&ModulePaths::new(&ws.profile, &names).events)?.is_some() {
            kept.push(names.camel.clone());
        }
    }
    kept.sort();
    kept.dedup();
    Ok(kept)
}

/// Plans the runtime and its start-up line for the modules the plan keeps,
/// or their removal when it keeps none.
pub(super) fn plan_runtime(ws: &Workspace, draft: &mut Draft, inputs: &[ModuleInput], force: bool) -> Result<()> {
    let path = runtime_path(ws);
    let kept = any_module_kept(ws, draft, inputs)?;
    if kept.is_empty() {
        return remove_runtime(ws, draft, &path, force);
    }
    let socket = ws.socket()?;
    let owners = kept.join(" ");
    let server_text = draft.current(&socket.server)?.unwrap_or_default();
    let module_system = socket.module_system;
    let imports_with_extension = match crate::read::survey::writes_extensions(&socket.server, &server_text) {
        Some(found) => found,
        None => module_system == ModuleSystem::Esm,
    };
    let style = match ws.profile.style.backend {
        Some(style) => style,
        None => Style::detect(&server_text),
    };
    let body = render_runtime(ws, socket, &path, module_system, imports_with_extension, &style)?;
    let body = match module_system == ModuleSystem::CommonJs
        && crate::read::commonjs::uses_strict(&socket.server, &server_text)
    {
        true => format!("{}{body}", crate::read::commonjs::use_strict_line(&style)),
        false => body,
    };
    let desired = with_shared_header_eol(Comment::Slash, &body, &ws.profile.specs, &owners, style.line_ending.as_str());
    plan_generated(draft, &path, desired, &owners, force)?;
    if let Some(auth) = socket_auth(ws, socket, &path)? {
        let desired =
            with_shared_header_eol(Comment::Slash, &auth.text, &ws.profile.specs, &owners, style.line_ending.as_str());
        plan_generated(draft, &auth.file, desired, &owners, force)?;
        plan_front_credential(ws, draft, auth.front, &owners)?;
    }
    let outcome = patch::attach::add(&socket.server, &server_text, &attach_patch(socket, &path, &server_text))?;
    draft.patched(&socket.server, outcome, ChangeKind::PatchMissing, &owners)
}

/// rtgen's socket auth where the host's sockets carry no authenticated user:
/// planned from the HTTP API's auth, or the refusal saying why it cannot be.
pub(crate) fn socket_auth(ws: &Workspace, socket: &SocketLayer, runtime: &Path) -> Result<Option<SocketAuthPlan>> {
    if socket.unauthenticated.is_none() {
        return Ok(None);
    }
    let backend = Path::new(&ws.profile.backend.root);
    let front = Path::new(&ws.profile.front.root);
    let front = ws.host.root().join(front).is_dir().then_some(front);
    let lang = match (Lang::of(runtime), socket.module_system) {
        (Lang::TypeScript, _) => AuthLang::TypeScript,
        (Lang::JavaScript, ModuleSystem::CommonJs) => AuthLang::CommonJs,
        (Lang::JavaScript, _) => AuthLang::Esm,
    };
    let dir = runtime.parent().unwrap_or(Path::new(""));
    let reading = read_socket_auth(ws.host, backend, front, dir, "", lang, false)?;
    plan_socket_auth(&reading, &ws.templates).map_err(|problem| {
        anyhow::anyhow!(
            "`{}`: the sockets carry no authenticated user, and rtgen cannot authenticate them from the HTTP API's auth: {problem}",
            crate::js::paths::slash(&socket.server)
        )
    })
}

/// The front's socket sends the API's credential: patched, already, or the
/// lines to add by hand, with a loud note (until they are, no one receives anything).
fn plan_front_credential(ws: &Workspace, draft: &mut Draft, front: FrontSend, owners: &str) -> Result<()> {
    let (why, lines) = match front {
        FrontSend::Already { .. } => return Ok(()),
        FrontSend::Patched { file, text, .. } => {
            // Patched from the file on disk: only where the plan does not change it otherwise.
            if draft.current(&file)? == ws.host.read(&file)? {
                return draft.set(&file, Some(text), ChangeKind::PatchMissing, owners);
            }
            draft.notes.push(format!(
                "no one receives these events until the front's socket sends the API's credential: this run also changes `{}`, so rtgen leaves the credential for the next run\n  help: run `rtgen add` again",
                crate::js::paths::slash(&file)
            ));
            return Ok(());
        }
        FrontSend::ByHand { why, lines } => (why, lines),
    };
    let how = match lines.starts_with("socket.auth") {
        true => "set it where the front knows the token, before the socket connects (`socket.connect()`)",
        false => "add to the module that creates the socket: the import on top, the property to its `io(...)` options",
    };
    draft.notes.push(format!(
        "no one receives these events until the front's socket sends the API's credential: rtgen's socket auth (`{AUTH_STEM}`) finds no user on a socket without it; {why}\n  help: {how}:\n    {}",
        lines.replace('\n', "\n    ")
    ));
    Ok(())
}

/// The start-up line's patch of the server module.
fn attach_patch(socket: &SocketLayer, runtime: &Path, server_text: &str) -> patch::attach::AttachPatch {
    let with_extension = crate::read::survey::writes_extensions(&socket.server, server_text)
        .unwrap_or(socket.module_system == ModuleSystem::Esm);
    let mut specifier = specifier(&socket.server, runtime, with_extension);
    if socket.module_system == ModuleSystem::CommonJs && !with_extension {
        if let Some(stem) = specifier.strip_suffix(".js") {
            specifier = stem.to_string();
        }
    }
    patch::attach::AttachPatch { specifier, module_system: socket.module_system }
}

/// With no module left, the runtime goes (a hand-edited one only with
/// `force`), and its start-up line with it.
fn remove_runtime(ws: &Workspace, draft: &mut Draft, path: &Path, force: bool) -> Result<()> {
    if !remove_generated(ws, draft, path, force)? {
        return Ok(());
    }
    let auth = path.with_file_name(format!("{AUTH_STEM}.{}", Lang::of(path).ext()));
    if ws.host.read(&auth)?.is_some() && remove_generated(ws, draft, &auth, force)? {
        remove_front_credential(ws, draft)?;
    }
    // The socket layer may no longer read (the host changed): then there is no line to find.
    let Ok(socket) = ws.socket() else { return Ok(()) };
    let Some(server) = draft.current(&socket.server)? else { return Ok(()) };
    let outcome = patch::attach::remove(&socket.server, &server, &attach_patch(socket, path, &server))?;
    draft.patched(&socket.server, outcome, ChangeKind::Remove, "")
}

/// Plans the removal of the generated file `path` (a hand-edited one only
/// with `force`); false when `path` is the host's own, which stays.
fn remove_generated(ws: &Workspace, draft: &mut Draft, path: &Path, force: bool) -> Result<bool> {
    let Some(current) = ws.host.read(path)? else { return Ok(true) };
    match inspect(&current) {
        HeaderState::Intact { .. } => draft.set(path, None, ChangeKind::Remove, "")?,
        HeaderState::Edited { .. } if force => draft.set(path, None, ChangeKind::Remove, "")?,
        HeaderState::NotGenerated => return Ok(false),
        HeaderState::Edited { .. } => draft.conflicts.push(Conflict {
            path: path.to_path_buf(),
            module: String::new(),
            current,
            desired: None,
            reason: ConflictReason::HandEdited,
        }),
    }
    Ok(true)
}

/// Takes out the credential rtgen made the front's socket send.
fn remove_front_credential(ws: &Workspace, draft: &mut Draft) -> Result<()> {
    let front = Path::new(&ws.profile.front.root);
    if !ws.host.root().join(front).is_dir() {
        return Ok(());
    }
    let Some(file) = crate::read::front_credential::socket_file(ws.host, front)? else { return Ok(()) };
    let Some(text) = draft.current(&file)? else { return Ok(()) };
    match remove_front(&file, &text) {
        Ok(Some(text)) => draft.set(&file, Some(text), ChangeKind::Remove, ""),
        Ok(None) => Ok(()),
        Err(why) => bail!("`{}`: {why}", crate::js::paths::slash(&file)),
    }
}
