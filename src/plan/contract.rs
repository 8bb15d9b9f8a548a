//! The event contract's files beside the specs (`asyncapi.yaml`,
//! `README.md`): one pair for every module whose events file the plan keeps,
//! so `add`, `check` and `remove` rewrite them, and the last `remove`
//! deletes them. They are generated files like the others: a header with a
//! hash, refused when edited by hand unless forced.

use std::path::{Path, PathBuf};

use anyhow::Result;

use super::draft::{plan_generated, Draft};
use super::load::{load_module, spec_modules, ModuleInput};
use crate::js::header::{inspect, with_shared_header, Comment, HeaderState};
use crate::plan::workspace::Workspace;
use crate::plan::{ChangeKind, Conflict, ConflictReason};
use crate::read::layout::ModulePaths;
use crate::read::names::ModuleNames;
use crate::read::socket_auth::read_socket_auth;
use crate::render::contract::{Contract, ModuleContract, ServerContract, ASYNCAPI_FILE_NAME, README_FILE_NAME};
use crate::render::contract_docs::{asyncapi_yaml, readme_markdown};

/// The contract's files, with the comment style of each.
pub(crate) fn contract_files(ws: &Workspace) -> [(PathBuf, Comment); 2] {
    let dir = Path::new(&ws.profile.specs);
    [(dir.join(ASYNCAPI_FILE_NAME), Comment::Hash), (dir.join(README_FILE_NAME), Comment::Html)]
}

/// The contract of `modules` (each spec, its names and entity) on `ws`'s socket layer.
pub(crate) fn contract_of<'a>(ws: &Workspace, modules: impl IntoIterator<Item = &'a ModuleInput>) -> Result<Contract> {
    let server = match ws.socket() {
        Ok(socket) => Some(ServerContract::new(socket, read_socket_auth(ws.host, &socket.server)?)),
        Err(_) => None,
    };
    let mut modules: Vec<ModuleContract> =
        modules.into_iter().map(|m| ModuleContract::new(&m.loaded, &m.names, m.entity.as_ref())).collect();
    modules.sort_by(|a, b| a.module.cmp(&b.module));
    Ok(Contract { server, modules })
}

/// Plans the contract's files for the modules the plan keeps: `inputs`, and
/// every other module with a spec whose events file exists in the draft. A
/// spec that does not load is left out (`check` reports it).
pub(super) fn plan_contract(ws: &Workspace, draft: &mut Draft, inputs: &[ModuleInput], force: bool) -> Result<()> {
    let mut others = Vec::new();
    for spec in spec_modules(ws)? {
        if inputs.iter().any(|i| i.loaded.path == spec) {
            continue;
        }
        let text = ws.host.read(&spec)?.unwrap_or_default();
        let Ok(loaded) = crate::read::spec::load_spec(&spec, &text) else { continue };
        let names = ModuleNames::with_patterns(&loaded.spec, &ws.profile.names);
        if crate::read::spec::validate_module_name(&loaded).is_err() {
            continue;
        }
        if draft.current(&ModulePaths::new(&ws.profile, &names).events)?.is_none() {
            continue;
        }
        if let Ok(input) = load_module(ws, &spec, &text) {
            others.push(input);
        }
    }
    let kept: Vec<&ModuleInput> = inputs
        .iter()
        .filter(|i| draft.current(&i.paths.events).ok().flatten().is_some())
        .chain(others.iter())
        .collect();
    let files = contract_files(ws);
    if kept.is_empty() {
        return remove_contract(ws, draft, &files, force);
    }
    let contract = contract_of(ws, kept)?;
    let owners = contract.module_list();
    for (path, comment) in files {
        let body = match comment {
            Comment::Hash => asyncapi_yaml(&contract, &ws.profile.specs),
            _ => readme_markdown(&contract, &ws.profile.specs),
        };
        let desired = with_shared_header(comment, &body, &ws.profile.specs, &owners);
        plan_generated(draft, &path, desired, &owners, force)?;
    }
    Ok(())
}

/// With no module left, the contract's files go (a hand-edited one only with `force`).
fn remove_contract(ws: &Workspace, draft: &mut Draft, files: &[(PathBuf, Comment)], force: bool) -> Result<()> {
    for (path, _) in files {
        let Some(current) = ws.host.read(path)? else { continue };
        match inspect(&current) {
            HeaderState::Intact { .. } => draft.set(path, None, ChangeKind::Remove, "")?,
            HeaderState::Edited { .. } if force => draft.set(path, None, ChangeKind::Remove, "")?,
            // A README of the host's own stays.
            HeaderState::NotGenerated => {}
            HeaderState::Edited { .. } => draft.conflicts.push(Conflict {
                path: path.clone(),
                module: String::new(),
                current,
                desired: None,
                reason: ConflictReason::HandEdited,
            }),
        }
    }
    Ok(())
}
