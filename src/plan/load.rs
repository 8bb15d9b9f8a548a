//! A module read and validated: its spec, names, artifact paths and
//! service profile, the input every `add`, `remove` and `check` plan starts from.

use std::path::{Path, PathBuf};

use anyhow::Result;

use crate::js::paths::slash;
use crate::plan::workspace::Workspace;
use crate::read::detect::detect_service;
use crate::read::layout::ModulePaths;
use crate::read::names::ModuleNames;
use crate::read::profile::ModuleProfile;
use crate::read::spec::{self, load_spec, LoadedSpec, ValidationContext};

/// One module, read and validated.
pub struct ModuleInput {
    pub loaded: LoadedSpec,
    pub names: ModuleNames,
    pub paths: ModulePaths,
    pub service: ModuleProfile,
    /// Its table or model, for the payload types of the event contract.
    pub entity: Option<crate::read::entity::Entity>,
    /// The controller rtgen emits from when the module has no service.
    pub controller: Option<crate::read::controller::ControllerModule>,
    /// The inline routes rtgen's middleware wraps, when the module has neither.
    pub inline: Option<super::controller::InlineModule>,
    /// The module system of the file rtgen wraps (the base service, else the
    /// controller), which the generated backend files share.
    pub module_system: crate::read::commonjs::ModuleSystem,
}

/// The spec path of `module` under the profile's specs folder.
pub fn spec_path(ws: &Workspace, module: &str) -> PathBuf {
    let stem = heck::ToLowerCamelCase::to_lower_camel_case(module);
    let yml = Path::new(&ws.profile.specs).join(format!("{stem}.yml"));
    if ws.host.read(&yml).ok().flatten().is_some() {
        return yml;
    }
    Path::new(&ws.profile.specs).join(format!("{stem}.yaml"))
}

/// Every module that has a spec (`.yaml` or `.yml`), by spec path.
pub fn spec_modules(ws: &Workspace) -> Result<Vec<PathBuf>> {
    let dir = Path::new(&ws.profile.specs);
    let mut specs = ws.host.list(dir, ".yaml")?;
    specs.extend(ws.host.list(dir, ".yml")?);
    // The AsyncAPI document rtgen writes beside the specs is not one.
    specs.retain(|p| p.file_name().is_none_or(|n| n != crate::render::contract::ASYNCAPI_FILE_NAME));
    specs.sort();
    Ok(specs)
}

/// A module's names and paths from the profile's file-name patterns; where
/// the service's (or controller's) file is missing under the pattern and the
/// spec does not name it, the same pattern in the other number names it when
/// that file exists (`tickets.service.ts` among `{module}.service` files).
pub fn module_names(ws: &Workspace, spec: &crate::read::spec::ModuleSpec) -> Result<(ModuleNames, ModulePaths)> {
    let names = ModuleNames::with_patterns(spec, &ws.profile.names);
    let paths = ws.module_paths(&names)?;
    let mut patterns = ws.profile.names.clone();
    let mut changed = false;
    if spec.names.service.is_none() && ws.host.read(&paths.base_service)?.is_none() {
        let other = other_number(patterns.service());
        let mut trial = patterns.clone();
        trial.service = Some(other);
        let trial_paths = ws.module_paths(&ModuleNames::with_patterns(spec, &trial))?;
        if ws.host.read(&trial_paths.base_service)?.is_some() {
            patterns = trial;
            changed = true;
        }
    }
    if spec.names.controller.is_none() && ws.host.read(&paths.controller)?.is_none() {
        let mut trial = patterns.clone();
        trial.controller = Some(other_number(patterns.controller()));
        let trial_paths = ws.module_paths(&ModuleNames::with_patterns(spec, &trial))?;
        if ws.host.read(&trial_paths.controller)?.is_some() {
            patterns = trial;
            changed = true;
        }
    }
    if !changed {
        return Ok((names, paths));
    }
    let names = ModuleNames::with_patterns(spec, &patterns);
    let paths = ws.module_paths(&names)?;
    Ok((names, paths))
}

