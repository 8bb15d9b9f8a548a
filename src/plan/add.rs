//! `add`'s and `check`'s plan: render the generated files and patch the
//! controller, start-up, AuthContext and page of each module. `check` is the
//! same plan (sync) without writing the spec.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

use super::draft::*;
use super::load::*;
use crate::js::header::with_header;
use crate::js::paths::slash;
use crate::js::paths::specifier;
use crate::js::style::Style;
use crate::patch::{self, Outcome};
use crate::plan::workspace::Workspace;
use crate::plan::{ChangeKind, Plan};
use crate::read::layout::ModulePaths;
use crate::read::names::ModuleNames;
use crate::read::profile::ServiceExport;
use crate::read::socket_layer::SocketLayer;
use crate::read::spec::{self, json_schema, load_spec, SCHEMA_FILE_NAME};
use crate::render::context::module_context;

/// What `add` may do beyond the safe default.
#[derive(Debug, Clone, Copy, Default)]
pub struct AddOptions {
    /// Overwrite generated files edited by hand (never files rtgen did not write).
    pub force: bool,
    /// Write a default spec for a module that has none.
    pub create_missing_specs: bool,
}

/// The plan of `rtgen add` for `modules` (names as typed, any case).
pub fn plan_add(ws: &Workspace, modules: &[String], options: AddOptions) -> Result<Plan> {
    // The socket layer first: nothing about a module helps while its events could reach no one.
    ws.socket()?;
    let mut draft = Draft::new(ws);
    let mut inputs: Vec<ModuleInput> = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for module in modules {
        if !seen.insert(heck::ToLowerCamelCase::to_lower_camel_case(module.as_str())) {
            continue;
        }
        let path = spec_path(ws, module);
        let text = match ws.host.read(&path)? {
            // A spec started by hand without events: derivation fills in the rest.
            Some(text) if options.create_missing_specs => {
                match super::partial::complete(ws, &path, &text, derive_spec)? {
                    Some(completed) => {
                        if let Err(error) = load_module(ws, &path, &completed) {
                            bail!(
                            "cannot add `{module}`: `{}`, completed with the events rtgen derived from the code, does not hold:\n  {}\nthe completed spec (not written):\n{completed}\n  help: save it as `{}`, fix what the message names, and run `rtgen add {module}` again",
                            slash(&path),
                            error.to_string().replace('\n', "\n  "),
                            slash(&path)
                        );
                        }
                        draft.set(&path, Some(completed.clone()), ChangeKind::Spec, module)?;
                        completed
                    }
                    None => text,
                }
            }
            Some(text) => text,
            None if options.create_missing_specs => {
                // The name comes from the command line: say so, not a line of a file never written.
                let bare = load_spec(&path, &format!("module: {module}\nevents: []\n"))?;
                if let Err(errors) = spec::validate_module_name(&bare) {
                    let message = errors.0.first().map(|e| e.message.clone()).unwrap_or_default();
                    bail!("cannot add `{module}`: {message}\n  help: pick another module name");
                }
                // A typo of a module the host has (`add proposl`): say which, derive nothing.
                let names = ModuleNames::with_patterns(&bare.spec, &ws.profile.names);
                let paths = ModulePaths::new(&ws.profile, &names);
                if ws.host.read(&paths.base_service)?.is_none() && ws.host.read(&paths.controller)?.is_none() {
                    let known = super::known::known_modules(ws)?;
                    // Files named after the module under other names (`tickets.service.ts`,
                    // `ticketForm.service.ts`): the message about its service lists them.
                    let named_after = known.iter().any(|k| k.starts_with(&names.camel));
                    if let Some(meant) = super::known::meant(module, &known).filter(|_| !named_after) {
                        bail!(
                            "no module `{module}`: no spec (`{}`), service (`{}`) or controller (`{}`) is named so; nothing was changed\n  help: did you mean `{meant}`? (`rtgen add {meant}`)",
                            slash(&path),
                            slash(&paths.base_service),
                            slash(&paths.controller)
                        );
                    }
                }
                let text = derive_spec(ws, &bare)?;
                // A derived spec that does not hold is shown whole, not cited by a line of a file never written.
                if let Err(error) = load_module(ws, &path, &text) {
                    bail!(
                        "cannot add `{module}`: the spec rtgen derived from its code does not hold:\n  {}\nthe derived spec (not written):\n{text}\n  help: save it as `{}`, fix what the message names, and run `rtgen add {module}` again",
                        error.to_string().replace('\n', "\n  "),
                        slash(&path)
                    );
                }
                draft.set(&path, Some(text.clone()), ChangeKind::Spec, module)?;
                text
            }
            None => bail!("`{}` not found\n  help: run `rtgen add {module}` to write a default spec", slash(&path)),
        };
        inputs.push(load_module(ws, &path, &text)?);
    }
    if let Err(error) = plan_modules(ws, &mut draft, &inputs, options) {
        // A spec rtgen derived was not written: show it rather than cite a line of
        // it, or send the user to edit a file that does not exist.
        let derived = inputs.iter().find(|i| {
            let message = error.to_string();
            let path = slash(&i.loaded.path);
            draft.is_new_spec(&i.loaded.path)
                && (message.contains(&format!("`{path}:")) || message.contains(&format!("`{path}`")))
        });
        if let Some(input) = derived {
            let text = draft.current(&input.loaded.path)?.unwrap_or_default();
            let cited = error.to_string().contains(&format!("`{}:", slash(&input.loaded.path)));
            bail!(
                "cannot add `{}`: the spec rtgen derived from its code {}:\n  {}\nthe derived spec (not written):\n{text}\n  help: save it as `{}`, fix what the message names, and run `rtgen add {}` again",
                input.names.camel,
                if cited { "does not hold" } else { "needs a setting" },
                error.to_string().replace('\n', "\n  "),
                slash(&input.loaded.path),
                input.names.camel
            );
        }
        return Err(error);
    }
    let plan = draft.finish();
    plan.check_javascript()?;
    Ok(plan)
}

