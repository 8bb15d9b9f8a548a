//! The data templates render from: a module's spec, names, paths and base
//! service turned into plain values (event keys, JS expressions for rooms and
//! toasts, how each overridden method calls its base). Pure: no disk.

use crate::js::paths::slash;

use heck::{ToShoutySnakeCase, ToUpperCamelCase};
use serde::Serialize;

use crate::error::LocatedError;
use crate::js::literal::{js_string_literal, js_template_chunk};
use crate::js::paths::specifier;
use crate::read::layout::ModulePaths;
use crate::read::names::ModuleNames;
use crate::read::profile::{Method, ModuleProfile, ServiceExport};
use crate::read::socket_layer::SocketLayer;
use crate::read::spec::{Lifecycle, LoadedSpec};

#[derive(Debug, Serialize)]
pub struct ModuleContext {
    /// `esm` or `commonjs`: the import and export lines of the backend files.
    pub module_system: &'static str,
    pub names: ModuleNames,
    pub spec_path: String,
    pub id_field: String,
    pub status_field: String,
    pub events: Vec<EventContext>,
    pub runtime: RuntimeRef,
    /// The socket-enabled service's values; none for a module emitted from
    /// its controller (`render::controller_context`).
    pub service: Option<ServiceContext>,
    pub front: FrontContext,
    /// The events' TypeScript declarations, for a TypeScript side's files
    /// (`render::contract`): the event-name union, the payload interfaces.
    pub ts_types: String,
    /// The event-name union's name: `ProposalEventName`.
    pub event_name_type: String,
}

#[derive(Debug, Serialize)]
pub struct EventContext {
    pub name: String,
    /// The payload's TypeScript interface: `ProposalStatusChangedPayload`.
    pub payload_type: String,
    /// `STATUS_CHANGED`.
    pub key: String,
    /// `proposal:statusChanged`.
    pub event: String,
    pub lifecycle: Option<&'static str>,
    pub method: String,
    pub fields: Vec<String>,
    pub roles: Vec<String>,
    pub exclude_actor: bool,
    pub payload: Option<Vec<String>>,
    /// A JS expression (string or template literal) for the toast, if any.
    pub toast_js: Option<String>,
    /// The toast function's parameter list: `{ proposal }`, or empty.
    pub toast_params: String,
}

/// How a module's events file reaches rtgen's runtime.
#[derive(Debug, Serialize)]
pub struct RuntimeRef {
    /// The runtime's import specifier from the events file.
    pub specifier: String,
    /// The entity field holding the record's tenant: role recipients are that
    /// tenant's members only. None: roles are global (`tenant: none`, or no tenants).
    pub tenant: Option<String>,
}

/// What the socket-enabled service template gets: names and flags, no code.
/// Each shape has its own template (`backend/service/<shape>.js.tera`).
#[derive(Debug, Serialize)]
pub struct ServiceContext {
    /// The method start-up calls on socket-enabled services, when the host wires them itself.
    pub startup_method: Option<String>,
    /// The record's key in a wrapper the service returns (`contract`), if it does.
    pub entity_key: Option<String>,
    /// `class`, `composition` or `functions`.
    pub shape: &'static str,
    pub base_specifier: String,
    pub events_specifier: String,
    /// The local name of what the base module exports: the class extended
    /// (`BaseProposalService`), the instance or object wrapped
    /// (`proposalService`), or the functions' namespace (`base`).
    pub base_binding: String,
    /// The base module's export the binding imports: `default`, a name
    /// (`ContractService`), or `*` (every export, for functions).
    pub base_export: String,
    /// For a base module exporting a class and a default instance of it: the
    /// local name of that instance (`baseContractService`).
    pub base_instance: Option<String>,
    /// The class or object declared here, and whether the module exports it
    /// as its default (else under that name, or, for functions, each method).
    pub name: String,
    pub export_default: bool,
    /// The service's get-by-id method, if it has one.
    pub find: Option<String>,
    pub overrides: Vec<MethodOverride>,
}

impl ServiceContext {
    /// The template that renders this shape.
    pub fn template(&self) -> String {
        format!("backend/service/{}.js.tera", self.shape)
    }
}

