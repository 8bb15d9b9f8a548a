//! `spec-columns`: the entity fields a spec names (`recipients.fields`,
//! `payload`) are columns the entity has, where rtgen
//! read the entity from a schema: a typo (`createdby`, `titel`) would send
//! nothing to anyone, or an event without the field, and still exit 0.
//! Without a schema (keys read from the service's code, which may not write
//! every column) only a name that differs from a key by case is refused:
//! JSON keys are case-sensitive.

use super::Check;
use crate::error::{backticked, did_you_mean, LocatedError};
use crate::plan::load::ModuleInput;
use crate::plan::workspace::Workspace;
use crate::read::entity::Entity;
use crate::read::spec::LoadedSpec;

pub(super) const CHECK: Check = Check { name: "spec-columns", find };

/// Columns a record carries that schemas leave implicit: ids, Mongoose's
/// version key, the timestamps Mongoose and Sequelize add.
const IMPLICIT: &[&str] = &["id", "_id", "__v", "createdAt", "updatedAt", "created_at", "updated_at"];

fn find(_: &Workspace, input: &ModuleInput) -> anyhow::Result<Vec<LocatedError>> {
    Ok(match &input.entity {
        Some(entity) => unknown_fields(&input.loaded, entity),
        None => Vec::new(),
    })
}

/// Every field the spec names that the entity does not have.
fn unknown_fields(loaded: &LoadedSpec, entity: &Entity) -> Vec<LocatedError> {
    let id_field = loaded.spec.id_field.as_deref();
    let known = |field: &str| entity.has(field) || IMPLICIT.contains(&field) || Some(field) == id_field;
    let mut errors = Vec::new();
    let mut check = |path: String, field: &str, role: &str| {
        if known(field) {
            return;
        }
        let same_but_case = entity.columns.iter().find(|c| c.eq_ignore_ascii_case(field));
        let suggestion = same_but_case.map(String::as_str).or_else(|| {
            entity.from_schema.then(|| did_you_mean(field, entity.columns.iter().map(String::as_str))).flatten()
        });
        if !entity.from_schema && same_but_case.is_none() {
            return;
        }
        let help = match suggestion {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!("{} has {}", entity.source, backticked(&entity.columns, ", ")),
        };
        errors.push(
            loaded
                .error_at(&path, format!("{role} `{field}` is not a column of the entity ({})", entity.source))
                .with_help(help),
        );
    };
    for (i, event) in loaded.spec.events.iter().enumerate() {
        for (j, field) in event.recipients.fields.iter().enumerate() {
            check(format!("events[{i}].recipients.fields[{j}]"), field, "recipient field");
        }
        for (j, field) in event.payload.iter().flatten().enumerate() {
            check(format!("events[{i}].payload[{j}]"), field, "payload field");
        }
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn entity(from_schema: bool) -> Entity {
        Entity {
            columns: vec!["title".into(), "status".into(), "createdBy".into(), "assignees".into()],
            user_columns: vec!["createdBy".into(), "assignees".into()],
            source: "Mongoose schema in `src/models/Task.js`".into(),
            from_schema,
            types: Default::default(),
        }
    }

    fn errors(spec: &str, entity: &Entity) -> Vec<String> {
        let loaded = crate::read::spec::load_spec(Path::new("realtime/task.yaml"), spec).unwrap();
        unknown_fields(&loaded, entity).iter().map(|e| e.to_string()).collect()
    }

    #[test]
    fn typos_in_fields_and_payload_are_refused_with_did_you_mean() {
        let spec = "module: task\nevents:\n  - name: created\n    recipients: { fields: [createdby, assignees] }\n    payload: [titel, status, _id, createdAt]\n";
        let found = errors(spec, &entity(true));
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(
            found[0].starts_with("`realtime/task.yaml:4:28`: recipient field `createdby` is not a column"),
            "{}",
            found[0]
        );
        assert!(found[0].ends_with("help: did you mean `createdBy`?"), "{}", found[0]);
        assert!(
            found[1].contains("payload field `titel`") && found[1].ends_with("did you mean `title`?"),
            "{}",
            found[1]
        );
        let fine = "module: task\nevents:\n  - name: statusChanged\n    recipients: { fields: [createdBy] }\n    payload: [title]\n    toast: \"{title}: {newStatus}\"\n";
        assert!(errors(fine, &entity(true)).is_empty());
    }

    #[test]
    fn keys_read_from_the_service_refuse_only_a_difference_of_case() {
        let spec = "module: task\nevents:\n  - name: created\n    recipients: { fields: [createdby, reviewer] }\n    payload: [titel]\n";
        let found = errors(spec, &entity(false));
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].contains("`createdby`") && found[0].ends_with("did you mean `createdBy`?"), "{}", found[0]);
    }
}
