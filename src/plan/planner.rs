//! Planning: from specs and host files to a [`Plan`]. It decides everything
//! `add`, `remove` and `check` do (what to render, which host files to
//! patch, what conflicts) and writes nothing.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

use crate::js::style::Style;
use crate::patch::{self, Outcome};
use crate::plan::layout::{specifier, ModulePaths};
use crate::plan::names::ModuleNames;
use crate::plan::{ChangeKind, Conflict, ConflictReason, FileChange, Plan};
use crate::read::detect::detect_service;
use crate::read::profile::ModuleProfile;
use crate::read::spec::{
    self, default_spec_yaml, json_schema, load_spec, LoadedSpec, ValidationContext, SCHEMA_FILE_NAME,
};
use crate::read::workspace::Workspace;
use crate::render::context::{module_context, slash};
use crate::render::header::{inspect, with_header, HeaderState};

/// What `add` may do beyond the safe default.
#[derive(Debug, Clone, Copy, Default)]
pub struct AddOptions {
    /// Overwrite generated files edited by hand (never files rtgen did not write).
    pub force: bool,
    /// Write a default spec for a module that has none.
    pub create_missing_specs: bool,
}

/// One module, read and validated.
pub struct ModuleInput {
    pub loaded: LoadedSpec,
    pub names: ModuleNames,
    pub paths: ModulePaths,
    pub service: ModuleProfile,
}

/// The text of files as the plan has them so far; `add`, `remove`, `check`
/// and `init` all build their plans through it.
pub(crate) struct Draft<'w, 'h> {
    ws: &'w Workspace<'h>,
    files: BTreeMap<PathBuf, FileChange>,
    order: Vec<PathBuf>,
    conflicts: Vec<Conflict>,
}

impl<'w, 'h> Draft<'w, 'h> {
    pub(crate) fn new(ws: &'w Workspace<'h>) -> Self {
        Draft { ws, files: BTreeMap::new(), order: Vec::new(), conflicts: Vec::new() }
    }

    fn current(&self, path: &Path) -> Result<Option<String>> {
        match self.files.get(path) {
            Some(change) => Ok(change.after.clone()),
            None => self.ws.host.read(path),
        }
    }

    pub(crate) fn set(&mut self, path: &Path, after: Option<String>, kind: ChangeKind, module: &str) -> Result<()> {
        if let Some(change) = self.files.get_mut(path) {
            change.after = after;
            return Ok(());
        }
        let before = self.ws.host.read(path)?;
        if before == after {
            return Ok(());
        }
        self.order.push(path.to_path_buf());
        self.files.insert(
            path.to_path_buf(),
            FileChange { path: path.to_path_buf(), before, after, kind, module: module.to_string() },
        );
        Ok(())
    }

    /// Records a patcher's result for `path`.
    pub(crate) fn patched(&mut self, path: &Path, outcome: Outcome, kind: ChangeKind, module: &str) -> Result<()> {
        match outcome {
            Outcome::Changed(text) => self.set(path, Some(text), kind, module),
            Outcome::Unchanged => Ok(()),
        }
    }

    pub(crate) fn finish(mut self) -> Plan {
        let changes = self.order.iter().filter_map(|p| self.files.remove(p)).filter(|c| c.before != c.after).collect();
        Plan { changes, conflicts: self.conflicts }
    }
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
    Ok(ModuleInput { loaded, names, paths, service })
}

