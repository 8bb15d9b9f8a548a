//! `ids`: the spec's `idField` is a key the records the module returns
//! carry. A service or handler that maps each document to a plain object
//! with `id` (`{ id: task._id.toString(), title }`) returns no `_id`: with
//! `idField: _id` no record would be recognised, nothing would be emitted,
//! and the page's merge would compare `_id` on rows that have none.

use super::Check;
use crate::error::LocatedError;
use crate::js::paths::slash;
use crate::plan::load::ModuleInput;
use crate::plan::workspace::Workspace;

pub(super) const CHECK: Check = Check { name: "ids", find };

fn find(ws: &Workspace, input: &ModuleInput) -> anyhow::Result<Vec<LocatedError>> {
    if input.loaded.spec.id_field.as_deref() != Some("_id") {
        return Ok(Vec::new());
    }
    // The module rtgen wraps: the controller, the inline routes, else the service.
    let path = match (&input.controller, &input.inline) {
        (Some(c), _) => c.path.clone(),
        (None, Some(i)) => i.path.clone(),
        (None, None) => input.paths.base_service.clone(),
    };
    let Some(source) = ws.host.read(&path)? else { return Ok(Vec::new()) };
    Ok(id_mismatch(&input.loaded, &slash(&path), &source).into_iter().collect())
}

fn id_mismatch(loaded: &crate::read::spec::LoadedSpec, path: &str, source: &str) -> Option<LocatedError> {
    let line = crate::read::ids::maps_underscore_id_to_id(std::path::Path::new(path), source)?;
    Some(
        loaded
            .error_at(
                "idField",
                format!(
                    "`idField: _id`, but `{path}:{line}` returns plain objects with `id` set from `_id` and no `_id`: no record would be recognised and nothing would be emitted"
                ),
            )
            .with_help("remove `idField` (records carry `id`)"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn underscore_id_is_refused_where_records_are_mapped_to_id() {
        let loaded = crate::read::spec::load_spec(
            std::path::Path::new("realtime/task.yaml"),
            "module: task\nidField: _id\nevents:\n  - name: created\n    recipients: { roles: [admin] }\n",
        )
        .unwrap();
        let dto = "const toDto = (t) => ({ id: t._id.toString(), title: t.title });\nexport const createTask = async (d) => toDto(await Task.create(d));\n";
        let error = id_mismatch(&loaded, "src/services/taskService.js", dto).unwrap().to_string();
        assert!(error.starts_with("`realtime/task.yaml:2:10`: `idField: _id`, but `src/services/taskService.js:1` returns plain objects with `id`"), "{error}");
        assert!(error.ends_with("help: remove `idField` (records carry `id`)"), "{error}");
        let raw = "export const createTask = async (d) => Task.create(d);\n";
        assert!(id_mismatch(&loaded, "src/services/taskService.js", raw).is_none());
    }
}