/// Roles the host's code already sends to or guards the module's routes with.
pub(super) fn extra_roles(ws: &Workspace, names: &ModuleNames) -> Result<Vec<spec::ExtraRoles>> {
    let known = ws.profile.roles.clone().unwrap_or_default();
    let backend = Path::new(&ws.profile.backend.root);
    crate::read::precedent::extra_roles(ws.host, backend, &names.camel, &names.plural, &known)
}

/// The spec of a module that has none, derived from its base service and
/// entity (`read::spec::derive`).
fn derive_spec(ws: &Workspace, bare: &crate::read::spec::LoadedSpec) -> Result<String> {
    let (names, paths) = module_names(ws, &bare.spec)?;
    let Some(source) = ws.host.read(&paths.base_service)? else {
        return super::controller::derive_controller_spec(ws, bare, &names, &paths);
    };
    let service = match ws.profile.modules.get(&names.camel) {
        Some(profile) => profile.clone(),
        None => crate::read::detect::detect_service(&paths.base_service, &source)?,
    };
    let writing = crate::read::detect::writing_methods(&paths.base_service, &source);
    let backend = Path::new(&ws.profile.backend.root);
    let entity = crate::read::entity::read_entity(ws.host, backend, &names.camel, &names.plural, &paths.base_service)?;
    let service_path = slash(&paths.base_service);
    let find = service.methods.iter().map(|m| m.name.clone()).find(|m| *m == format!("get{}ById", names.pascal));
    let wrapper = find.as_ref().and_then(|f| {
        crate::read::detect::wrapper_key(&paths.base_service, &source, f, &names.camel).map(|k| (f.clone(), k))
    });
    let maps_id = crate::read::ids::maps_underscore_id_to_id(&paths.base_service, &source)
        .map(|line| format!("{service_path}:{line}"));
    let extra_roles = extra_roles(ws, &names)?;
    Ok(spec::derived_spec_yaml(&spec::ModuleFacts {
        wrapper: wrapper.as_ref().map(|(f, k)| (f.as_str(), k.as_str())),
        camel: &names.camel,
        plural: &names.plural,
        service_path: &service_path,
        methods: &service.methods,
        writing: &writing,
        entity: entity.as_ref(),
        roles: ws.profile.roles.as_deref(),
        extra_roles: &extra_roles,
        actor_in_request: false,
        no_old_status: None,
        maps_id: maps_id.as_deref(),
        reads: spec::Reads::Service(crate::read::getter::find_by_id(&service.methods, &names.pascal)),
        bare_verbs: false,
        answers_without_record: &[],
    }))
}

/// The plan that brings every spec'd module in sync (what `check` compares).
pub fn plan_sync(ws: &Workspace, inputs: &[ModuleInput]) -> Result<Plan> {
    let mut draft = Draft::new(ws);
    plan_modules(ws, &mut draft, inputs, AddOptions::default())?;
    Ok(draft.finish())
}

