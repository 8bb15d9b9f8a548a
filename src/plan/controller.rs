//! Modules without a service: rtgen emits from a socket-enabled controller
//! (`taskControllerWithSocket.js`) beside the host's controller, and the
//! files that import the controller's handlers (its routes) import that one
//! instead. Here: finding the controller (or saying why none will do), the
//! generated file's path, and the route patches of `add` and `remove`.

use std::path::{Path, PathBuf};

use anyhow::Result;

use crate::js::paths::slash;
use crate::patch::{self, Outcome};
use crate::plan::workspace::Workspace;
use crate::read::controller::{inline_refusal, inline_routes, read_controller, ControllerModule, InlineRoute};
use crate::read::layout::ModulePaths;
use crate::read::names::ModuleNames;

/// The socket-enabled controller's file stem: `taskControllerWithSocket`,
/// `task.controller.socket` (the base's with the socket word, [`crate::read::names::with_socket_file`]).
pub fn with_socket_stem(names: &ModuleNames) -> String {
    crate::read::names::with_socket_file(&names.controller_file)
}

/// The socket-enabled controller, beside the host's.
pub fn with_socket_path(paths: &ModulePaths, names: &ModuleNames) -> PathBuf {
    paths.controller.with_file_name(format!("{}.js", with_socket_stem(names)))
}

/// A module whose mutating routes are written inline, wrapped by the
/// per-event middleware of its events file (`taskEvents.emitAfter("created")`):
/// rtgen generates the events file and the front, and leaves the routes as
/// the user wrote them.
#[derive(Debug, Clone, PartialEq)]
pub struct InlineModule {
    /// The routes file, relative to the host root.
    pub path: PathBuf,
    pub routes: Vec<InlineRoute>,
    /// Where the auth middleware sets `req.user` (`path:line`).
    pub actor_source: String,
}

/// What a module without a service emits from.
pub enum Emitter {
    Controller(ControllerModule),
    Inline(InlineModule),
}

/// The module's controller, or its inline routes wrapped by the generated
/// middleware, when it has no service; else the error that says what was
/// found and what would work.
pub fn emitter_module(ws: &Workspace, names: &ModuleNames, paths: &ModulePaths, spec: &Path) -> Result<Emitter> {
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
            return Ok(Emitter::Controller(module));
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
        let routes = inline_routes(file, &text, &names.camel);
        if routes.is_empty() {
            continue;
        }
        // A route the user wrapped with the middleware: emit from it. Routes left unwrapped send nothing.
        if routes.iter().any(|r| r.emits.as_ref().is_some_and(|(binding, _)| *binding == names.events_binding)) {
            let mut auth = Vec::new();
            for file in &js {
                if let Some(text) = ws.host.read(file)?.filter(|t| t.contains("req.user")) {
                    auth.push(((*file).clone(), text));
                }
            }
            let Some(actor_source) = crate::read::controller::actor_source(&auth) else {
                return Err(crate::error::LocatedError::new(
                    file,
                    routes[0].line,
                    1,
                    format!("the `{}` routes are wrapped with `{}.emitAfter(...)`, but no auth middleware sets `req.user`: rtgen takes the user who acted from `req.user` (its `id` or `_id`), to leave that user out of its own events", names.camel, names.events_binding),
                )
                .with_help("set `req.user` in the auth middleware (`req.user = { id: user.id, role: user.role }`), then run `rtgen add` again")
                .into());
            };
            if is_typescript(&paths.events) {
                anyhow::bail!(
                    "`{}:{}` wraps an inline handler with `{}.emitAfter(...)`, which rtgen generates for JavaScript backends only, and `{}` would be TypeScript\n  help: move each handler into `{}` as an exported function, import it in the route, and run `rtgen add {}` again",
                    slash(file),
                    routes.iter().find(|r| r.emits.is_some()).map_or(routes[0].line, |r| r.line),
                    names.events_binding,
                    slash(&paths.events),
                    slash(&paths.controller),
                    names.camel
                );
            }
            return Ok(Emitter::Inline(InlineModule { path: (*file).clone(), routes, actor_source }));
        }
        let middleware = middleware_lines(file, &text, &routes, names, paths);
        let commonjs = crate::read::survey::is_commonjs(file, &text);
        return Err(inline_refusal(file, &routes, &names.camel, &paths.controller, commonjs, &middleware).into());
    }
    Err(crate::plan::load::missing_service(ws, names, paths, spec)?)
}