/// One overridden method: the base's parameters passed on by name.
#[derive(Debug, Serialize)]
pub struct MethodOverride {
    pub name: String,
    pub doc: String,
    /// The override's parameters, the base's own names (`data`, `userId`);
    /// a single rest parameter `args` when the base's cannot be named.
    pub params: Vec<Param>,
    /// The argument holding the record's id, for reading it around the change.
    pub id: Option<Arg>,
    /// The getter's arguments (`taskId, orgId`), when it can be called with
    /// its real parameters; none: no read around the change.
    pub find_args: Option<String>,
    /// Why the getter cannot be called from this method, when it cannot.
    #[serde(skip)]
    pub gap: Option<String>,
    /// The argument holding the acting user; none: `undefined`.
    pub actor: Option<Arg>,
    pub find_before: bool,
    /// The entity when the base call did not return one: `previous` (read
    /// before the call), `read` (read after it), or `none`.
    pub fallback: &'static str,
    /// Local names in the override's body, clear of its parameters.
    pub locals: Locals,
    pub created: bool,
    pub updated: bool,
    pub status_changed: bool,
    pub deleted: bool,
    pub customs: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Param {
    pub name: String,
    pub rest: bool,
}

/// A parameter by name, or the element `index` of the rest parameter `name`.
#[derive(Debug, Clone, Serialize)]
pub struct Arg {
    pub name: String,
    pub index: Option<usize>,
}

impl Arg {
    /// The argument as a JS expression: `taskId`, `args[1]`.
    fn js(&self) -> String {
        match self.index {
            Some(index) => format!("{}[{index}]", self.name),
            None => self.name.clone(),
        }
    }
}

/// `id`, `_id`, `taskId`: the parameter holding the record's id.
fn is_id_param(param: &str, names: &ModuleNames) -> bool {
    crate::read::getter::is_id(param, &names.camel)
}

#[derive(Debug, Clone, Serialize)]
pub struct Locals {
    pub previous: String,
    pub result: String,
    pub entity: String,
}

#[derive(Debug, Serialize)]
pub struct FrontContext {
    pub socket_service_specifier: String,
    /// The front's socket is created in a provider, a hook, a store or a
    /// function (`read::socket_owner`): `initialize(socket)` is handed it,
    /// and no socket module is imported.
    pub takes_socket: bool,
    pub toast_specifier: Option<String>,
    /// JSDoc typedefs of the events' payloads (`render::contract`).
    pub typedefs: String,
    /// The typedef of a `[name, payload]` pair: `ProposalEvent`.
    pub event_type: String,
}

/// Builds the render context; errors name the spec or service line to fix.
pub fn module_context(
    loaded: &LoadedSpec,
    names: &ModuleNames,
    _socket: &SocketLayer,
    paths: &ModulePaths,
    service: Option<&ModuleProfile>,
    startup_method: Option<&str>,
    entity: Option<&crate::read::entity::Entity>,
) -> Result<ModuleContext, LocatedError> {
    let spec = &loaded.spec;
    let id_field = spec.id_field.clone().unwrap_or_else(|| "id".into());
    let status_field = spec.status_field.clone().unwrap_or_else(|| "status".into());

    let mut events = Vec::new();
    for event in &spec.events {
        let lifecycle = Lifecycle::of(&event.name);
        let method = event
            .method
            .clone()
            .unwrap_or_else(|| format!("{}{}", lifecycle.map(|l| l.method_verb()).unwrap_or_default(), names.pascal));
        events.push(EventContext {
            key: event.name.to_shouty_snake_case(),
            event: format!("{}:{}", names.event_prefix, event.name),
            lifecycle: lifecycle.map(|l| match l {
                Lifecycle::Created => "created",
                Lifecycle::Updated => "updated",
                Lifecycle::StatusChanged => "statusChanged",
                Lifecycle::Deleted => "deleted",
            }),
            method,
            fields: event.recipients.fields.clone(),
            roles: event.recipients.roles.clone(),
            exclude_actor: event.exclude_actor,
            payload: event.payload.clone(),
            toast_js: event
                .toast
                .as_ref()
                .map(|t| toast_js(t, &names.camel, lifecycle == Some(Lifecycle::StatusChanged))),
            toast_params: event
                .toast
                .as_ref()
                .map(|t| toast_params(t, &names.camel, lifecycle == Some(Lifecycle::StatusChanged)))
                .unwrap_or_default(),
            payload_type: format!("{}{}Payload", names.pascal, event.name.to_upper_camel_case()),
            name: event.name.clone(),
        });
    }

    let service_ctx = match service {
        Some(service) => {
            let mut service_ctx = service_context(loaded, names, paths, service, &events)?;
            service_ctx.startup_method = startup_method.map(str::to_string);
            Some(service_ctx)
        }
        None => None,
    };
    let contract = crate::render::contract::ModuleContract::new(loaded, names, entity);
    let ts_types = contract.ts_types(&id_field);
    let toast_specifier = paths.toast.as_ref().map(|t| specifier(&paths.front_module_service, t, paths.imports.front));
    Ok(ModuleContext {
        module_system: "esm",
        names: names.clone(),
        spec_path: slash(&loaded.path),
        id_field,
        status_field,
        runtime: RuntimeRef {
            specifier: specifier(&paths.events, &paths.runtime, paths.imports.backend),
            tenant: spec.tenant.clone().filter(|t| t != crate::read::spec::NO_TENANT),
        },
        service: service_ctx,
        front: FrontContext {
            takes_socket: false,
            socket_service_specifier: specifier(
                &paths.front_module_service,
                &paths.front_socket_service,
                paths.imports.front,
            ),
            toast_specifier,
            typedefs: contract.jsdoc_typedefs(),
            event_type: format!("{}Event", names.pascal),
        },
        ts_types,
        event_name_type: contract.event_name_type(),
        events,
    })
}

fn service_context(
    loaded: &LoadedSpec,
    names: &ModuleNames,
    paths: &ModulePaths,
    service: &ModuleProfile,
    events: &[EventContext],
) -> Result<ServiceContext, LocatedError> {
    let base_pascal = format!("Base{}", heck::ToUpperCamelCase::to_upper_camel_case(names.service_stem.as_str()));
    let with_socket = names.service_with_socket_stem.clone();
    // (shape, base binding, base export, base instance, name, export default)
    let (shape, base_binding, base_export, base_instance, name, export_default) = match &service.export {
        ServiceExport::DefaultClass => {
            ("class", base_pascal, "default".into(), None, names.service_with_socket_class.clone(), true)
        }
        ServiceExport::NamedClass { name } => ("class", format!("Base{name}"), name.clone(), None, name.clone(), false),
        ServiceExport::NamedClassAndInstance { name } => {
            ("class", format!("Base{name}"), name.clone(), Some(format!("base{name}")), name.clone(), false)
        }
        ServiceExport::DefaultInstance | ServiceExport::DefaultObject => {
            ("composition", names.service_stem.clone(), "default".into(), None, with_socket, true)
        }
        ServiceExport::NamedInstance { name } => (
            "composition",
            format!("base{}", heck::ToUpperCamelCase::to_upper_camel_case(name.as_str())),
            name.clone(),
            None,
            name.clone(),
            false,
        ),
        ServiceExport::Functions => ("functions", "base".to_string(), "*".into(), None, with_socket, false),
    };
    let find = find_by_id(&service.methods, names).map(str::to_string);
    // Names the override bodies use from the module scope: a parameter must not hide them.
    let module_names =
        [base_binding.as_str(), names.events_binding.as_str(), "findSafely", "isEntity", "unwrap", "undefined"];
    let mut overrides = method_overrides(loaded, names, paths, service, events, shape, find.as_deref(), &module_names)?;
    describe_overrides(&mut overrides, names);
    Ok(ServiceContext {
        startup_method: None,
        entity_key: loaded.spec.entity.clone(),
        shape,
        events_specifier: specifier(&paths.service_with_socket, &paths.events, paths.imports.backend),
        base_specifier: specifier(&paths.service_with_socket, &paths.base_service, paths.imports.backend),
        base_binding,
        base_export,
        base_instance,
        name,
        export_default,
        find,
        overrides,
    })
}

/// The overrides of the service methods the events follow, in spec order.
#[allow(clippy::too_many_arguments)]
fn method_overrides(
    loaded: &LoadedSpec,
    names: &ModuleNames,
    paths: &ModulePaths,
    service: &ModuleProfile,
    events: &[EventContext],
    shape: &str,
    find_method: Option<&str>,
    module_names: &[&str],
) -> Result<Vec<MethodOverride>, LocatedError> {
    let mut overrides: Vec<MethodOverride> = Vec::new();
    for (i, event) in events.iter().enumerate() {
        let Some(method) = service.methods.iter().find(|m| m.name == event.method) else {
            return Err(loaded
                .error_at(
                    &format!("events[{i}]"),
                    format!(
                        "event `{}` follows `{}`, which `{}` does not have",
                        event.name,
                        event.method,
                        slash(&paths.base_service)
                    ),
                )
                .with_help("set `method:` on the event to the service method that performs it"));
        };
        if shape == "class" && method.field {
            return Err(LocatedError::new(
                &paths.base_service,
                method.line.max(1),
                1,
                format!(
                    "`{}` is a class field holding a function, which a subclass's method cannot override: the events would never be sent",
                    method.name
                ),
            )
            .with_help(format!("write it as a method, `async {}({}) {{ ... }}`", method.name, method.params.join(", "))));
        }
        let actor_index = actor_argument(loaded, i, event, method)?;
        // The getter's arguments, each from this method's parameter of the same
        // meaning; none where one has no counterpart (`plan::checks::pre_reads`).
        let getter = crate::read::getter::find_by_id(&service.methods, &names.pascal);
        let call = getter.map(|g| crate::read::getter::call_args(g, method, &names.camel));
        let gap = call.as_ref().and_then(|c| c.as_ref().err().cloned());
        let call = call.and_then(Result::ok);
        let entry = match overrides.iter_mut().find(|o| o.name == method.name) {
            Some(entry) => entry,
            None => {
                let id_index =
                    call.as_ref().and_then(|c| c.iter().copied().find(|&a| is_id_param(&method.params[a], names)));
                let signature = Signature::of(&method.params, &names.entity_var, module_names, id_index);
                let find_args =
                    call.as_ref().map(|c| c.iter().map(|&a| signature.arg(a).js()).collect::<Vec<_>>().join(", "));
                overrides.push(MethodOverride {
                    name: method.name.clone(),
                    doc: String::new(),
                    id: id_index.map(|index| signature.arg(index)),
                    find_args,
                    gap,
                    actor: None,
                    params: signature.params.clone(),
                    locals: signature.locals.clone(),
                    find_before: false,
                    fallback: "none",
                    created: false,
                    updated: false,
                    status_changed: false,
                    deleted: false,
                    customs: Vec::new(),
                });
                let entry = overrides.last_mut().expect("just pushed");
                entry.actor = actor_index.map(|index| signature.arg(index));
                entry
            }
        };
        mark_event(entry, event, i, loaded, names, paths, find_method)?;
    }
    Ok(overrides)
}

/// How an override takes its arguments: the base method's own parameter
/// names where each is a plain name (a defaulted one passes `undefined` on,
/// so the base's default still applies), else one rest parameter `args`.
struct Signature {
    params: Vec<Param>,
    /// Set when the override takes `...args` in place of the base's names.
    rest_args: bool,
    locals: Locals,
}

impl Signature {
    fn of(base: &[String], entity: &str, module_names: &[&str], id_index: Option<usize>) -> Signature {
        let params: Vec<Param> = base
            .iter()
            .map(|p| match p.strip_prefix("...") {
                Some(name) => Param { name: name.to_string(), rest: true },
                None => Param { name: p.clone(), rest: false },
            })
            .collect();
        let taken = |name: &str| params.iter().any(|p| p.name == name);
        let pick = |candidates: &[&str]| candidates.iter().find(|c| !taken(c)).map(|c| c.to_string());
        let locals = (pick(&["previous", "before"]), pick(&["result", "returned"]), pick(&[entity, "record"]));
        let nameable = params.iter().all(|p| crate::read::names::is_identifier(&p.name))
            && params.iter().enumerate().all(|(i, p)| !params[..i].iter().any(|q| q.name == p.name))
            && !params.iter().any(|p| module_names.contains(&p.name.as_str()))
            // The id is read from its parameter: the base must declare one there.
            && id_index.is_none_or(|i| params.get(i).is_some_and(|p| !p.rest));
        match locals {
            (Some(previous), Some(result), Some(entity)) if nameable => {
                Signature { params, rest_args: false, locals: Locals { previous, result, entity } }
            }
            _ => Signature {
                params: vec![Param { name: "args".into(), rest: true }],
                rest_args: true,
                locals: Locals { previous: "previous".into(), result: "result".into(), entity: entity.to_string() },
            },
        }
    }