fn plan_modules(ws: &Workspace, draft: &mut Draft, inputs: &[ModuleInput], options: AddOptions) -> Result<()> {
    let Some(first) = inputs.first() else { return Ok(()) };
    let schema_path = Path::new(&ws.profile.specs).join(SCHEMA_FILE_NAME);
    let schema = json_schema();
    // The schema reformatted by the host's formatter is still the schema.
    let current = draft.current(&schema_path)?;
    if !current.is_some_and(|current| crate::js::same_code::same_code(&schema_path, &current, &schema)) {
        draft.set(&schema_path, Some(schema), ChangeKind::Schema, &first.names.camel)?;
    }
    check_inputs(ws, inputs)?;
    super::checks::run(ws, inputs)?;
    let style_front = match ws.profile.style.front {
        Some(style) => style,
        None => Style::detect(&ws.host.read(&first.paths.front_socket_service)?.unwrap_or_default()),
    };
    // Where start-up wires socket-enabled services itself, new ones follow it.
    // No module has a start-up line of its own any more: rtgen's runtime is
    // attached once, where the server is created (`plan::runtime`).
    let wiring: Option<patch::wiring::Precedent> = None;
    let wired = |input: &ModuleInput| wiring.as_ref().filter(|_| input.service.export != ServiceExport::Functions);
    let service = &first.paths.front_socket_service;
    let owner = match owned_socket(draft, service)? {
        Some(found) => Some(super::socket_factory::owner_file(ws, draft, service, &found)?),
        None => None,
    };
    let owned = owner.is_some();
    // Modules are independent: plan them on every core, then merge in order.
    let plans = parallel_map(inputs, |input| plan_module(ws, input, style_front, wired(input), owned))?;
    for (input, plan) in inputs.iter().zip(plans) {
        let module = input.names.camel.as_str();
        for (path, desired) in plan.generated {
            plan_generated(draft, &path, desired, module, options.force)?;
        }
        for patched in plan.patches {
            let current = draft.current(&patched.path)?.unwrap_or_default();
            // Two modules patching one file: the second patches the first's result.
            let outcome = if current == patched.source {
                patched.outcome
            } else {
                match patched.site {
                    Site::Controller => patch_controller(input, &current)?,
                    Site::Route => {
                        patch::controller::add(&patched.path, &current, &super::controller::route_patch(&input.names))?
                    }
                    Site::Page => super::page::patch_page(ws, input, &patched.path, &current)?,
                }
            };
            draft.patched(&patched.path, outcome, ChangeKind::PatchMissing, module)?;
        }
        draft.notes.extend(plan.notes);
    }
    super::contract::plan_contract(ws, draft, inputs, options.force)?;
    super::runtime::plan_runtime(ws, draft, inputs, options.force)?;
    let wired_inputs: Vec<&ModuleInput> = inputs.iter().filter(|i| wired(i).is_some()).collect();
    plan_shared_files(ws, draft, inputs, wiring.as_ref().map(|w| (w, wired_inputs.as_slice())), owner.as_ref())
}

/// What must hold before anything is planned: the front's socket service
/// exists, every event can reach someone, a configured toast module exists,
/// and no two modules claim one generated file.
fn check_inputs(ws: &Workspace, inputs: &[ModuleInput]) -> Result<()> {
    let Some(first) = inputs.first() else { return Ok(()) };
    // The generated code builds on the host's socket layer.
    // `init` scaffolds the socket service only into an AuthContext that exists: without one,
    // sending the user to `init` would send them back here.
    let help = if ws.host.read(&first.paths.auth_context)?.is_some() {
        "run `rtgen init` to scaffold the socket layer, or set `front.socketService` in `rtgen.yaml`".to_string()
    } else {
        format!(
            "set `front.socketService` in `rtgen.yaml` to the frontend module that creates the socket (`io(...)` from `socket.io-client`); if the frontend has none yet, `rtgen init` scaffolds one once `front.authContext` names the component that holds the signed-in user (`{}` does not exist either)",
            slash(&first.paths.auth_context)
        )
    };
    ws.host.require(
        &first.paths.front_socket_service,
        "the frontend socket service the module services subscribe through",
        &help,
    )?;
    let socket = ws.socket()?;
    let mut claimed: BTreeMap<&Path, &str> = BTreeMap::new();
    for input in inputs {
        check_reachable(input, socket)?;
        if let Some(toast) = &input.paths.toast {
            ws.host.require(
                toast,
                "the toast module `front.toast` in `rtgen.yaml` names",
                "point `front.toast` at the module that exports `toast` (with `info`), or remove the key: the module services then show no toasts",
            )?;
        }
        // Two modules must not claim one generated file (e.g. through `names.service`).
        for path in input.paths.generated() {
            if let Some(other) = claimed.insert(path, &input.names.camel) {
                bail!(
                    "modules `{other}` and `{}` would both generate `{}`\n  help: give one of them other names in its spec (`names.service`)",
                    input.names.camel,
                    slash(path)
                );
            }
        }
    }
    Ok(())
}