/// The plan of `rtgen add` for `modules` (names as typed, any case).
pub fn plan_add(ws: &Workspace, modules: &[String], options: AddOptions) -> Result<Plan> {
    let mut draft = Draft::new(ws);
    let mut inputs: Vec<ModuleInput> = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for module in modules {
        if !seen.insert(heck::ToLowerCamelCase::to_lower_camel_case(module.as_str())) {
            continue;
        }
        let path = spec_path(ws, module);
        let text = match ws.host.read(&path)? {
            Some(text) => text,
            None if options.create_missing_specs => {
                let text = default_spec_yaml(module);
                // The name comes from the command line: say so, not a line of a file never written.
                if let Err(errors) = spec::validate_module_name(&load_spec(&path, &text)?) {
                    let message = errors.0.first().map(|e| e.message.clone()).unwrap_or_default();
                    bail!("cannot add `{module}`: {message}\n  help: pick another module name");
                }
                draft.set(&path, Some(text.clone()), ChangeKind::Spec, module)?;
                text
            }
            None => bail!("`{}` not found\n  help: run `rtgen add {module}` to write a default spec", slash(&path)),
        };
        inputs.push(load_module(ws, &path, &text)?);
    }
    plan_modules(ws, &mut draft, &inputs, options)?;
    let plan = draft.finish();
    plan.check_javascript()?;
    Ok(plan)
}

/// The plan that brings every spec'd module in sync (what `check` compares).
pub fn plan_sync(ws: &Workspace, inputs: &[ModuleInput]) -> Result<Plan> {
    let mut draft = Draft::new(ws);
    plan_modules(ws, &mut draft, inputs, AddOptions::default())?;
    Ok(draft.finish())
}

fn plan_modules(ws: &Workspace, draft: &mut Draft, inputs: &[ModuleInput], options: AddOptions) -> Result<()> {
    if !inputs.is_empty() {
        let schema_path = Path::new(&ws.profile.specs).join(SCHEMA_FILE_NAME);
        draft.set(&schema_path, Some(json_schema()), ChangeKind::Schema, &inputs[0].names.camel)?;
    }
    if let Some(first) = inputs.first() {
        // The generated code builds on the host's socket layer.
        ws.host.require(
            &first.paths.front_socket_service,
            "the frontend socket service the module services subscribe through",
            "run `rtgen init` to scaffold the socket layer, or set `front.socketService` in `rtgen.yaml`",
        )?;
        ws.host.require(
            &first.paths.socket_server,
            "the backend socket server",
            "run `rtgen init` to scaffold the socket layer, or set `backend.socketServer` in `rtgen.yaml`",
        )?;
    }
    let style_front = match ws.profile.style.front {
        Some(style) => style,
        None => match inputs.first() {
            Some(first) => Style::detect(&ws.host.read(&first.paths.front_socket_service)?.unwrap_or_default()),
            None => Style::default(),
        },
    };
    // Two modules must not claim one generated file (e.g. through `names.service`).
    let mut claimed: BTreeMap<&Path, &str> = BTreeMap::new();
    for input in inputs {
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
    // Modules are independent: plan them on every core, then merge in order.
    let plans = parallel_map(inputs, |input| plan_module(ws, input, style_front))?;
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
                    Site::Page => patch_page(input, &patched.path, &current)?,
                }
            };
            draft.patched(&patched.path, outcome, ChangeKind::PatchMissing, module)?;
        }
    }
    if let Some(first) = inputs.first() {
        // Shared files: one parse serves every module.
        let entry = draft.current(&first.paths.entry)?.ok_or_else(|| {
            anyhow::anyhow!(
                "`{}` not found: rtgen looked there for the server entry\n  help: set `backend.entry` in `rtgen.yaml`",
                slash(&first.paths.entry)
            )
        })?;
        let modules = || inputs.iter().map(|i| (&i.names, &i.paths));
        let outcome = patch::startup::add(&first.paths.entry, &entry, &startup_patch(ws, modules()))?;
        let entry_owners = owners(&entry, &outcome, inputs, |i| &i.names.events_binding);
        draft.patched(&first.paths.entry, outcome, ChangeKind::PatchMissing, &entry_owners)?;

        let auth = draft.current(&first.paths.auth_context)?.ok_or_else(|| {
            anyhow::anyhow!("`{}` not found: rtgen looked there for the AuthContext\n  help: set `front.authContext` in `rtgen.yaml`", slash(&first.paths.auth_context))
        })?;
        let outcome = patch::auth_context::add(&first.paths.auth_context, &auth, &auth_patch(ws, modules()))?;
        let auth_owners = owners(&auth, &outcome, inputs, |i| &i.names.socket_service_binding);
        draft.patched(&first.paths.auth_context, outcome, ChangeKind::PatchMissing, &auth_owners)?;
    }
    Ok(())
}