    /// The base's parameter `index`, as the override holds it.
    fn arg(&self, index: usize) -> Arg {
        match self.rest_args {
            true => Arg { name: "args".into(), index: Some(index) },
            false => Arg { name: self.params[index].name.clone(), index: None },
        }
    }
}

/// The index of the parameter that holds the acting user, none when the
/// event does not leave the actor out and the method names no actor.
fn actor_argument(
    loaded: &LoadedSpec,
    i: usize,
    event: &EventContext,
    method: &Method,
) -> Result<Option<usize>, LocatedError> {
    // The most explicit actor name wins: `updateUser(userId, data, actorId)` acts as `actorId`.
    // A known actor name, else the one parameter that names who acts by role (`adminId`, `salesUserId`).
    Ok(match crate::read::spec::actor_index(&method.params) {
        Some(index) => Some(index),
        _ if !event.exclude_actor => None,
        _ => {
            return Err(loaded
                .error_at(
                    &format!("events[{i}].name"),
                    format!(
                        "event `{}` leaves the actor out, but `{}({})` takes no actor argument",
                        event.name,
                        method.name,
                        method.params.join(", ")
                    ),
                )
                .with_help(format!(
                    "give `{}` a parameter named one of {}, or set `excludeActor: false` on the event",
                    method.name, "`userId`, `actorId`, `user`, `currentUser`"
                )));
        }
    })
}

/// Records on `entry` what `event` makes it emit.
#[allow(clippy::too_many_arguments)]
fn mark_event(
    entry: &mut MethodOverride,
    event: &EventContext,
    i: usize,
    loaded: &LoadedSpec,
    names: &ModuleNames,
    paths: &ModulePaths,
    find_method: Option<&str>,
) -> Result<(), LocatedError> {
    match event.lifecycle {
        Some("created") => entry.created = true,
        Some("updated") => entry.updated = true,
        Some("statusChanged") => {
            if find_method.is_none() {
                return Err(loaded
                    .error_at(
                        &format!("events[{i}].name"),
                        format!(
                            "`statusChanged` needs the {} before the update, but `{}` has no get-by-id method",
                            names.camel,
                            slash(&paths.base_service)
                        ),
                    )
                    .with_help(format!("add `get{}ById(id)` or `getById(id)` to the service", names.pascal)));
            }
            if let Some(gap) = entry.find_args.is_none().then_some(entry.gap.as_ref()).flatten() {
                return Err(loaded
                    .error_at(
                        &format!("events[{i}].name"),
                        format!("`statusChanged` needs the {} before the update, but {gap}", names.camel),
                    )
                    .with_help(format!("give `{}` the parameter the getter needs, or remove the event", entry.name)));
            }
            entry.status_changed = true;
            entry.find_before = true;
        }
        Some(_) => {
            entry.deleted = true;
            entry.find_before = entry.find_args.is_some();
        }
        None => entry.customs.push(event.name.clone()),
    }
    Ok(())
}

/// Each override's fallback entity and doc line.
fn describe_overrides(overrides: &mut [MethodOverride], names: &ModuleNames) {
    for o in overrides.iter_mut() {
        o.fallback = match (&o.find_args, o.deleted) {
            (Some(_), true) => "previous",
            // A create returns its entity or nothing to read back by id.
            (Some(_), false) if !o.created || !o.customs.is_empty() || o.updated || o.status_changed => "read",
            _ => "none",
        };
        let mut emitted: Vec<String> = Vec::new();
        for (flag, name) in [
            (o.created, "created"),
            (o.status_changed, "statusChanged"),
            (o.updated, "updated"),
            (o.deleted, "deleted"),
        ] {
            if flag {
                emitted.push(format!("`{}:{name}`", names.event_prefix));
            }
        }
        emitted.extend(o.customs.iter().map(|c| format!("`{}:{c}`", names.event_prefix)));
        o.doc = format!("Calls the base `{}`, then emits {}.", o.name, join_or(&emitted));
    }
}

/// The service's get-by-id method: `getProposalById`, `getById`, ...
fn find_by_id<'a>(methods: &'a [Method], names: &ModuleNames) -> Option<&'a str> {
    crate::read::getter::find_by_id(methods, &names.pascal).map(|m| m.name.as_str())
}