/// The files every module shares: the server entry (start-up passes the
/// server on, or wires services the host's way), the socket server (rtgen's
/// joins) and the AuthContext. One parse serves every module.
fn plan_shared_files(
    ws: &Workspace,
    draft: &mut Draft,
    inputs: &[ModuleInput],
    wiring: Option<(&patch::wiring::Precedent, &[&ModuleInput])>,
    owner: Option<&super::socket_factory::OwnerFile>,
) -> Result<()> {
    let Some(first) = inputs.first() else { return Ok(()) };
    let entry = draft.current(&first.paths.entry)?.ok_or_else(|| {
        anyhow::anyhow!(
            "`{}` not found: rtgen looked there for the server entry\n  help: set `backend.entry` in `rtgen.yaml`",
            slash(&first.paths.entry)
        )
    })?;
    let modules = || inputs.iter().map(|i| (&i.names, &i.paths));
    let socket = ws.socket()?;
    drop(entry);
    if let Some((precedent, wired)) = wiring {
        let entry = draft.current(&first.paths.entry)?.unwrap_or_default();
        let modules: Vec<patch::wiring::WiredModule> = wired.iter().map(|i| wired_module(i)).collect();
        let outcome = patch::wiring::add(&first.paths.entry, &entry, &modules, precedent)?;
        let entry_owners = owners(&entry, &outcome, inputs, |i| &i.names.service_with_socket_file);
        draft.patched(&first.paths.entry, outcome, ChangeKind::PatchMissing, &entry_owners)?;
    }
    if let Some(owner) = owner {
        // The file that creates the socket (or keeps what a factory makes) hands it over
        // itself: no AuthContext to patch.
        let service = &owner.path;
        let text = draft.current(service)?.unwrap_or_default();
        let outcome = patch::socket_owner::add(service, &text, &owner_patch(owner, modules()))?;
        let service_owners = owners(&text, &outcome, inputs, |i| &i.names.socket_service_binding);
        return draft.patched(service, outcome, ChangeKind::PatchMissing, &service_owners);
    }
    let auth = draft.current(&first.paths.auth_context)?.ok_or_else(|| {
        anyhow::anyhow!(
            "`{}` not found: rtgen looked there for the AuthContext\n  help: set `front.authContext` in `rtgen.yaml`",
            slash(&first.paths.auth_context)
        )
    })?;
    let outcome =
        patch::auth_context::add(&first.paths.auth_context, &auth, &auth_patch(ws, &socket.ready_event, modules()))?;
    let auth_owners = owners(&auth, &outcome, inputs, |i| &i.names.socket_service_binding);
    draft.patched(&first.paths.auth_context, outcome, ChangeKind::PatchMissing, &auth_owners)
}

/// Where the front's socket service creates its socket when that is inside
/// a provider, a hook, a zustand store or a function (`None`: it is a socket
/// module, wired in the AuthContext); stops where rtgen cannot wire it
/// (inside Redux), with the way forward.
pub(super) fn owned_socket(draft: &Draft, service: &Path) -> Result<Option<crate::read::socket_owner::Found>> {
    use crate::read::socket_owner;
    let Some(text) = draft.current(service)? else { return Ok(None) };
    let Some(found) = socket_owner::find(service, &text) else { return Ok(None) };
    if let Some(note) = socket_owner::unplaced(&slash(service), &found) {
        anyhow::bail!("{note}");
    }
    Ok(Some(found).filter(socket_owner::is_owned))
}

/// The patch of the file that creates the socket: each module's socket
/// service is handed it there.
pub(super) fn owner_patch<'a>(
    owner: &super::socket_factory::OwnerFile,
    modules: impl IntoIterator<Item = (&'a ModuleNames, &'a ModulePaths)>,
) -> patch::socket_owner::SocketOwnerPatch {
    patch::socket_owner::SocketOwnerPatch {
        modules: modules
            .into_iter()
            .map(|(names, paths)| patch::socket_owner::OwnerModule {
                binding: names.socket_service_binding.clone(),
                specifier: specifier(&owner.path, &paths.front_module_service, paths.imports.front),
            })
            .collect(),
        creators: owner.creators.clone(),
    }
}

/// What one module contributes, computed from the host alone.
struct ModulePlan {
    generated: Vec<(PathBuf, String)>,
    patches: Vec<Patched>,
    /// Warnings for the user (a page rtgen left alone).
    notes: Vec<String>,
}

enum Site {
    Controller,
    /// A file importing the handlers of a module emitted from its controller.
    Route,
    Page,
}