/// What one module contributes, computed from the host alone.
struct ModulePlan {
    generated: Vec<(PathBuf, String)>,
    patches: Vec<Patched>,
}

enum Site {
    Controller,
    Page,
}

/// A patch result and the text it was computed from.
struct Patched {
    path: PathBuf,
    source: String,
    outcome: Outcome,
    site: Site,
}

fn plan_module(ws: &Workspace, input: &ModuleInput, style_front: Style) -> Result<ModulePlan> {
    let module = input.names.camel.as_str();
    let context = module_context(&input.loaded, &input.names, &ws.profile, &input.paths, &input.service)?;
    let context = tera::Context::from_serialize(&context).context("render context")?;
    let style_backend = match ws.profile.style.backend {
        Some(style) => style,
        None => Style::detect(&ws.host.read(&input.paths.base_service)?.unwrap_or_default()),
    };
    let spec_path = slash(&input.loaded.path);
    let mut generated = Vec::new();
    for (template, path, style) in [
        ("backend/events.js.tera", &input.paths.events, style_backend),
        ("backend/service_with_socket.js.tera", &input.paths.service_with_socket, style_backend),
        ("front/socket_service.js.tera", &input.paths.front_module_service, style_front),
    ] {
        let body = ws.templates.render(template, &context, &style)?;
        generated.push((path.clone(), with_header(&body, &spec_path, module, style.line_ending.as_str())));
        // Read it here, on this thread, so the merge finds it in the cache.
        ws.host.read(path)?;
    }

    // The controller imports the socket-enabled service.
    let controller = ws.host.read(&input.paths.controller)?.ok_or_else(|| {
        anyhow::anyhow!(
            "`{}` not found: rtgen looked there for the `{module}` controller\n  help: set `names.controller` in `{spec_path}`",
            slash(&input.paths.controller)
        )
    })?;
    let controller_outcome = patch_controller(input, &controller)?;
    // The page listens.
    let page_path = locate_page(ws, input)?;
    let page = ws.host.read(&page_path)?.unwrap_or_default();
    let page_outcome = patch_page(input, &page_path, &page)?;
    Ok(ModulePlan {
        generated,
        patches: vec![
            Patched {
                path: input.paths.controller.clone(),
                source: controller,
                outcome: controller_outcome,
                site: Site::Controller,
            },
            Patched { path: page_path, source: page, outcome: page_outcome, site: Site::Page },
        ],
    })
}

fn patch_controller(input: &ModuleInput, source: &str) -> Result<Outcome> {
    Ok(patch::controller::add(&input.paths.controller, source, &controller_patch(&input.names))?)
}

/// The controller's patch: its base-service import, redirected.
fn controller_patch(names: &ModuleNames) -> patch::controller::ControllerPatch {
    patch::controller::ControllerPatch {
        base_stem: names.service_stem.clone(),
        socket_stem: names.service_with_socket_stem.clone(),
    }
}

/// The server entry's patch for `modules`: import and initialise each events file.
fn startup_patch<'a>(
    ws: &Workspace,
    modules: impl IntoIterator<Item = (&'a ModuleNames, &'a ModulePaths)>,
) -> patch::startup::StartupPatch {
    patch::startup::StartupPatch {
        modules: modules
            .into_iter()
            .map(|(names, paths)| patch::startup::StartupModule {
                binding: names.events_binding.clone(),
                specifier: specifier(&paths.entry, &paths.events, true),
            })
            .collect(),
        socket_init: ws.profile.socket.init.clone(),
    }
}