/// The parameters a toast function destructures from the payload.
fn toast_params(text: &str, entity: &str, status_changed: bool) -> String {
    let used = crate::read::spec::placeholders(text);
    let mut names: Vec<&str> = Vec::new();
    if used.iter().any(|p| !(status_changed && (*p == "oldStatus" || *p == "newStatus"))) {
        names.push(entity);
    }
    for status in ["oldStatus", "newStatus"] {
        if status_changed && used.contains(&status) {
            names.push(status);
        }
    }
    if names.is_empty() {
        String::new()
    } else {
        format!("{{ {} }}", names.join(", "))
    }
}

/// A toast text with `{field}` placeholders as a template literal (a plain
/// string literal when it has none). The text between placeholders, the
/// braces of `{{` and `}}` included, is escaped as one run, so no `$`
/// before a literal brace can open a substitution: spec text stays text.
fn toast_js(text: &str, entity: &str, status_changed: bool) -> String {
    if crate::read::spec::placeholders(text).is_empty() {
        return js_string_literal(&text.replace("{{", "{").replace("}}", "}"));
    }
    let mut out = String::from("`");
    let mut literal = String::new();
    let mut rest = text;
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix("{{") {
            literal.push('{');
            rest = r;
        } else if let Some(r) = rest.strip_prefix("}}") {
            literal.push('}');
            rest = r;
        } else if rest.starts_with('{') && rest.contains('}') {
            let end = rest.find('}').expect("checked");
            let name = &rest[1..end];
            out.push_str(&js_template_chunk(&std::mem::take(&mut literal)));
            if status_changed && (name == "oldStatus" || name == "newStatus") {
                out.push_str(&format!("${{{name}}}"));
            } else {
                out.push_str(&format!("${{{entity}?.{name} ?? \"\"}}"));
            }
            rest = &rest[end + 1..];
        } else {
            let next = rest[1..].find(['{', '}']).map(|i| i + 1).unwrap_or(rest.len());
            literal.push_str(&rest[..next]);
            rest = &rest[next..];
        }
    }
    out.push_str(&js_template_chunk(&literal));
    out.push('`');
    out
}

