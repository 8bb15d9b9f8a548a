//! `remove`'s plan: the exact inverse of `add`, following the files of a
//! module whose names changed since.

use std::path::{Path, PathBuf};

use anyhow::Result;

use super::add::*;
use super::draft::*;
use super::load::*;
use crate::js::header::{inspect, HeaderState};
use crate::js::paths::slash;
use crate::js::paths::specifier;
use crate::patch::{self};
use crate::plan::workspace::Workspace;
use crate::plan::{ChangeKind, Conflict, ConflictReason, Plan};
use crate::read::layout::ModulePaths;
use crate::read::names::ModuleNames;
use crate::read::spec::{load_spec, LoadedSpec, SCHEMA_FILE_NAME};

/// The plan of `rtgen remove`: the exact inverse of `add`.
pub fn plan_remove(ws: &Workspace, module: &str, purge: bool, force: bool) -> Result<Plan> {
    let mut draft = Draft::new(ws);
    let path = spec_path(ws, module);
    // Without its spec (an orphan), the module's default names still find its files.
    let text = ws.host.read(&path)?.unwrap_or_else(|| format!("module: {module}\nevents: []\n"));
    let loaded = load_spec(&path, &text)?;
    crate::read::spec::validate_module_name(&loaded)?;
    let (mut names, mut paths) = super::load::module_names(ws, &loaded.spec)?;
    let has_spec = ws.host.read(&path)?.is_some();
    if !has_spec {
        follow_orphan_files(ws, &path, &mut names, &mut paths)?;
    }
    // A module emitted from its controller: its generated file sits beside the controller.
    let from_controller = super::controller::with_socket_path(&paths, &names);
    if ws.host.read(&paths.service_with_socket)?.is_none() && ws.host.read(&from_controller)?.is_some() {
        paths.service_with_socket = from_controller;
    }
    let camel = names.camel.as_str();
    super::controller::refuse_pasted_middleware(ws, &names, &paths)?;

    for generated in paths.generated() {
        let Some(current) = ws.host.read(generated)? else { continue };
        match inspect(&current) {
            HeaderState::Intact { .. } => draft.set(generated, None, ChangeKind::Remove, camel)?,
            HeaderState::Edited { .. } if force => draft.set(generated, None, ChangeKind::Remove, camel)?,
            state => draft.conflicts.push(Conflict {
                path: generated.to_path_buf(),
                module: camel.to_string(),
                current,
                desired: None,
                reason: if state == HeaderState::NotGenerated {
                    ConflictReason::NotGenerated
                } else {
                    ConflictReason::HandEdited
                },
            }),
        }
    }
    unpatch_module(ws, &mut draft, &names, &paths, &loaded)?;
    super::contract::plan_contract(ws, &mut draft, &[], force)?;
    super::runtime::plan_runtime(ws, &mut draft, &[], force)?;
    if purge {
        draft.set(&path, None, ChangeKind::Remove, camel)?;
        let others = spec_modules(ws)?.into_iter().filter(|p| *p != path).count();
        if others == 0 {
            let schema = Path::new(&ws.profile.specs).join(SCHEMA_FILE_NAME);
            if ws.host.read(&schema)?.is_some() {
                draft.set(&schema, None, ChangeKind::Remove, camel)?;
            }
        }
    }
    let plan = draft.finish();
    if !has_spec && plan.changes.is_empty() && plan.conflicts.is_empty() {
        return Err(unknown_module(ws, module, &path)?);
    }
    Ok(plan)
}

/// A module with no spec and no file of its own: name the ones there are.
fn unknown_module(ws: &Workspace, module: &str, spec: &Path) -> Result<anyhow::Error> {
    let known: Vec<String> =
        spec_modules(ws)?.iter().filter_map(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned())).collect();
    let close = crate::error::did_you_mean(module, known.iter().map(String::as_str));
    let help = if known.is_empty() {
        format!("no module has a spec in `{}`: there is nothing to remove", ws.profile.specs)
    } else {
        let list = format!("the modules with a spec are {}", crate::error::backticked(&known, ", "));
        match close {
            Some(close) => format!("did you mean `{close}`? (`rtgen remove {close}`); {list}"),
            None => list,
        }
    };
    Ok(anyhow::anyhow!(
        "no module `{module}`: it has no spec (`{}`) and no file rtgen generated; nothing was changed\n  help: {help}",
        slash(spec)
    ))
}

/// Without the spec, names it overrode (`names.service`, `names.controller`)
/// are unknown: take them from the generated service whose header names the
/// spec, and the controller that imports it.
fn follow_orphan_files(ws: &Workspace, spec: &Path, names: &mut ModuleNames, paths: &mut ModulePaths) -> Result<()> {
    let services = paths.service_with_socket.parent().unwrap_or(Path::new("")).to_path_buf();
    let ext = crate::read::layout::Lang::of(&ws.profile.backend.entry).ext();
    for file in ws.host.list(&services, &format!(".{ext}"))? {
        let text = ws.host.read(&file)?.unwrap_or_default();
        if crate::js::header::spec_path(&text) != Some(slash(spec).as_str()) {
            continue;
        }
        // The generated service names its base: the one file it imports from the same folder.
        let stem = file.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let Some(base) = generated_base_file(&file, &text) else { continue };
        names.service_stem = crate::read::names::binding_of(&base, &names.service_stem);
        names.service_with_socket_stem = format!("{}WithSocket", names.service_stem);
        names.service_file = base;
        names.service_with_socket_file = stem;
        paths.base_service = services.join(format!("{}.{ext}", names.service_file));
        paths.service_with_socket = file;
        break;
    }
    let importer = |path: &Path| -> Result<bool> {
        Ok(ws.host.read(path)?.is_some_and(|text| text.contains(names.service_with_socket_file.as_str())))
    };
    if !importer(&paths.controller)? {
        let controllers = paths.controller.parent().unwrap_or(Path::new("")).to_path_buf();
        for file in ws.host.list(&controllers, &format!(".{ext}"))? {
            if importer(&file)? {
                paths.controller = file;
                break;
            }
        }
    }
    Ok(())
}