/// `{module}.service` <-> `{modules}.service`, in every case of the placeholder.
fn other_number(pattern: &str) -> String {
    const PAIRS: &[(&str, &str)] = &[
        ("{module}", "{modules}"),
        ("{Module}", "{Modules}"),
        ("{module:kebab}", "{modules:kebab}"),
        ("{module:snake}", "{modules:snake}"),
    ];
    for (one, many) in PAIRS {
        if pattern.contains(one) {
            return pattern.replace(one, many);
        }
        if pattern.contains(many) {
            return pattern.replace(many, one);
        }
    }
    pattern.to_string()
}

/// Reads and validates one module's spec and base service.
pub fn load_module(ws: &Workspace, spec_path: &Path, text: &str) -> Result<ModuleInput> {
    let loaded = load_spec(spec_path, text)?;
    let mut validation = ValidationContext { known_roles: ws.profile.roles.clone(), ..Default::default() };
    // The module name first: paths come from it, and a bad one must not be read from disk.
    spec::validate_module_name(&loaded)?;
    let (names, paths) = module_names(ws, &loaded.spec)?;
    let mut paths = paths;
    let mut controller = None;
    let mut inline = None;
    let service = match ws.profile.modules.get(&names.camel) {
        Some(profile) => profile.clone(),
        None => {
            if ws.host.read(&paths.base_service)?.is_none() {
                spec::validate(&loaded, &validation)?;
            }
            match ws.host.read(&paths.base_service)? {
                Some(source) => detect_service(&paths.base_service, &source)?,
                None => {
                    // No service: emit from the controller (`plan::controller`).
                    match super::controller::emitter_module(ws, &names, &paths, spec_path)? {
                        super::controller::Emitter::Controller(module) => {
                            paths.service_with_socket = super::controller::with_socket_path(&paths, &names);
                            let profile = module.profile.clone();
                            controller = Some(module);
                            profile
                        }
                        super::controller::Emitter::Inline(module) => {
                            let events: Vec<String> = loaded.spec.events.iter().map(|e| e.name.clone()).collect();
                            super::controller::check_inline_events(&module, &events, &names)?;
                            super::controller::check_events_sent(&loaded, &module, &names)?;
                            let profile = super::controller::inline_profile(&module, &names);
                            inline = Some(module);
                            profile
                        }
                    }
                }
            }
        }
    };
    let read_from = match (&controller, &inline) {
        (Some(c), _) => c.path.clone(),
        (None, Some(i)) => i.path.clone(),
        (None, None) => paths.base_service.clone(),
    };
    validation.service_methods = Some(service.methods.iter().map(|m| m.name.clone()).collect());
    validation.service_path = Some(slash(&read_from));
    spec::validate(&loaded, &validation)?;
    let entity = ws.entity(&names.camel, &names.plural, &read_from)?;
    let module_system = crate::read::commonjs::module_system_of(ws.host, &read_from)?;
    Ok(ModuleInput { loaded, names, paths, service, entity, controller, inline, module_system })
}

/// Warnings for `add` and `check`: places in the backend that call a base
/// service's emitting methods directly, so those calls emit nothing.
pub fn bypass_warnings(ws: &Workspace, inputs: &[ModuleInput]) -> Result<Vec<String>> {
    let targets: Vec<crate::read::bypass::Target> = inputs
        .iter()
        .map(|input| crate::read::bypass::Target {
            base: &input.paths.base_service,
            skip: vec![input.paths.controller.as_path(), input.paths.service_with_socket.as_path()],
            // A controller's handlers are called by its routes only: nothing to warn about.
            methods: if input.controller.is_some() { Vec::new() } else { emitting_methods(input) },
        })
        .collect();
    let backend = Path::new(&ws.profile.backend.root);
    let found = crate::read::bypass::bypasses(ws.host, backend, &targets)?;
    Ok(inputs
        .iter()
        .zip(found)
        .flat_map(|(input, found)| {
            found.into_iter().map(|b| b.describe(&input.paths.service_with_socket)).collect::<Vec<_>>()
        })
        .collect())
}

