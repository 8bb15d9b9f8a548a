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
    let paths = ModulePaths::new(&ws.profile, &names);
    let mut validation = ValidationContext { known_roles: ws.profile.roles.clone(), ..Default::default() };
    // The module name first: paths come from it, and a bad one must not be read from disk.
    spec::validate_module_name(&loaded)?;
    let service = match ws.profile.modules.get(&names.camel) {
        Some(profile) => profile.clone(),
        None => {
            if ws.host.read(&paths.base_service)?.is_none() {
                spec::validate(&loaded, &validation)?;
            }
            let source = ws.host.require(
                &paths.base_service,
                &format!("the `{}` module's base service", names.camel),
                &format!("set `names.service` in `{}` to the service file's name (without `.js`)", slash(spec_path)),
            )?;
            detect_service(&paths.base_service, &source)?
        }
    };
    validation.service_methods = Some(service.methods.iter().map(|m| m.name.clone()).collect());
    validation.service_path = Some(slash(&paths.base_service));
    spec::validate(&loaded, &validation)?;
    let entity = ws.entity(&names.camel, &names.plural, &paths.base_service)?;
    Ok(ModuleInput { loaded, names, paths, service, entity })
}

/// Warnings for `add` and `check`: places in the backend that call the base
/// service's emitting methods directly, so those calls emit nothing.
pub fn bypass_warnings(ws: &Workspace, input: &ModuleInput) -> Result<Vec<String>> {
    let methods: Vec<String> = input
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
        .collect();
    let backend = Path::new(&ws.profile.backend.root);
    let skip = [input.paths.controller.as_path(), input.paths.service_with_socket.as_path()];
    let found = crate::read::bypass::bypasses(ws.host, backend, &input.paths.base_service, &skip, &methods)?;
    Ok(found.iter().map(|b| b.describe(&input.paths.service_with_socket)).collect())
}