/// A patch result and the text it was computed from.
struct Patched {
    path: PathBuf,
    source: String,
    outcome: Outcome,
    site: Site,
}

fn plan_module(
    ws: &Workspace,
    input: &ModuleInput,
    style_front: Style,
    wiring: Option<&patch::wiring::Precedent>,
    takes_socket: bool,
) -> Result<ModulePlan> {
    let module = input.names.camel.as_str();
    check_module_systems(ws, input, wiring.is_some())?;
    let startup_method = wiring.map(|w| w.method.as_str());
    // A module emitted from its controller has no service part: its handlers act as `req.user`.
    let mut context = module_context(
        &input.loaded,
        &input.names,
        ws.socket()?,
        &input.paths,
        (input.controller.is_none() && input.inline.is_none()).then_some(&input.service),
        startup_method,
        input.entity.as_ref(),
    )?;
    context.module_system = input.module_system.as_str();
    context.front.takes_socket = takes_socket;
    let mut controller = match &input.controller {
        Some(controller) => Some(crate::render::controller_context::controller_context(
            &input.loaded,
            controller,
            &input.paths.service_with_socket,
            &input.paths.events,
            &context.events,
        )?),
        None => None,
    };
    if let (Some(context), Some(module), crate::read::commonjs::ModuleSystem::Esm) =
        (&controller, &input.controller, input.module_system)
    {
        context.check_handler_names(&module.path, &input.names.events_binding)?;
    }
    // The file the generated backend files sit beside: the base service, else the controller.
    let backend_model = match (&input.controller, &input.inline) {
        (Some(c), _) => &c.path,
        (None, Some(i)) => &i.path,
        (None, None) => &input.paths.base_service,
    };
    if input.module_system == crate::read::commonjs::ModuleSystem::CommonJs {
        let base = ws.host.read(backend_model)?.unwrap_or_default();
        if !crate::read::commonjs::requires_with_extension(backend_model, &base) {
            // `require("./taskService")`, as the host writes them.
            let mut specifiers = vec![&mut context.runtime.specifier];
            if let Some(service) = context.service.as_mut() {
                specifiers.extend([&mut service.base_specifier, &mut service.events_specifier]);
            }
            if let Some(controller) = controller.as_mut() {
                specifiers.extend([&mut controller.base_specifier, &mut controller.events_specifier]);
            }
            for specifier in specifiers {
                if let Some(stem) = specifier.strip_suffix(".js") {
                    *specifier = stem.to_string();
                }
            }
        }
    }
    let service_template = context.service.as_ref().map(|s| s.template()).unwrap_or_default();
    let mut context = tera::Context::from_serialize(&context).context("render context")?;
    let style_backend = match ws.profile.style.backend {
        Some(style) => style,
        None => Style::detect(&ws.host.read(backend_model)?.unwrap_or_default()),
    };
    let service_template = match controller {
        Some(controller) => {
            context.insert("controller", &controller);
            "backend/controller_with_socket.js.tera"
        }
        None => service_template.as_str(),
    };
    // Inline routes load the events file's middleware: no service or controller is generated.
    context.insert("inline", &input.inline.is_some());
    let spec_path = slash(&input.loaded.path);
    // A CommonJS backend whose files open with `"use strict"` gets it in the new ones too.
    let strict = input.module_system == crate::read::commonjs::ModuleSystem::CommonJs
        && crate::read::commonjs::uses_strict(backend_model, &ws.host.read(backend_model)?.unwrap_or_default());
    let mut generated = Vec::new();
    for (template, path, style) in [
        ("backend/events.js.tera", &input.paths.events, style_backend),
        (service_template, &input.paths.service_with_socket, style_backend),
        ("front/socket_service.js.tera", &input.paths.front_module_service, style_front),
    ] {
        if input.inline.is_some() && path == &input.paths.service_with_socket {
            continue;
        }
        // A TypeScript side gets the `.ts.tera` sibling of each template.
        let template = match crate::read::layout::Lang::of(path) {
            crate::read::layout::Lang::TypeScript => template.replace(".js.tera", ".ts.tera"),
            crate::read::layout::Lang::JavaScript => template.to_string(),
        };
        let body = ws.templates.render(&template, &context, &style)?;
        let body = match strict && path != &input.paths.front_module_service {
            true => format!("{}{body}", crate::read::commonjs::use_strict_line(&style)),
            false => body,
        };
        generated.push((path.clone(), with_header(&body, &spec_path, module, style.line_ending.as_str())));
        // Read it here, on this thread, so the merge finds it in the cache.
        ws.host.read(path)?;
    }

    let page = super::page::plan_page(ws, input)?;
    let notes: Vec<String> = page.note.into_iter().collect();
    let page_patch: Vec<Patched> = page
        .patch
        .map(|(path, source, outcome)| Patched { path, source, outcome, site: Site::Page })
        .into_iter()
        .collect();
    if input.inline.is_some() {
        // The routes hold the middleware lines the user pasted: rtgen does not edit them.
        return Ok(ModulePlan { generated, patches: page_patch, notes });
    }
    if input.controller.is_some() {
        // The routes import the socket-enabled controller.
        let mut patches: Vec<Patched> = super::controller::route_patches(ws, &input.names, &input.paths)?
            .into_iter()
            .map(|(path, source, outcome)| Patched { path, source, outcome, site: Site::Route })
            .collect();
        patches.extend(page_patch);
        return Ok(ModulePlan { generated, patches, notes });
    }
    // The controller imports the socket-enabled service.
    let Some(controller) = ws.host.read(&input.paths.controller)? else {
        let dir = input.paths.controller.parent().unwrap_or(Path::new(""));
        let near = mentions(ws, &input.names, dir)?;
        let found = if near.is_empty() {
            format!("found no file named after the module in `{}`", slash(dir))
        } else {
            format!("found {}", crate::error::backticked(near.iter().map(|p| slash(p)), ", "))
        };
        let help = if near.is_empty() {
            format!("set `names.controller` in `{spec_path}` to the controller's file name (without `.js`)")
        } else {
            naming_hint(ws, &input.names, &near, "controller", &input.loaded.path)
        };
        bail!(
            "`{}` not found: rtgen looked there for the `{module}` controller (`names.controller` is `{}`), and {found}\n  help: {help}",
            slash(&input.paths.controller),
            ws.profile.names.controller()
        );
    };
    let controller_outcome = patch_controller(input, &controller)?;
    let mut patches = vec![Patched {
        path: input.paths.controller.clone(),
        source: controller,
        outcome: controller_outcome,
        site: Site::Controller,
    }];
    patches.extend(page_patch);
    Ok(ModulePlan { generated, patches, notes })
}

