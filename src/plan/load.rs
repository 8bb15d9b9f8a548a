//! A module read and validated: its spec, names, artifact paths and
//! service profile, the input every `add`, `remove` and `check` plan starts from.

use std::path::{Path, PathBuf};

use anyhow::Result;

use crate::plan::layout::ModulePaths;
use crate::plan::names::ModuleNames;
use crate::read::detect::detect_service;
use crate::read::profile::ModuleProfile;
use crate::read::spec::{self, load_spec, LoadedSpec, ValidationContext};
use crate::read::workspace::Workspace;
use crate::render::context::slash;

/// One module, read and validated.
pub struct ModuleInput {
    pub loaded: LoadedSpec,
    pub names: ModuleNames,
    pub paths: ModulePaths,
    pub service: ModuleProfile,
    /// Its table or model, for the payload types of the event contract.
    pub entity: Option<crate::read::entity::Entity>,
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

/// Reads and validates one module's spec and base service.
pub fn load_module(ws: &Workspace, spec_path: &Path, text: &str) -> Result<ModuleInput> {
    let loaded = load_spec(spec_path, text)?;
    let names = ModuleNames::new(&loaded.spec);
    let paths = ws.module_paths(&names)?;
    let mut validation = ValidationContext { known_roles: ws.profile.roles.clone(), ..Default::default() };
    // The module name first: paths come from it, and a bad one must not be read from disk.
    spec::validate_module_name(&loaded)?;
    let service = match ws.profile.modules.get(&names.camel) {
        Some(profile) => profile.clone(),
        None => {
            if ws.host.read(&paths.base_service)?.is_none() {
                spec::validate(&loaded, &validation)?;
            }
            let Some(source) = ws.host.read(&paths.base_service)? else {
                return Err(missing_service(ws, &names, &paths, spec_path)?);
            };
            detect_service(&paths.base_service, &source)?
        }
    };
    validation.service_methods = Some(service.methods.iter().map(|m| m.name.clone()).collect());
    validation.service_path = Some(slash(&paths.base_service));
    spec::validate(&loaded, &validation)?;
    let entity = ws.entity(&names.camel, &names.plural, &paths.base_service)?;
    Ok(ModuleInput { loaded, names, paths, service, entity })
}

/// Warnings for `add` and `check`: places in the backend that call a base
/// service's emitting methods directly, so those calls emit nothing.
pub fn bypass_warnings(ws: &Workspace, inputs: &[ModuleInput]) -> Result<Vec<String>> {
    let targets: Vec<crate::read::bypass::Target> = inputs
        .iter()
        .map(|input| crate::read::bypass::Target {
            base: &input.paths.base_service,
            skip: vec![input.paths.controller.as_path(), input.paths.service_with_socket.as_path()],
            methods: emitting_methods(input),
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

/// Why a module's base service is missing, with what was found instead and
/// what to do: a service under another name, or logic in controllers or
/// routes (which rtgen does not wrap yet).
pub fn missing_service(ws: &Workspace, names: &ModuleNames, paths: &ModulePaths, spec: &Path) -> Result<anyhow::Error> {
    let mentions = |dir: &Path| -> Result<Vec<PathBuf>> {
        let words = [names.camel.to_lowercase(), names.plural.to_lowercase()];
        Ok(ws
            .host
            .walk(dir, 3, 500)?
            .into_iter()
            .filter(|f| {
                let stem = f.file_name().map(|n| n.to_string_lossy().to_lowercase()).unwrap_or_default();
                words.iter().any(|w| stem.starts_with(w.as_str()))
            })
            .collect())
    };
    let backend = Path::new(&ws.profile.backend.root);
    let services = mentions(&backend.join(&ws.profile.backend.services))?;
    let wanted = slash(&paths.base_service);
    let message = if let Some(other) = services.first() {
        format!(
            "`{wanted}` not found: rtgen looked there for the `{}` module's base service, and found `{}`\n  help: set `names.service` in `{}` to that file's name (without its extension) if it is the service; file names that are not JavaScript identifiers (`task.service.js`) are not supported yet",
            names.camel,
            slash(other),
            slash(spec)
        )
    } else {
        let mut elsewhere = mentions(&backend.join(&ws.profile.backend.controllers))?;
        elsewhere.extend(mentions(&backend.join("src/routes"))?);
        elsewhere.extend(mentions(&backend.join("routes"))?);
        match elsewhere.first() {
            Some(found) => format!(
                "`{wanted}` not found: the `{}` module has no service module; its logic is in `{}`. rtgen emits from a service it wraps; emitting from controllers or route handlers is not supported yet\n  help: move the create/update/delete logic into `{wanted}` (for example `export default new {}Service()` with `create{}`, `update{}`, `delete{}`), call it from `{}`, and run `rtgen add {}` again",
                names.camel,
                slash(found),
                names.pascal,
                names.pascal,
                names.pascal,
                names.pascal,
                slash(found),
                names.camel
            ),
            None => format!(
                "`{wanted}` not found: rtgen looked there for the `{}` module's base service, and found no file named after the module in `{}`, `{}` or the routes\n  help: set `names.service` in `{}` to the service file's name (without `.js`), or `backend.services` in `rtgen.yaml` to its folder",
                names.camel,
                ws.profile.backend.services,
                ws.profile.backend.controllers,
                slash(spec)
            ),
        }
    };
    Ok(anyhow::anyhow!(message))
}