/// The AuthContext's patch for `modules`: import, initialise on ready, clean up at teardown.
fn auth_patch<'a>(
    ws: &Workspace,
    modules: impl IntoIterator<Item = (&'a ModuleNames, &'a ModulePaths)>,
) -> patch::auth_context::AuthContextPatch {
    let socket_service = Path::new(&ws.profile.front.socket_service);
    patch::auth_context::AuthContextPatch {
        modules: modules
            .into_iter()
            .map(|(names, paths)| patch::auth_context::AuthModule {
                binding: names.socket_service_binding.clone(),
                specifier: specifier(&paths.auth_context, &paths.front_module_service, false),
            })
            .collect(),
        socket_service_stem: socket_service.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default(),
        ready_event: ws.profile.socket.ready_event.clone(),
    }
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
            specifier: specifier(page_path, &input.paths.front_module_service, false),
            anchors,
            id_field: input.loaded.spec.id_field.clone().unwrap_or_else(|| "id".into()),
            entity: input.names.camel.clone(),
        },
    )?)
}

/// `f` over `items` on every core, results in order; the first error wins.
pub fn parallel_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> Result<R> + Sync) -> Result<Vec<R>> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(8);
    if threads < 2 || items.len() < 8 {
        return items.iter().map(&f).collect();
    }
    let chunk = items.len().div_ceil(threads);
    let results: Vec<Vec<Result<R>>> = std::thread::scope(|scope| {
        let handles: Vec<_> =
            items.chunks(chunk).map(|part| scope.spawn(|| part.iter().map(&f).collect::<Vec<_>>())).collect();
        handles.into_iter().map(|h| h.join().expect("a planning thread panicked")).collect()
    });
    results.into_iter().flatten().collect()
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

/// Plans one generated file: create it, update it, or record a conflict.
fn plan_generated(draft: &mut Draft, path: &Path, desired: String, module: &str, force: bool) -> Result<()> {
    let current = draft.current(path)?;
    let Some(current) = current else {
        return draft.set(path, Some(desired), ChangeKind::Missing, module);
    };
    if current == desired {
        return Ok(());
    }
    let reason = match inspect(&current) {
        HeaderState::Intact { .. } => None,
        HeaderState::Edited { .. } => Some(ConflictReason::HandEdited),
        HeaderState::NotGenerated => Some(ConflictReason::NotGenerated),
    };
    match reason {
        Some(reason) if !force || reason == ConflictReason::NotGenerated => {
            draft.conflicts.push(Conflict {
                path: path.to_path_buf(),
                module: module.to_string(),
                current,
                desired: Some(desired),
                reason,
            });
            Ok(())
        }
        _ => draft.set(path, Some(desired), ChangeKind::Outdated, module),
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
    for path in ws.host.list(dir, ".jsx")? {
        let text = ws.host.read(&path)?.unwrap_or_default();
        if has_identifier(&text, &setter) {
            candidates.push(path);
        }
    }
    match candidates.len() {
        1 => Ok(candidates.remove(0)),
        0 => bail!(
            "`{}` not found, and no page in `{}` holds `{setter}`\n  help: set `names.page` in `{}` to the `{}` page's file name",
            slash(&input.paths.page),
            slash(dir),
            slash(&input.loaded.path),
            input.names.camel
        ),
        _ => bail!(
            "`{}` not found, and several pages hold `{setter}`: {}\n  help: set `names.page` in `{}`",
            slash(&input.paths.page),
            candidates.iter().map(|p| format!("`{}`", slash(p))).collect::<Vec<_>>().join(", "),
            slash(&input.loaded.path)
        ),
    }
}

/// Does `text` use `name` as a whole identifier (not `setProposalsLoading`)?
fn has_identifier(text: &str, name: &str) -> bool {
    let is_ident = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '$';
    text.match_indices(name).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + name.len()..].chars().next();
        !before.is_some_and(is_ident) && !after.is_some_and(is_ident)
    })
}

/// The plan of `rtgen remove`: the exact inverse of `add`.
pub fn plan_remove(ws: &Workspace, module: &str, purge: bool, force: bool) -> Result<Plan> {
    let mut draft = Draft::new(ws);
    let path = spec_path(ws, module);
    // Without its spec (an orphan), the module's default names still find its files.
    let text = ws.host.read(&path)?.unwrap_or_else(|| format!("module: {module}\nevents: []\n"));
    let loaded = load_spec(&path, &text)?;
    crate::read::spec::validate_module_name(&loaded)?;
    let mut names = ModuleNames::new(&loaded.spec);
    let mut paths = ModulePaths::new(&ws.profile, &names);
    if ws.host.read(&path)?.is_none() {
        follow_orphan_files(ws, &path, &mut names, &mut paths)?;
    }
    let camel = names.camel.as_str();

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
    Ok(draft.finish())
}