/// The base service a generated service file imports (`./task.service.js`
/// -> `task.service`): the one import from its own folder.
fn generated_base_file(file: &Path, text: &str) -> Option<String> {
    crate::js::parse::with_program(file, text, |program| {
        crate::patch::imports(program)
            .iter()
            .map(|i| i.source.value.as_str())
            .find(|s| s.starts_with("./") && !s[2..].contains('/'))
            .map(|s| crate::patch::import_stem(s).to_string())
    })
    .ok()
    .flatten()
}

/// Removes a module's four patches (whichever are present).
fn unpatch_module(
    ws: &Workspace,
    draft: &mut Draft,
    names: &ModuleNames,
    paths: &ModulePaths,
    loaded: &LoadedSpec,
) -> Result<()> {
    let camel = names.camel.as_str();
    for (file, _, outcome) in super::controller::route_removals(ws, names, paths)? {
        draft.patched(&file, outcome, ChangeKind::Remove, camel)?;
    }
    if let Some(controller) = draft.current(&paths.controller)? {
        let outcome = patch::controller::remove(&paths.controller, &controller, &controller_patch(names))?;
        draft.patched(&paths.controller, outcome, ChangeKind::Remove, camel)?;
    }
    if let Some(entry) = draft.current(&paths.entry)? {
        // Removal finds the module's lines by its binding; how the server is made does not matter.
        let system = crate::read::commonjs::module_system_of(ws.host, &paths.entry)?;
        let outcome = patch::startup::remove(&paths.entry, &entry, &startup_patch("", system, [(names, paths)]))?;
        draft.patched(&paths.entry, outcome, ChangeKind::Remove, camel)?;
        let entry = draft.current(&paths.entry)?.unwrap_or_default();
        let outcome = patch::wiring::remove(&paths.entry, &entry, &[wired_module_of(names, paths)])?;
        draft.patched(&paths.entry, outcome, ChangeKind::Remove, camel)?;
    }
    let service = &paths.front_socket_service;
    let text = draft.current(service)?.unwrap_or_default();
    let owned = crate::read::socket_owner::find(service, &text).filter(crate::read::socket_owner::is_owned);
    if let Some(found) = owned {
        let owner = super::socket_factory::owner_file(ws, draft, service, &found)?;
        let text = draft.current(&owner.path)?.unwrap_or_default();
        let outcome =
            patch::socket_owner::remove(&owner.path, &text, &super::add::owner_patch(&owner, [(names, paths)]))?;
        draft.patched(&owner.path, outcome, ChangeKind::Remove, camel)?;
    } else if let Some(auth) = draft.current(&paths.auth_context)? {
        let outcome = patch::auth_context::remove(&paths.auth_context, &auth, &auth_patch(ws, "", [(names, paths)]))?;
        draft.patched(&paths.auth_context, outcome, ChangeKind::Remove, camel)?;
    }
    for page_path in locate_pages_for_removal(ws, names, paths)? {
        let page = draft.current(&page_path)?.unwrap_or_default();
        let outcome = patch::page::remove(
            &page_path,
            &page,
            &patch::page::PagePatch {
                binding: names.socket_service_binding.clone(),
                specifier: specifier(&page_path, &paths.front_module_service, paths.imports.front),
                // Removal finds the effect by the binding; the anchors only shape an added one.
                anchors: patch::page::PageAnchors::State { setter: String::new(), loader: None },
                id_field: loaded.spec.id_field.clone().unwrap_or_else(|| "id".into()),
                entity: names.camel.clone(),
            },
        )?;
        draft.patched(&page_path, outcome, ChangeKind::Remove, camel)?;
    }
    Ok(())
}

/// The pages that subscribe to the module's socket service: the module's
/// page, and any file of the front whose code calls `<service>.subscribe`
/// (a page in a folder of the pages folder, lines pasted by hand where the
/// warning of `add` said).
fn locate_pages_for_removal(ws: &Workspace, names: &ModuleNames, paths: &ModulePaths) -> Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    if ws.host.read(&paths.page)?.is_some() {
        found.push(paths.page.clone());
    }
    let subscribe = format!("{}.subscribe", names.socket_service_binding);
    let root = Path::new(&ws.profile.front.root);
    for path in ws.host.walk(root, 12, 5000)? {
        if found.contains(&path)
            || !matches!(path.extension().and_then(|e| e.to_str()), Some("js" | "jsx" | "ts" | "tsx"))
        {
            continue;
        }
        let text = ws.host.read(&path)?.unwrap_or_default();
        if text.contains(&subscribe) && has_identifier(&text, &names.socket_service_binding) {
            found.push(path);
        }
    }
    Ok(found)
}
