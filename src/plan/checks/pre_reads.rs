//! `pre-reads`: every read of the record before a change calls the host's
//! getter with its real parameters (`getTaskById(taskId, orgId)` gets both,
//! each from the mutating method's parameter of the same meaning). Where that
//! is impossible there is no read, and an event that needs one
//! (`statusChanged`, which compares the old status; `deleted`, whose record
//! is gone after the call) is refused with the reason: it would never go out.

use super::Check;
use crate::error::LocatedError;
use crate::plan::load::ModuleInput;
use crate::plan::workspace::Workspace;
use crate::read::getter::{call_args, find_by_id};
use crate::read::names::ModuleNames;
use crate::read::profile::Method;
use crate::read::spec::{Lifecycle, LoadedSpec};

pub(super) const CHECK: Check = Check { name: "pre-reads", find };

fn find(_: &Workspace, input: &ModuleInput) -> anyhow::Result<Vec<LocatedError>> {
    // Controllers and inline routes read by their own means (`plan::controller`).
    if input.controller.is_some() || input.inline.is_some() {
        return Ok(Vec::new());
    }
    let service = crate::js::paths::slash(&input.paths.base_service);
    Ok(unreadable_events(&input.loaded, &input.names, &input.service.methods, &service))
}

/// The events that need the record before their method changes it, where
/// the getter cannot be called from that method.
fn unreadable_events(loaded: &LoadedSpec, names: &ModuleNames, methods: &[Method], service: &str) -> Vec<LocatedError> {
    let mut errors = Vec::new();
    for (i, event) in loaded.spec.events.iter().enumerate() {
        let lifecycle = Lifecycle::of(&event.name);
        let what = match lifecycle {
            Some(Lifecycle::StatusChanged) => "the old status",
            Some(Lifecycle::Deleted) => "the record it deletes",
            _ => continue,
        };
        let method_name = event
            .method
            .clone()
            .unwrap_or_else(|| format!("{}{}", lifecycle.map(|l| l.method_verb()).unwrap_or_default(), names.pascal));
        // A method the service lacks is reported where the overrides are built.
        let Some(method) = methods.iter().find(|m| m.name == method_name) else { continue };
        let reason = match find_by_id(methods, &names.pascal) {
            Some(getter) => match call_args(getter, method, &names.camel) {
                Ok(_) => continue,
                Err(reason) => reason,
            },
            // A delete without a getter sends the record its method returns, as it always has.
            None if lifecycle == Some(Lifecycle::Deleted) => continue,
            None => format!("`{service}` has no get-by-id method"),
        };
        errors.push(
            loaded
                .error_at(
                    &format!("events[{i}].name"),
                    format!(
                        "event `{}` needs {what} before `{method_name}` changes it, but {reason}: the read would come back empty and the event would never go out",
                        event.name
                    ),
                )
                .with_help(format!(
                    "give `{method_name}` the parameters the get-by-id method takes, under the same names, or remove the event"
                )),
        );
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn m(name: &str, params: &[&str]) -> Method {
        Method { name: name.into(), params: params.iter().map(|p| p.to_string()).collect(), field: false, line: 0 }
    }

    fn errors(spec: &str, methods: &[Method]) -> Vec<String> {
        let loaded = crate::read::spec::load_spec(Path::new("realtime/task.yaml"), spec).unwrap();
        let names = ModuleNames::with_patterns(&loaded.spec, &Default::default());
        unreadable_events(&loaded, &names, methods, "src/services/taskService.js")
            .iter()
            .map(|e| e.to_string())
            .collect()
    }

    const SPEC: &str = "module: task\nevents:\n  - name: statusChanged\n    recipients: { roles: [admin] }\n  - name: deleted\n    recipients: { roles: [admin] }\n";

    #[test]
    fn a_getter_scoped_by_organisation_is_called_from_methods_that_take_one() {
        let getter = m("getTaskById", &["id", "orgId"]);
        let scoped = [getter.clone(), m("updateTask", &["id", "data", "orgId"]), m("deleteTask", &["orgId", "id"])];
        assert!(errors(SPEC, &scoped).is_empty());
        let unscoped = [getter, m("updateTask", &["id", "data"]), m("deleteTask", &["id"])];
        let found = errors(SPEC, &unscoped);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found[0].starts_with("`realtime/task.yaml:3:11`: event `statusChanged` needs the old status before `updateTask` changes it, but `getTaskById(id, orgId)` needs `orgId`, which `updateTask(id, data)` does not take"), "{}", found[0]);
        assert!(found[1].contains("event `deleted` needs the record it deletes before `deleteTask`"), "{}", found[1]);
        assert!(found[1].contains("help: give `deleteTask` the parameters"), "{}", found[1]);
    }

    #[test]
    fn without_a_getter_only_status_changes_are_refused() {
        let found = errors(SPEC, &[m("updateTask", &["id", "data"]), m("deleteTask", &["id"])]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].contains("`src/services/taskService.js` has no get-by-id method"), "{}", found[0]);
    }
}