/// The service methods a module's events follow.
fn emitting_methods(input: &ModuleInput) -> Vec<String> {
    input
        .loaded
        .spec
        .events
        .iter()
        .map(|event| {
            event.method.clone().unwrap_or_else(|| {
                let verb = crate::read::spec::Lifecycle::of(&event.name).map(|l| l.method_verb()).unwrap_or_default();
                format!("{verb}{}", input.names.pascal)
            })
        })
        .collect()
}

/// Files under `dir` (a few folders down) whose names start with the
/// module's name in any form (`task`, `tasks`, `work-order`): what nearly
/// matches when the expected file is missing.
pub fn mentions(ws: &Workspace, names: &ModuleNames, dir: &Path) -> Result<Vec<PathBuf>> {
    let forms = ["{modules}", "{module}", "{modules:kebab}", "{module:kebab}", "{modules:snake}", "{module:snake}"];
    let words: Vec<String> = forms.iter().map(|f| names.words().value(f).to_lowercase()).collect();
    let mut found: Vec<PathBuf> = ws
        .host
        .walk(dir, 3, 500)?
        .into_iter()
        .filter(|f| {
            let stem = f.file_name().map(|n| n.to_string_lossy().to_lowercase()).unwrap_or_default();
            words.iter().any(|w| stem.starts_with(w.as_str()))
        })
        .collect();
    // The module's own name ending at a separator or a capital (`tickets.service.ts`,
    // `ticketService.js`) first: a longer name (`ticketAssignment.service.ts`) is
    // most often another module's.
    let exact = |f: &PathBuf| {
        let name = f.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        words.iter().any(|w| {
            let rest = name.get(w.len()..).unwrap_or_default();
            name.to_lowercase().starts_with(w.as_str())
                && (rest.starts_with(|c: char| matches!(c, '.' | '-' | '_')) || is_role_word(rest))
        })
    };
    found.sort_by_key(|f| !exact(f));
    Ok(found)
}

/// `Service.js`, `Controller.ts`: the role word after the module's name, not another word (`Assignment.service.ts`).
fn is_role_word(rest: &str) -> bool {
    ["Service", "Controller", "Routes", "Router", "Model", "Page"].iter().any(|w| rest.starts_with(w))
}

/// What to set so that rtgen finds the first of `files` as the module's
/// `kind` (`service`, `controller`): the `names:` pattern in `rtgen.yaml`
/// that names it, or the file in the module's spec.
pub fn naming_hint(ws: &Workspace, names: &ModuleNames, files: &[PathBuf], kind: &str, spec: &Path) -> String {
    let Some(file) = files.first() else { return String::new() };
    let stem = file.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    // A name that fits but an extension rtgen does not look for (`taskController.cjs`
    // where the backend's modules are `.js`): no `names:` setting finds it.
    let ext = crate::read::layout::Lang::of(&ws.profile.backend.entry).ext();
    let found_ext = file.extension().map(|e| e.to_string_lossy().into_owned()).unwrap_or_default();
    let script = matches!(found_ext.as_str(), "js" | "cjs" | "mjs" | "ts" | "cts" | "mts");
    if script && found_ext != ext {
        return format!(
            "`{}` is a `.{found_ext}` file, and rtgen looks for the backend's modules as `.{ext}` files (like its entry `{}`): rename it to `{stem}.{ext}` and point what imports it there (in a package whose `package.json` has no `\"type\": \"module\"`, a `.js` file is CommonJS as a `.cjs` one is; `.{found_ext}` modules beside `.{ext}` ones are not supported yet)",
            slash(file),
            ws.profile.backend.entry
        );
    }
    let for_module = format!("`names.{kind}: {stem}` in `{}` names it for this module only", slash(spec));
    match names.pattern_naming(&stem, false) {
        Some(pattern) if ws.profile_from_file => format!(
            "if `{}` is the {kind}, set `names.{kind}: \"{pattern}\"` in `rtgen.yaml` (the file-name pattern of every module's {kind}), or {for_module}",
            slash(file)
        ),
        Some(pattern) => format!(
            "if `{}` is the {kind}, run `rtgen init` (it writes `rtgen.yaml`) and set `names.{kind}: \"{pattern}\"` in it (the file-name pattern of every module's {kind}), or {for_module}",
            slash(file)
        ),
        None => format!("if `{}` is the {kind}, {for_module}", slash(file)),
    }
}

