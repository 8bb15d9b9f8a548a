//! Modules without a service: rtgen emits from a socket-enabled controller
//! (`taskControllerWithSocket.js`) beside the host's controller, and the
//! files that import the controller's handlers (its routes) import that one
//! instead. Here: finding the controller (or saying why none will do), the
//! generated file's path, and the route patches of `add` and `remove`.

use std::path::{Path, PathBuf};

use anyhow::Result;

use crate::patch::{self, Outcome};
use crate::plan::layout::ModulePaths;
use crate::plan::names::ModuleNames;
use crate::read::controller::{inline_refusal, inline_routes, read_controller, ControllerModule};
use crate::read::workspace::Workspace;
use crate::render::context::slash;

/// The socket-enabled controller's file stem: `taskControllerWithSocket`,
/// `task.controller.socket` (the base's with the socket word, [`crate::plan::names::with_socket_file`]).
pub fn with_socket_stem(names: &ModuleNames) -> String {
    crate::plan::names::with_socket_file(&names.controller_file)
}

/// The socket-enabled controller, beside the host's.
pub fn with_socket_path(paths: &ModulePaths, names: &ModuleNames) -> PathBuf {
    paths.controller.with_file_name(format!("{}.js", with_socket_stem(names)))
}

/// The module's controller when it has no service; else the error that says
/// what was found and what would work.
pub fn controller_module(
    ws: &Workspace,
    names: &ModuleNames,
    paths: &ModulePaths,
    spec: &Path,
) -> Result<ControllerModule> {
    let backend = Path::new(&ws.profile.backend.root);
    // A service under a name no pattern gives (`task-crud.service.js`) is a naming problem, not a module without one.
    let near = crate::plan::load::mentions(ws, names, &backend.join(&ws.profile.backend.services))?;
    if !near.is_empty() {
        return Err(crate::plan::load::missing_service(ws, names, paths, spec)?);
    }
    let files = ws.host.walk(backend, 6, 2000)?;
    let js: Vec<&PathBuf> = files
        .iter()
        .filter(|f| f.extension().is_some_and(|e| e == "js" || e == "mjs" || e == "cjs"))
        .filter(|f| {
            let name = f.to_string_lossy();
            !name.contains("WithSocket")
                && ![".socket.js", "-socket.js", "_socket.js"].iter().any(|s| name.ends_with(s))
        })
        .collect();
    if let Some(source) = ws.host.read(&paths.controller)? {
        // A controller calling a service that is gone is a broken host, not a service-less one.
        if let Some(line) = crate::read::controller::import_line(&paths.controller, &source, &names.service_file) {
            anyhow::bail!(
                "`{}` not found, but `{}:{line}` imports it: the `{}` module's controller calls a service that does not exist\n  help: restore the service, or set `names.service` in `{}` to the file the controller's service is in",
                slash(&paths.base_service),
                slash(&paths.controller),
                names.camel,
                slash(spec)
            );
        }
        let mut auth = Vec::new();
        for file in &js {
            if let Some(text) = ws.host.read(file)? {
                if text.contains("req.user") {
                    auth.push(((*file).clone(), text));
                }
            }
        }
        if let Some(module) = read_controller(&paths.controller, &source, &names.camel, &auth)? {
            return Ok(module);
        }
    }
    // No controller with handlers: inline route handlers get their own refusal.
    let words = [names.camel.to_lowercase(), names.plural.to_lowercase()];
    for file in &js {
        let stem = file.file_stem().map(|s| s.to_string_lossy().to_lowercase()).unwrap_or_default();
        let in_routes = file.components().any(|c| c.as_os_str().to_string_lossy().starts_with("route"));
        if !in_routes || !words.iter().any(|w| stem.starts_with(w.as_str())) {
            continue;
        }
        let text = ws.host.read(file)?.unwrap_or_default();
        let routes = inline_routes(file, &text);
        if !routes.is_empty() {
            return Err(inline_refusal(file, &routes, &names.camel, &paths.controller).into());
        }
    }
    Err(crate::plan::load::missing_service(ws, names, paths, spec)?)
}