/// A file never gets both module systems: the generated backend files take
/// the base service's, so the socket server they load must share it, and a
/// CommonJS entry, which loads the events at start-up with `require`, can
/// load only CommonJS ones.
fn check_module_systems(ws: &Workspace, input: &ModuleInput, wired: bool) -> Result<()> {
    use crate::read::commonjs::ModuleSystem;
    let socket = ws.socket()?;
    let words = |m: ModuleSystem| match m {
        ModuleSystem::Esm => "an ES module",
        ModuleSystem::CommonJs => "CommonJS",
    };
    let _ = wired;
    if input.module_system != socket.module_system {
        anyhow::bail!(
            "`{}` is {} and the socket server `{}` is {}: rtgen's runtime `{}`, which both load, would be loaded across module systems\n  help: use one module system for the backend (`\"type\"` in its `package.json`, `require` or `import` throughout)",
            slash(&input.paths.base_service),
            words(input.module_system),
            slash(&socket.server),
            words(socket.module_system),
            slash(&input.paths.runtime)
        );
    }
    Ok(())
}

fn patch_controller(input: &ModuleInput, source: &str) -> Result<Outcome> {
    Ok(patch::controller::add(&input.paths.controller, source, &controller_patch(&input.names))?)
}

/// The controller's patch: its base-service import, redirected.
pub(super) fn controller_patch(names: &ModuleNames) -> patch::controller::ControllerPatch {
    patch::controller::ControllerPatch {
        base_stem: names.service_file.clone(),
        socket_stem: names.service_with_socket_file.clone(),
    }
}

/// The server entry's patch for `modules`: import and initialise each
/// events file once `init` (or `new Server`) has created the server.
pub(super) fn startup_patch<'a>(
    init: &str,
    module_system: crate::read::commonjs::ModuleSystem,
    modules: impl IntoIterator<Item = (&'a ModuleNames, &'a ModulePaths)>,
) -> patch::startup::StartupPatch {
    patch::startup::StartupPatch {
        modules: modules
            .into_iter()
            .map(|(names, paths)| patch::startup::StartupModule {
                binding: names.events_binding.clone(),
                specifier: specifier(&paths.entry, &paths.events, paths.imports.backend),
            })
            .collect(),
        socket_init: init.to_string(),
        module_system,
    }
}

/// A module as start-up wires it the host's way: its socket-enabled service.
pub(super) fn wired_module(input: &ModuleInput) -> patch::wiring::WiredModule {
    wired_module_of(&input.names, &input.paths)
}