fn join_or(items: &[String]) -> String {
    match items.len() {
        0 => String::new(),
        1 => items[0].clone(),
        _ => format!("{} or {}", items[..items.len() - 1].join(", "), items[items.len() - 1]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::room_js;

    #[test]
    fn toast_placeholders_and_escaping() {
        assert_eq!(toast_js("New {title}", "proposal", false), "`New ${proposal?.title ?? \"\"}`");
        assert_eq!(toast_js("Now {newStatus}", "p", true), "`Now ${newStatus}`");
        assert_eq!(toast_js("a `b` \\ {{x}} {y}", "p", false), "`a \\`b\\` \\\\ {x} ${p?.y ?? \"\"}`");
        assert_eq!(toast_js("plain {{x}}", "p", false), "\"plain {x}\"");
        assert_eq!(toast_params("{title} now {newStatus}", "p", true), "{ p, newStatus }");
        // A `$` before a literal brace must not open a substitution.
        assert_eq!(
            toast_js("New ${{\"INJECTED\".toLowerCase()}} {title}", "p", false),
            "`New \\${\"INJECTED\".toLowerCase()} ${p?.title ?? \"\"}`"
        );
        assert_eq!(toast_js("a\nb </script> \u{2028} {x}", "p", false), "`a\\nb <\\/script> \\u2028 ${p?.x ?? \"\"}`");
        assert_eq!(toast_params("done", "p", true), "");
    }

    fn names_of(signature: &Signature) -> Vec<String> {
        signature.params.iter().map(|p| format!("{}{}", if p.rest { "..." } else { "" }, p.name)).collect()
    }

    #[test]
    fn overrides_take_the_base_parameter_names() {
        let module = ["base", "taskEvents", "findSafely", "isEntity", "unwrap", "undefined"];
        let plain = Signature::of(&["id".into(), "data".into(), "userId".into()], "task", &module, Some(0));
        assert_eq!(names_of(&plain), ["id", "data", "userId"]);
        assert_eq!(plain.arg(2).name, "userId");
        assert!(plain.arg(2).index.is_none());
        // A trailing rest parameter is passed on spread.
        let rest = Signature::of(&["data".into(), "...extra".into()], "task", &module, None);
        assert_eq!(names_of(&rest), ["data", "...extra"]);
        // A parameter named like a local: the local yields.
        let clash = Signature::of(&["task".into(), "result".into()], "task", &module, None);
        assert_eq!(names_of(&clash), ["task", "result"]);
        assert_eq!((clash.locals.entity.as_str(), clash.locals.result.as_str()), ("record", "returned"));
        // Destructured, duplicated or module-hiding parameters: one rest parameter.
        for base in [vec!["{...}", "userId"], vec!["base", "userId"], vec!["a", "a"], vec![]] {
            let base: Vec<String> = base.into_iter().map(String::from).collect();
            let fallback = Signature::of(&base, "task", &module, Some(0));
            assert_eq!(names_of(&fallback), ["...args"], "{base:?}");
            assert_eq!(fallback.arg(1).index, Some(1));
        }
    }

    #[test]
    fn rooms() {
        assert_eq!(room_js("user:{id}", "{id}", "id"), "`user:${id}`");
    }
}