/// Without the spec, names it overrode (`names.service`, `names.controller`)
/// are unknown: take them from the generated service whose header names the
/// spec, and the controller that imports it.
fn follow_orphan_files(ws: &Workspace, spec: &Path, names: &mut ModuleNames, paths: &mut ModulePaths) -> Result<()> {
    let services = paths.service_with_socket.parent().unwrap_or(Path::new("")).to_path_buf();
    for file in ws.host.list(&services, "WithSocket.js")? {
        let text = ws.host.read(&file)?.unwrap_or_default();
        if crate::render::header::spec_path(&text) != Some(slash(spec).as_str()) {
            continue;
        }
        let stem = file.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        names.service_stem = stem.trim_end_matches("WithSocket").to_string();
        names.service_with_socket_stem = stem;
        paths.base_service = services.join(format!("{}.js", names.service_stem));
        paths.service_with_socket = file;
        break;
    }
    let importer = |path: &Path| -> Result<bool> {
        Ok(ws.host.read(path)?.is_some_and(|text| has_identifier(&text, &names.service_with_socket_stem)))
    };
    if !importer(&paths.controller)? {
        let controllers = paths.controller.parent().unwrap_or(Path::new("")).to_path_buf();
        for file in ws.host.list(&controllers, ".js")? {
            if importer(&file)? {
                paths.controller = file;
                break;
            }
        }
    }
    Ok(())
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
    if let Some(controller) = draft.current(&paths.controller)? {
        let outcome = patch::controller::remove(&paths.controller, &controller, &controller_patch(names))?;
        draft.patched(&paths.controller, outcome, ChangeKind::Remove, camel)?;
    }
    if let Some(entry) = draft.current(&paths.entry)? {
        let outcome = patch::startup::remove(&paths.entry, &entry, &startup_patch(ws, [(names, paths)]))?;
        draft.patched(&paths.entry, outcome, ChangeKind::Remove, camel)?;
    }
    if let Some(auth) = draft.current(&paths.auth_context)? {
        let outcome = patch::auth_context::remove(&paths.auth_context, &auth, &auth_patch(ws, [(names, paths)]))?;
        draft.patched(&paths.auth_context, outcome, ChangeKind::Remove, camel)?;
    }
    let page_path = locate_page_for_removal(ws, names, paths)?;
    if let Some(page_path) = page_path {
        let page = draft.current(&page_path)?.unwrap_or_default();
        let outcome = patch::page::remove(
            &page_path,
            &page,
            &patch::page::PagePatch {
                binding: names.socket_service_binding.clone(),
                specifier: specifier(&page_path, &paths.front_module_service, false),
                // Removal finds the effect by the binding; the anchors only shape an added one.
                anchors: patch::page::PageAnchors { setter: String::new(), loader: None },
                id_field: loaded.spec.id_field.clone().unwrap_or_else(|| "id".into()),
                entity: names.camel.clone(),
            },
        )?;
        draft.patched(&page_path, outcome, ChangeKind::Remove, camel)?;
    }
    Ok(())
}

/// The page that imports the module's socket service, if any.
fn locate_page_for_removal(ws: &Workspace, names: &ModuleNames, paths: &ModulePaths) -> Result<Option<PathBuf>> {
    if ws.host.read(&paths.page)?.is_some() {
        return Ok(Some(paths.page.clone()));
    }
    let dir = paths.page.parent().unwrap_or(Path::new(""));
    for path in ws.host.list(dir, ".jsx")? {
        let text = ws.host.read(&path)?.unwrap_or_default();
        if has_identifier(&text, &names.socket_service_binding) {
            return Ok(Some(path));
        }
    }
    Ok(None)
}