pub(super) fn wired_module_of(names: &ModuleNames, paths: &ModulePaths) -> patch::wiring::WiredModule {
    patch::wiring::WiredModule {
        binding: names.service_stem.clone(),
        specifier: specifier(&paths.entry, &paths.service_with_socket, paths.imports.backend),
    }
}

/// The AuthContext's patch for `modules`: import, initialise on `ready_event`, clean up at teardown.
pub(super) fn auth_patch<'a>(
    ws: &Workspace,
    ready_event: &str,
    modules: impl IntoIterator<Item = (&'a ModuleNames, &'a ModulePaths)>,
) -> patch::auth_context::AuthContextPatch {
    let socket_service = Path::new(&ws.profile.front.socket_service);
    patch::auth_context::AuthContextPatch {
        modules: modules
            .into_iter()
            .map(|(names, paths)| patch::auth_context::AuthModule {
                binding: names.socket_service_binding.clone(),
                specifier: specifier(&paths.auth_context, &paths.front_module_service, paths.imports.front),
            })
            .collect(),
        socket_service_stem: socket_service.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default(),
        ready_event: ready_event.to_string(),
    }
}

/// Refuses a spec whose events name roles when the socket's user carries
/// no role (those events would reach no one), and a spec whose roles would
/// cross tenants: on an app whose users belong to tenants, role recipients
/// are scoped by `tenant:`, or opted out with `tenant: none`.
fn check_reachable(input: &ModuleInput, socket: &SocketLayer) -> Result<()> {
    let spec = &input.loaded.spec;
    let with_roles = spec.events.iter().enumerate().find(|(_, e)| !e.recipients.roles.is_empty());
    if let (Some((i, event)), None) = (with_roles, &socket.role_room) {
        let error = input.loaded.error_at(
            &format!("events[{i}].recipients.roles"),
            format!(
                "event `{}` goes to roles {}, but rtgen cannot tell a socket's role: who a socket is comes from {}, which holds no role",
                event.name,
                crate::error::backticked(&event.recipients.roles, ", "),
                socket.identity.source
            ),
        );
        let help = match socket.identity.generated {
            // The role comes from the HTTP API's auth, which reads none.
            true => "rtgen's socket auth takes the role from where the API's auth middleware reads it (a `role` in the verified token, or of the user it looks up), and it reads none: send this event to `fields` only, or put the role in the login token and have the middleware read it (`req.user = { id, role }`)",
            false => "set `socket.joins.role` in `rtgen.yaml` to the role on the connected socket (for example `socket.user.role`), or send this event to `fields` only",
        };
        return Err(error.with_help(help).into());
    }
    let tenant = spec.tenant.as_deref();
    match (tenant, &socket.identity.tenant) {
        (Some(field), None) if field != crate::read::spec::NO_TENANT => {
            let error = input.loaded.error_at(
                "tenant",
                format!(
                    "`tenant: {field}` sends role events only to the record's tenant, but rtgen cannot tell a socket's tenant: who a socket is comes from {}, which holds none",
                    socket.identity.source
                ),
            );
            return Err(error
                .with_help(
                    "set `socket.joins.tenant` in `rtgen.yaml` to the tenant on the connected socket (for example `socket.user.organizationId`), or write `tenant: none` if the app has no tenants",
                )
                .into());
        }
        (Some(field), _) if field != crate::read::spec::NO_TENANT => {
            let known = input.entity.as_ref().filter(|e| e.from_schema);
            if let Some(entity) = known.filter(|e| !e.has(field)) {
                let close = crate::error::did_you_mean(field, entity.columns.iter().map(String::as_str));
                let error = input
                    .loaded
                    .error_at("tenant", format!("`tenant: {field}` is not a field of the entity ({})", entity.source));
                return Err(error
                    .with_help(match close {
                        Some(close) => format!("did you mean `{close}`?"),
                        None => format!(
                            "name the field that holds the record's tenant, one of {}",
                            crate::error::backticked(&entity.columns, ", ")
                        ),
                    })
                    .into());
            }
        }
        (None, Some(user_tenant)) => {
            if let Some((i, event)) = with_roles {
                let error = input.loaded.error_at(
                    &format!("events[{i}].recipients.roles"),
                    format!(
                        "event `{}` goes to roles {}, and the app's users belong to tenants (`{user_tenant}` on the socket): without `tenant:` the event would reach the members of those roles in every tenant",
                        event.name,
                        crate::error::backticked(&event.recipients.roles, ", ")
                    ),
                );
                return Err(error
                    .with_help(
                        "add `tenant: <the entity field holding the record's tenant>` to the spec (for example `tenant: organizationId`); or `tenant: none` if these roles may see every tenant's records",
                    )
                    .into());
            }
        }
        // The records belong to tenants, the sockets say none: role rooms
        // would be global, and a role's members in every tenant would get them.
        (None, None) => {
            let column = input.entity.as_ref().filter(|e| e.from_schema).and_then(|e| {
                crate::read::socket_server::TENANT_KEYS.iter().find(|k| e.has(k)).map(|k| (k, e.source.clone()))
            });
            if let (Some((i, event)), Some((column, source))) = (with_roles, column) {
                let error = input.loaded.error_at(
                    &format!("events[{i}].recipients.roles"),
                    format!(
                        "event `{}` goes to roles {}, and the records belong to tenants (`{column}` in {source}), but rtgen cannot tell a socket's tenant: the event would reach the members of those roles in every tenant",
                        event.name,
                        crate::error::backticked(&event.recipients.roles, ", ")
                    ),
                );
                return Err(error
                    .with_help(format!(
                        "set `socket.joins.tenant` in `rtgen.yaml` to the tenant on the connected socket (for example `socket.user.{column}`) and add `tenant: {column}` to the spec; or `tenant: none` if these roles may see every tenant's records"
                    ))
                    .into());
            }
        }
        _ => {}
    }
    Ok(())
}