/// The second way forward for inline handlers: the import of the module's
/// events file and, per route, its line with the generated middleware before
/// the handler, in the routes file's own module system and quotes.
fn middleware_lines(
    file: &Path,
    text: &str,
    routes: &[InlineRoute],
    names: &ModuleNames,
    paths: &ModulePaths,
) -> String {
    if is_typescript(&paths.events) {
        return format!(
            "\n  (the per-event middleware is generated for JavaScript backends only: `{}` would be TypeScript)",
            slash(&paths.events)
        );
    }
    let style = crate::js::style::Style::detect(text);
    let quote = match style.quote {
        crate::js::style::Quote::Single => '\'',
        crate::js::style::Quote::Double => '"',
    };
    let semi = if style.semicolons { ";" } else { "" };
    let binding = &names.events_binding;
    let commonjs = crate::read::survey::is_commonjs(file, text);
    let keep_extension = !commonjs || crate::read::commonjs::requires_with_extension(file, text);
    let specifier = crate::js::paths::specifier(file, &paths.events, true);
    let specifier = match keep_extension {
        true => specifier,
        false => specifier.strip_suffix(".js").map(str::to_string).unwrap_or(specifier),
    };
    let import = match commonjs {
        true => format!("const {binding} = require({quote}{specifier}{quote}){semi}"),
        false => format!("import {binding} from {quote}{specifier}{quote}{semi}"),
    };
    // A route answering without the record (`{ success, message }`) would send nothing: no line for it.
    let silent: Vec<String> = routes
        .iter()
        .filter_map(|r| {
            let keys = r.answers_without_record.as_ref()?;
            Some(format!(
                "`{} {}` (line {}) answers `{{ {} }}`, which holds no {}: send the record too (`{{ ..., data: {} }}`) to wrap it",
                r.method,
                r.route,
                r.line,
                keys.join(", "),
                names.camel,
                names.camel
            ))
        })
        .collect();
    let lines: Vec<String> = routes
        .iter()
        .filter(|r| r.answers_without_record.is_none())
        .map(|r| {
            let key = r.wrapper.as_ref().map(|k| format!(", {{ key: {quote}{k}{quote} }}")).unwrap_or_default();
            let mut args = r.before_handler.clone();
            args.push(format!("{binding}.emitAfter({quote}{}{quote}{key})", r.event()));
            args.push(r.handler_head.clone());
            format!("    {}:{}: {}({}", slash(file), r.line, r.callee, args.join(", "))
        })
        .collect();
    if lines.is_empty() {
        return format!("\n  (the per-event middleware cannot wrap them: {})", silent.join("; "));
    }
    let silent = match silent.is_empty() {
        true => String::new(),
        false => format!("\n  ({})", silent.join("; ")),
    };
    format!(
        "\n  or wrap each inline handler with the per-event middleware rtgen generates in `{}`: add the import to `{}`\n    {import}\n  and the middleware before each handler (each line replaces the route's first line, numbered as the file is now)\n{}\n  then run `rtgen add {}` again: it writes the events file these lines load, and each route emits its event after a 2xx response (a throw or any other status sends nothing; `statusChanged` is not sent, the middleware does not read the old status)",
        slash(&paths.events),
        slash(file),
        lines.join("\n"),
        names.camel
    ) + &silent
}

/// Each `emitAfter("...")` in the routes names an event of the spec it can
/// send (`statusChanged` needs the old status, which it never sees).
pub fn check_inline_events(module: &InlineModule, events: &[String], names: &ModuleNames) -> Result<()> {
    for route in &module.routes {
        let Some((_, event)) = route.emits.as_ref().filter(|(b, _)| *b == names.events_binding) else { continue };
        if let Some(keys) = &route.answers_without_record {
            return Err(crate::error::LocatedError::new(
                &module.path,
                route.line,
                1,
                format!(
                    "`{}.emitAfter(\"{event}\")` would never send: the handler answers `{{ {} }}`, which holds no {}",
                    names.events_binding,
                    keys.join(", "),
                    names.camel
                ),
            )
            .with_help(format!(
                "send the {} in the answer (`{{ {}, data: {} }}`), or take the middleware out of this route",
                names.camel,
                keys.join(", "),
                names.camel
            ))
            .into());
        }
        if events.contains(event) && event != "statusChanged" {
            continue;
        }
        let known: Vec<String> = events.iter().filter(|e| *e != "statusChanged").map(|e| format!("`{e}`")).collect();
        let why = match event.as_str() {
            "statusChanged" => "the middleware sees only the response, not the old status".to_string(),
            _ => format!(
                "it names no event of the `{}` module (its events: {})",
                names.camel,
                if known.is_empty() { "none".to_string() } else { known.join(", ") }
            ),
        };
        return Err(crate::error::LocatedError::new(
            &module.path,
            route.line,
            1,
            format!("`{}.emitAfter(\"{event}\")` cannot be sent: {why}", names.events_binding),
        )
        .with_help(format!(
            "name one of {} in `emitAfter(...)`, or add the event to the module's spec",
            if known.is_empty() { "its events".to_string() } else { known.join(", ") }
        ))
        .into());
    }
    Ok(())
}