/// Why a module's base service is missing, with what was found instead and
/// what to do: a service under another name, or logic in controllers or
/// routes (which rtgen does not wrap yet).
pub fn missing_service(ws: &Workspace, names: &ModuleNames, paths: &ModulePaths, spec: &Path) -> Result<anyhow::Error> {
    let mentions = |dir: &Path| mentions(ws, names, dir);
    let backend = Path::new(&ws.profile.backend.root);
    let services = mentions(&backend.join(&ws.profile.backend.services))?;
    let wanted = slash(&paths.base_service);
    let message = if !services.is_empty() {
        format!(
            "`{wanted}` not found: rtgen looked there for the `{}` module's base service (`names.service` is `{}`), and found {}\n  help: {}",
            names.camel,
            ws.profile.names.service(),
            crate::error::backticked(services.iter().map(|p| slash(p)), ", "),
            naming_hint(ws, names, &services, "service", spec)
        )
    } else {
        let mut elsewhere = mentions(&backend.join(&ws.profile.backend.controllers))?;
        elsewhere.extend(mentions(&backend.join("src/routes"))?);
        elsewhere.extend(mentions(&backend.join("routes"))?);
        let controller = slash(&paths.controller);
        let controllers = backend.join(&ws.profile.backend.controllers);
        let source = ws.host.read(&paths.controller)?;
        let no_controller = source.is_none();
        // The handler shape to show, in the controller's own module system.
        let handler = match source.as_deref().is_some_and(|s| crate::read::survey::is_commonjs(&paths.controller, s)) {
            true => format!("exports.create{} = async (req, res, next) => ...", names.pascal),
            false => format!("export const create{} = async (req, res, next) => ...", names.pascal),
        };
        match elsewhere.first() {
            // The module's controller under another name (`tasks.controller.js`): the pattern that names it.
            Some(found) if no_controller && found.starts_with(&controllers) => format!(
                "`{wanted}` not found: the `{}` module has no service module, and no controller at `{controller}` (`names.controller` is `{}`); found `{}`\n  help: rtgen emits from a service when there is one, else from the module's controller: {}, and run `rtgen add {}` again",
                names.camel,
                ws.profile.names.controller(),
                slash(found),
                naming_hint(ws, names, std::slice::from_ref(found), "controller", spec),
                names.camel
            ),
            Some(found) => format!(
                "`{wanted}` not found: the `{}` module has no service module, and `{controller}` exports no request handler (`{handler}`) rtgen can emit from{}\n  help: rtgen emits from a service when there is one, else from the module's controller: export the handlers from `{controller}` (or set `names.controller` in `{}` to the controller's file name), or set `names.service` to the service's, and run `rtgen add {}` again",
                names.camel,
                if slash(found) == controller { String::new() } else { format!("; its code is in `{}`", slash(found)) },
                slash(spec),
                names.camel
            ),
            None => format!(
                "`{wanted}` not found: rtgen looked there for the `{}` module's service, and at `{controller}` for a controller whose handlers it would emit from, and found neither (no file named after the module in `{}`, `{}` or the routes)\n  help: set `names.service` in `{}` to the service file's name (without `.js`), or `names.controller` to the controller's, or `backend.services`/`backend.controllers` in `rtgen.yaml` to their folders",
                names.camel,
                ws.profile.backend.services,
                ws.profile.backend.controllers,
                slash(spec)
            ),
        }
    };
    Ok(anyhow::anyhow!(message))
}