/// The modules a shared file's change is for: those whose binding it adds,
/// space-separated (what `check` names and puts in `rtgen add ...`).
fn owners(
    before: &str,
    outcome: &Outcome,
    inputs: &[ModuleInput],
    binding: impl Fn(&ModuleInput) -> &String,
) -> String {
    let Outcome::Changed(after) = outcome else { return String::new() };
    if let [only] = inputs {
        return only.names.camel.clone();
    }
    let names: Vec<&str> = inputs
        .iter()
        .filter(|i| after.matches(binding(i).as_str()).count() > before.matches(binding(i).as_str()).count())
        .map(|i| i.names.camel.as_str())
        .collect();
    if names.is_empty() {
        inputs.iter().map(|i| i.names.camel.as_str()).collect::<Vec<_>>().join(" ")
    } else {
        names.join(" ")
    }
}

/// The module's page: the named file, else the one page that holds the
/// module's list state.
pub(super) fn locate_page(ws: &Workspace, input: &ModuleInput) -> Result<PathBuf> {
    if input.loaded.spec.names.page.is_some() || ws.host.read(&input.paths.page)?.is_some() {
        if ws.host.read(&input.paths.page)?.is_none() {
            bail!(
                "`{}` not found: `names.page` in `{}` names it as the `{}` page",
                slash(&input.paths.page),
                slash(&input.loaded.path),
                input.names.camel
            );
        }
        return Ok(input.paths.page.clone());
    }
    let setter = input.loaded.spec.page.setter.clone().unwrap_or_else(|| format!("set{}", input.names.plural_pascal));
    let dir = input.paths.page.parent().unwrap_or(Path::new(""));
    let mut candidates = Vec::new();
    let lang = crate::read::layout::Lang::of(&ws.profile.front.auth_context);
    for path in list_any(ws, dir, lang.page_exts())? {
        let text = ws.host.read(&path)?.unwrap_or_default();
        if has_identifier(&text, &setter) {
            candidates.push(path);
        }
    }
    match candidates.len() {
        1 => Ok(candidates.remove(0)),
        0 => bail!(
            "`{}` not found, and no page in `{}` holds `{setter}`\n  help: set `names.page` in `{}` to the `{}` page's file name, or `front.pages` in `rtgen.yaml` when the pages live in another folder",
            slash(&input.paths.page),
            slash(dir),
            slash(&input.loaded.path),
            input.names.camel
        ),
        _ => bail!(
            "`{}` not found, and several pages hold `{setter}`: {}\n  help: set `names.page` in `{}`",
            slash(&input.paths.page),
            crate::error::backticked(candidates.iter().map(|p| slash(p)), ", "),
            slash(&input.loaded.path)
        ),
    }
}

/// Does `text` use `name` as a whole identifier (not `setProposalsLoading`)?
pub(super) fn has_identifier(text: &str, name: &str) -> bool {
    let is_ident = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '$';
    text.match_indices(name).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + name.len()..].chars().next();
        !before.is_some_and(is_ident) && !after.is_some_and(is_ident)
    })
}

/// The files in `dir` ending with any of `suffixes`, in name order.
pub(crate) fn list_any(ws: &Workspace, dir: &Path, suffixes: &[&str]) -> Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    for suffix in suffixes {
        found.extend(ws.host.list(dir, suffix)?);
    }
    found.sort();
    Ok(found)
}