/// Each event of the spec is sent by a route's middleware: one no route names
/// would never go out.
pub fn check_events_sent(
    loaded: &crate::read::spec::LoadedSpec,
    module: &InlineModule,
    names: &ModuleNames,
) -> Result<()> {
    let sent: Vec<&str> = module
        .routes
        .iter()
        .filter_map(|r| r.emits.as_ref().filter(|(b, _)| *b == names.events_binding))
        .map(|(_, e)| e.as_str())
        .collect();
    for (i, event) in loaded.spec.events.iter().enumerate() {
        if sent.contains(&event.name.as_str()) {
            continue;
        }
        let route = module.routes.iter().find(|r| r.event() == event.name && r.emits.is_none());
        let help = match route {
            Some(r) => format!(
                "add `{}.emitAfter(\"{}\")` before the handler of `{} {}` (`{}:{}`), or remove the event from the spec",
                names.events_binding,
                event.name,
                r.method,
                r.route,
                slash(&module.path),
                r.line
            ),
            None => format!(
                "add `{}.emitAfter(\"{}\")` before the handler of the route that performs it, or remove the event from the spec",
                names.events_binding, event.name
            ),
        };
        return Err(loaded
            .error_at(
                &format!("events[{i}]"),
                format!(
                    "event `{}` is sent by no route: the `{}` module's routes in `{}` wrap their handlers with `{}.emitAfter(...)`, and none names `{}`",
                    event.name,
                    names.camel,
                    slash(&module.path),
                    names.events_binding,
                    event.name
                ),
            )
            .with_help(help)
            .into());
    }
    Ok(())
}

/// The methods a spec's events may follow on inline routes: the verb of each
/// event the middleware names (`emitAfter("created")` is `createTask`'s).
pub fn inline_profile(module: &InlineModule, names: &ModuleNames) -> crate::read::profile::ModuleProfile {
    let mut methods: Vec<crate::read::profile::Method> = Vec::new();
    for (_, event) in module.routes.iter().filter_map(|r| r.emits.as_ref()) {
        let name = inline_method(event, names);
        if !methods.iter().any(|m| m.name == name) {
            methods.push(crate::read::profile::Method {
                name,
                params: vec!["req".into(), "res".into()],
                field: false,
                line: 0,
            });
        }
    }
    crate::read::profile::ModuleProfile { export: crate::read::profile::ServiceExport::Functions, methods }
}

/// The method an event the middleware names stands for.
pub fn inline_method(event: &str, names: &ModuleNames) -> String {
    match event {
        "created" => format!("create{}", names.pascal),
        "updated" => format!("update{}", names.pascal),
        "deleted" => format!("delete{}", names.pascal),
        other => other.to_string(),
    }
}

/// `remove` while routes still load the events file's middleware would leave
/// them requiring a deleted file: refused, with each line to take out.
pub fn refuse_pasted_middleware(ws: &Workspace, names: &ModuleNames, paths: &ModulePaths) -> Result<()> {
    let backend = Path::new(&ws.profile.backend.root);
    let call = format!("{}.emitAfter(", names.events_binding);
    let mut lines = Vec::new();
    for file in ws.host.walk(backend, 6, 2000)? {
        if !file.extension().is_some_and(|e| e == "js" || e == "mjs" || e == "cjs") {
            continue;
        }
        let Some(text) = ws.host.read(&file)?.filter(|t| t.contains(&call)) else { continue };
        for route in inline_routes(&file, &text, &names.camel) {
            if route.emits.as_ref().is_some_and(|(b, _)| *b == names.events_binding) {
                // The argument as the user wrote it.
                let written =
                    route.before_handler.iter().find(|a| a.contains(".emitAfter(")).cloned().unwrap_or_default();
                lines.push(format!("    {}:{}: `{written}`", slash(&file), route.line));
            }
        }
    }
    if lines.is_empty() {
        return Ok(());
    }
    anyhow::bail!(
        "cannot remove `{}`: these routes load the middleware of `{}`, which `remove` deletes, and would fail at start-up; nothing was changed\n{}\n  help: take the `{}.emitAfter(...)` argument out of each route and the import of `{}` out of its file, then run `rtgen remove {}` again",
        names.camel,
        slash(&paths.events),
        lines.join("\n"),
        names.events_binding,
        names.events_binding,
        names.camel
    )
}