/// The backend files that name any of `stems` (the routes, or wherever the handlers are used).
fn importers(ws: &Workspace, stems: &[&str], skip: &Path) -> Result<Vec<(PathBuf, String)>> {
    let backend = Path::new(&ws.profile.backend.root);
    let mut found = Vec::new();
    for file in ws.host.walk(backend, 6, 2000)? {
        if file == skip || !file.extension().is_some_and(|e| e == "js" || e == "mjs" || e == "cjs") {
            continue;
        }
        let Some(text) = ws.host.read(&file)? else { continue };
        if stems.iter().any(|stem| crate::plan::add::has_identifier(&text, stem)) {
            found.push((file, text));
        }
    }
    Ok(found)
}

/// Each file importing the controller, patched to import the socket-enabled one.
pub fn route_patches(
    ws: &Workspace,
    names: &ModuleNames,
    paths: &ModulePaths,
) -> Result<Vec<(PathBuf, String, Outcome)>> {
    let generated = with_socket_path(paths, names);
    let patch = route_patch(names);
    let mut out = Vec::new();
    for (file, text) in importers(ws, &[&names.controller_file, &with_socket_stem(names)], &generated)? {
        if file == paths.controller {
            continue;
        }
        let outcome = patch::controller::add(&file, &text, &patch)?;
        out.push((file, text, outcome));
    }
    if out.is_empty() {
        anyhow::bail!(
            "no file imports `{}`: rtgen points the files that import the `{}` controller's handlers (its routes) at `{}`, and found none\n  help: import the handlers from `{}` in the routes (`import * as {} from \"../controllers/{}.js\"`)",
            slash(&paths.controller),
            names.camel,
            slash(&generated),
            slash(&paths.controller),
            crate::plan::names::binding_of(&names.controller_file, &format!("{}Controller", names.camel)),
            names.controller_file
        );
    }
    Ok(out)
}

/// Every file importing the socket-enabled controller, pointed back at the host's.
pub fn route_removals(
    ws: &Workspace,
    names: &ModuleNames,
    paths: &ModulePaths,
) -> Result<Vec<(PathBuf, String, Outcome)>> {
    let generated = with_socket_path(paths, names);
    let patch = route_patch(names);
    let mut out = Vec::new();
    for (file, text) in importers(ws, &[&with_socket_stem(names)], &generated)? {
        let outcome = patch::controller::remove(&file, &text, &patch)?;
        out.push((file, text, outcome));
    }
    Ok(out)
}

pub(super) fn route_patch(names: &ModuleNames) -> patch::controller::ControllerPatch {
    patch::controller::ControllerPatch {
        base_stem: names.controller_file.clone(),
        socket_stem: with_socket_stem(names),
    }
}

/// The spec of a module with no service, derived from its controller's
/// handlers as it would be from a service's methods.
pub fn derive_controller_spec(
    ws: &Workspace,
    bare: &crate::read::spec::LoadedSpec,
    names: &ModuleNames,
    paths: &ModulePaths,
) -> Result<String> {
    let controller = controller_module(ws, names, paths, &bare.path)?;
    let source = ws.host.read(&controller.path)?.unwrap_or_default();
    let writing = crate::read::detect::writing_methods(&controller.path, &source);
    let backend = Path::new(&ws.profile.backend.root);
    let mut entity = crate::read::entity::read_entity(ws.host, backend, &names.camel, &names.plural, &controller.path)?;
    // Keys read from the controller's code include its response bodies' (`success`, `data`).
    if let Some(entity) = entity.as_mut().filter(|e| !e.from_schema) {
        entity.columns.retain(|c| !controller.response_keys.contains(c));
        entity.user_columns.retain(|c| !controller.response_keys.contains(c));
    }
    let path = slash(&controller.path);
    let no_old_status = format!(
        "`{path}` reads no {} by id (`Model.findById(req.params.id)`), so the old status is unknown",
        names.camel
    );
    let answers: Vec<(String, String)> = controller
        .handlers
        .iter()
        .filter_map(|h| {
            let keys = h.answers_without_record.as_ref()?;
            Some((h.name.clone(), format!("`{{ {} }}`", keys.join(", "))))
        })
        .collect();
    Ok(crate::read::spec::derived_spec_yaml(&crate::read::spec::ModuleFacts {
        wrapper: None,
        camel: &names.camel,
        plural: &names.plural,
        service_path: &path,
        methods: &controller.profile.methods,
        writing: &writing,
        entity: entity.as_ref(),
        roles: ws.profile.roles.as_deref(),
        no_old_status: controller.find.is_none().then_some(no_old_status.as_str()),
        bare_verbs: true,
        answers_without_record: &answers,
    }))
}
