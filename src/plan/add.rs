//! `add`'s and `check`'s plan: render the generated files and patch the
//! controller, start-up, AuthContext and page of each module. `check` is the
//! same plan (sync) without writing the spec.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

use super::draft::*;
use super::load::*;
use crate::js::style::Style;
use crate::patch::{self, Outcome};
use crate::plan::layout::{specifier, ModulePaths};
use crate::plan::names::ModuleNames;
use crate::plan::{ChangeKind, Plan};
use crate::read::profile::ServiceExport;
use crate::read::socket_layer::{Reach, SocketLayer};
use crate::read::spec::{self, json_schema, load_spec, SCHEMA_FILE_NAME};
use crate::read::workspace::Workspace;
use crate::render::context::{module_context, slash};
use crate::render::header::with_header;

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
            Some(text) if options.create_missing_specs => match super::partial::complete(ws, &path, &text, derive_spec)? {
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
            },
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
    let names = ModuleNames::with_patterns(&bare.spec, &ws.profile.names);
    let paths = ModulePaths::new(&ws.profile, &names);
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
    let style_front = match ws.profile.style.front {
        Some(style) => style,
        None => Style::detect(&ws.host.read(&first.paths.front_socket_service)?.unwrap_or_default()),
    };
    // Where start-up wires socket-enabled services itself, new ones follow it.
    let wiring = match &ws.socket()?.reach {
        Reach::Module { .. } => match ws.host.read(&first.paths.entry)? {
            Some(entry) => patch::wiring::precedent(&first.paths.entry, &entry)?,
            None => None,
        },
        Reach::StartUp { .. } => None,
    };
    let wired = |input: &ModuleInput| wiring.as_ref().filter(|_| input.service.export != ServiceExport::Functions);
    let owned = owned_socket(draft, &first.paths.front_socket_service)?.is_some();
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
                    Site::Page => patch_page(input, &patched.path, &current)?,
                }
            };
            draft.patched(&patched.path, outcome, ChangeKind::PatchMissing, module)?;
        }
    }
    super::contract::plan_contract(ws, draft, inputs, options.force)?;
    let wired_inputs: Vec<&ModuleInput> = inputs.iter().filter(|i| wired(i).is_some()).collect();
    plan_shared_files(ws, draft, inputs, wiring.as_ref().map(|w| (w, wired_inputs.as_slice())), owned)
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
    owned: bool,
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
    // Emitters that read the server from its module need nothing at start-up.
    if let Reach::StartUp { init } = &socket.reach {
        let system = crate::read::commonjs::module_system_of(ws.host, &first.paths.entry)?;
        let outcome = patch::startup::add(&first.paths.entry, &entry, &startup_patch(init, system, modules()))?;
        let entry_owners = owners(&entry, &outcome, inputs, |i| &i.names.events_binding);
        draft.patched(&first.paths.entry, outcome, ChangeKind::PatchMissing, &entry_owners)?;
    }
    if let Some((precedent, wired)) = wiring {
        let entry = draft.current(&first.paths.entry)?.unwrap_or_default();
        let modules: Vec<patch::wiring::WiredModule> = wired.iter().map(|i| wired_module(i)).collect();
        let outcome = patch::wiring::add(&first.paths.entry, &entry, &modules, precedent)?;
        let entry_owners = owners(&entry, &outcome, inputs, |i| &i.names.service_with_socket_file);
        draft.patched(&first.paths.entry, outcome, ChangeKind::PatchMissing, &entry_owners)?;
    }
    if let Some(joins) = &socket.joins {
        let server = draft.current(&joins.file)?.unwrap_or_default();
        let outcome = patch::joins::add(&joins.file, &server, &joins_patch(socket))?;
        let owners = inputs.iter().map(|i| i.names.camel.as_str()).collect::<Vec<_>>().join(" ");
        draft.patched(&joins.file, outcome, ChangeKind::PatchMissing, &owners)?;
    }
    if owned {
        // The file that creates the socket hands it over itself: no AuthContext to patch.
        let service = &first.paths.front_socket_service;
        let text = draft.current(service)?.unwrap_or_default();
        let outcome = patch::socket_owner::add(service, &text, &owner_patch(modules()))?;
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
    modules: impl IntoIterator<Item = (&'a ModuleNames, &'a ModulePaths)>,
) -> patch::socket_owner::SocketOwnerPatch {
    patch::socket_owner::SocketOwnerPatch {
        modules: modules
            .into_iter()
            .map(|(names, paths)| patch::socket_owner::OwnerModule {
                binding: names.socket_service_binding.clone(),
                specifier: specifier(&paths.front_socket_service, &paths.front_module_service, paths.imports.front),
            })
            .collect(),
    }
}