fn is_typescript(path: &Path) -> bool {
    crate::read::layout::Lang::of(path) == crate::read::layout::Lang::TypeScript
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
            crate::read::names::binding_of(&names.controller_file, &format!("{}Controller", names.camel)),
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
    let controller = match emitter_module(ws, names, paths, &bare.path)? {
        Emitter::Controller(controller) => controller,
        Emitter::Inline(module) => return derive_inline_spec(ws, &module, names),
    };
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
    let maps_id =
        crate::read::ids::maps_underscore_id_to_id(&controller.path, &source).map(|line| format!("{path}:{line}"));
    let no_old_status = format!(
        "`{path}` reads no {} by id (`Model.findById(req.params.id)`), so the old status is unknown",
        names.camel
    );
    let answers: Vec<(String, String)> = controller
        .handlers
        .iter()
        .filter_map(|h| {
            let keys = h.answers_without_record.as_ref()?;
            Some((
                h.name.clone(),
                match keys.is_empty() {
                    true => "through another function it hands `res` to, whose body rtgen does not read".to_string(),
                    false => format!("`{{ {} }}`", keys.join(", ")),
                },
            ))
        })
        .collect();
    let extra_roles = super::add::extra_roles(ws, names)?;
    Ok(crate::read::spec::derived_spec_yaml(&crate::read::spec::ModuleFacts {
        wrapper: None,
        camel: &names.camel,
        plural: &names.plural,
        service_path: &path,
        methods: &controller.profile.methods,
        writing: &writing,
        entity: entity.as_ref(),
        roles: ws.profile.roles.as_deref(),
        extra_roles: &extra_roles,
        actor_in_request: true,
        no_old_status: controller.find.is_none().then_some(no_old_status.as_str()),
        reads: crate::read::spec::Reads::Controller,
        maps_id: maps_id.as_deref(),
        bare_verbs: true,
        answers_without_record: &answers,
    }))
}

/// The spec of a module whose inline routes are wrapped by the middleware:
/// an event per `emitAfter(...)` the routes name.
fn derive_inline_spec(ws: &Workspace, module: &InlineModule, names: &ModuleNames) -> Result<String> {
    let profile = inline_profile(module, names);
    let writing: Vec<String> = profile.methods.iter().map(|m| m.name.clone()).collect();
    let backend = Path::new(&ws.profile.backend.root);
    let mut entity = crate::read::entity::read_entity(ws.host, backend, &names.camel, &names.plural, &module.path)?;
    // Keys read from the routes' code include their response bodies' (`success`, `data`).
    if let Some(entity) = entity.as_mut().filter(|e| !e.from_schema) {
        let source = ws.host.read(&module.path)?.unwrap_or_default();
        let keys = crate::read::controller::response_keys(&module.path, &source);
        entity.columns.retain(|c| !keys.contains(c));
        entity.user_columns.retain(|c| !keys.contains(c));
    }
    let path = slash(&module.path);
    let source = ws.host.read(&module.path)?.unwrap_or_default();
    let maps_id =
        crate::read::ids::maps_underscore_id_to_id(&module.path, &source).map(|line| format!("{path}:{line}"));
    let no_old_status =
        format!("the middleware around `{path}`'s inline handlers sees only the response, not the old status");
    let extra_roles = super::add::extra_roles(ws, names)?;
    Ok(crate::read::spec::derived_spec_yaml(&crate::read::spec::ModuleFacts {
        wrapper: None,
        camel: &names.camel,
        plural: &names.plural,
        service_path: &path,
        methods: &profile.methods,
        writing: &writing,
        entity: entity.as_ref(),
        roles: ws.profile.roles.as_deref(),
        extra_roles: &extra_roles,
        actor_in_request: true,
        no_old_status: Some(no_old_status.as_str()),
        reads: crate::read::spec::Reads::Controller,
        maps_id: maps_id.as_deref(),
        bare_verbs: false,
        answers_without_record: &[],
    }))
}
