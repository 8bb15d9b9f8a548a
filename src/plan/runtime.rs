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
use crate::js::style::Style;
use crate::patch;
use crate::js::paths::specifier;
use crate::read::layout::{Lang, ModulePaths};
use crate::read::names::ModuleNames;
use crate::plan::{ChangeKind, Conflict, ConflictReason};
use crate::read::commonjs::ModuleSystem;
use crate::read::socket_layer::SocketLayer;
use crate::plan::workspace::Workspace;
use crate::js::header::{inspect, with_shared_header_eol, Comment, HeaderState};

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
    let outcome = patch::attach::add(&socket.server, &server_text, &attach_patch(socket, &path, &server_text))?;
    draft.patched(&socket.server, outcome, ChangeKind::PatchMissing, &owners)
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
    if let Some(current) = ws.host.read(path)? {
        match inspect(&current) {
            HeaderState::Intact { .. } => draft.set(path, None, ChangeKind::Remove, "")?,
            HeaderState::Edited { .. } if force => draft.set(path, None, ChangeKind::Remove, "")?,
            // A `realtime.js` of the host's own stays.
            HeaderState::NotGenerated => return Ok(()),
            HeaderState::Edited { .. } => draft.conflicts.push(Conflict {
                path: path.to_path_buf(),
                module: String::new(),
                current,
                desired: None,
                reason: ConflictReason::HandEdited,
            }),
        }
    }
    // The socket layer may no longer read (the host changed): then there is no line to find.
    let Ok(socket) = ws.socket() else { return Ok(()) };
    let Some(server) = draft.current(&socket.server)? else { return Ok(()) };
    let outcome = patch::attach::remove(&socket.server, &server, &attach_patch(socket, path, &server))?;
    draft.patched(&socket.server, outcome, ChangeKind::Remove, "")
}