/// What one module contributes, computed from the host alone.
struct ModulePlan {
    generated: Vec<(PathBuf, String)>,
    patches: Vec<Patched>,
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
            let mut specifiers = vec![&mut context.socket.specifier];
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
        let template = match crate::plan::layout::Lang::of(path) {
            crate::plan::layout::Lang::TypeScript => template.replace(".js.tera", ".ts.tera"),
            crate::plan::layout::Lang::JavaScript => template.to_string(),
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

    let page_path = locate_page(ws, input)?;
    let page = ws.host.read(&page_path)?.unwrap_or_default();
    let page_outcome = patch_page(input, &page_path, &page)?;
    let page_patch = Patched { path: page_path, source: page, outcome: page_outcome, site: Site::Page };
    if input.inline.is_some() {
        // The routes hold the middleware lines the user pasted: rtgen does not edit them.
        return Ok(ModulePlan { generated, patches: vec![page_patch] });
    }
    if input.controller.is_some() {
        // The routes import the socket-enabled controller.
        let mut patches: Vec<Patched> = super::controller::route_patches(ws, &input.names, &input.paths)?
            .into_iter()
            .map(|(path, source, outcome)| Patched { path, source, outcome, site: Site::Route })
            .collect();
        patches.push(page_patch);
        return Ok(ModulePlan { generated, patches });
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
    Ok(ModulePlan {
        generated,
        patches: vec![
            Patched {
                path: input.paths.controller.clone(),
                source: controller,
                outcome: controller_outcome,
                site: Site::Controller,
            },
            page_patch,
        ],
    })
}

/// A file never gets both module systems: the generated backend files take
/// the base service's, so the socket server they load must share it, and a
/// CommonJS entry, which loads the events at start-up with `require`, can
/// load only CommonJS ones.
fn check_module_systems(ws: &Workspace, input: &ModuleInput, wired: bool) -> Result<()> {
    use crate::read::commonjs::{module_system_of, ModuleSystem};
    let socket = ws.socket()?;
    let words = |m: ModuleSystem| match m {
        ModuleSystem::Esm => "an ES module",
        ModuleSystem::CommonJs => "CommonJS",
    };
    if matches!(socket.reach, Reach::Module { .. }) && input.module_system != socket.module_system {
        anyhow::bail!(
            "`{}` is {} and the socket server `{}` is {}: the generated `{}` would load the server across module systems\n  help: use one module system for the backend (`\"type\"` in its `package.json`, `require` or `import` throughout)",
            slash(&input.paths.base_service),
            words(input.module_system),
            slash(&socket.server),
            words(socket.module_system),
            slash(&input.paths.events)
        );
    }
    // A wired service is loaded with `await import(...)`, as the host's own are,
    // which loads either module system: only `require` of an ES module fails.
    let starts_up = matches!(socket.reach, Reach::StartUp { .. }) && !wired;
    let entry_system = module_system_of(ws.host, &input.paths.entry)?;
    if starts_up && entry_system == ModuleSystem::CommonJs && input.module_system == ModuleSystem::Esm {
        anyhow::bail!(
            "`{}` is CommonJS and `{}` is an ES module: the entry would `require` the generated `{}` at start-up, and node cannot `require` an ES module (`ERR_REQUIRE_ESM`); nothing was written\n  help: use one module system for the backend (`\"type\"` in its `package.json`, `require` or `import` throughout)",
            slash(&input.paths.entry),
            slash(&input.paths.base_service),
            slash(&input.paths.events)
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

/// The joins rtgen adds to a server that has no room per user or role.
pub(super) fn joins_patch(socket: &SocketLayer) -> patch::joins::JoinsPatch {
    let joins = socket.joins.as_ref();
    patch::joins::JoinsPatch {
        user: joins.and_then(|j| j.user.clone()).map(|e| (socket.user_room.clone(), e)),
        role: joins.and_then(|j| j.role.clone()).and_then(|e| socket.role_room.clone().map(|room| (room, e))),
    }
}

/// Refuses a spec whose events name roles when the server has no room per
/// role: those events would reach no one.
fn check_reachable(input: &ModuleInput, socket: &SocketLayer) -> Result<()> {
    if socket.role_room.is_some() {
        return Ok(());
    }
    for (i, event) in input.loaded.spec.events.iter().enumerate() {
        if event.recipients.roles.is_empty() {
            continue;
        }
        let error = input.loaded.error_at(
            &format!("events[{i}].recipients.roles"),
            format!(
                "event `{}` goes to roles {}, but `{}` joins no room per role and rtgen cannot tell where the user's role is",
                event.name,
                crate::error::backticked(&event.recipients.roles, ", "),
                slash(&socket.server)
            ),
        );
        return Err(error
            .with_help(
                "join a room per role in the connection handler, or set `socket.joins.role` in `rtgen.yaml` to the role on the connected socket (for example `socket.user.role`), or send this event to `fields` only",
            )
            .into());
    }
    Ok(())
}

fn patch_page(input: &ModuleInput, page_path: &Path, source: &str) -> Result<Outcome> {
    let anchors = patch::page::detect(
        page_path,
        source,
        &patch::page::PageNames {
            plural_pascal: input.names.plural_pascal.clone(),
            setter: input.loaded.spec.page.setter.clone(),
            loader: input.loaded.spec.page.loader.clone(),
        },
    )?;
    Ok(patch::page::add(
        page_path,
        source,
        &patch::page::PagePatch {
            binding: input.names.socket_service_binding.clone(),
            specifier: specifier(page_path, &input.paths.front_module_service, input.paths.imports.front),
            anchors,
            id_field: input.loaded.spec.id_field.clone().unwrap_or_else(|| "id".into()),
            entity: input.names.camel.clone(),
        },
    )?)
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
fn locate_page(ws: &Workspace, input: &ModuleInput) -> Result<PathBuf> {
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
    let lang = crate::plan::layout::Lang::of(&ws.profile.front.auth_context);
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
