//! The service's get-by-id method and how a mutating method's override calls
//! it to read the record around a change (the pre-read `statusChanged` and
//! `deleted` need): each of the getter's parameters is taken from the
//! mutating method's parameter of the same meaning, the record's id from its
//! id, `orgId` from `orgId` or `organizationId`, `userId` from `userId`.
//! Where one has no counterpart there is no call, with the reason: a read
//! with a missing argument comes back empty and the event never goes out.

use crate::read::profile::Method;

/// The service's get-by-id method: `getProposalById`, `getById`, ...
pub fn find_by_id<'a>(methods: &'a [Method], pascal: &str) -> Option<&'a Method> {
    let candidates = [
        format!("get{pascal}ById"),
        "getById".to_string(),
        format!("find{pascal}ById"),
        "findById".to_string(),
        format!("get{pascal}"),
        format!("find{pascal}"),
    ];
    candidates.iter().find_map(|c| methods.iter().find(|m| &m.name == c))
}

/// What a parameter holds, read from its name.
#[derive(Debug, PartialEq, Eq)]
enum Meaning {
    /// The record's own id: `id`, `_id`, `taskId`, `task_id`.
    Id,
    /// Anything else, by its normalised name: `orgId` and `organizationId`
    /// are both `orgid`, `user_id` is `userid`.
    Named(String),
    /// A destructuring pattern or a rest parameter: no name to match.
    Unnamed,
}

fn meaning(param: &str, camel: &str) -> Meaning {
    if param.starts_with("...") || param.starts_with('{') || param.starts_with('[') {
        return Meaning::Unnamed;
    }
    let mut name = param.to_lowercase().replace('_', "");
    let camel = camel.to_lowercase();
    // `id`, `taskId`, or the id named after the module's last word (`noteId` of `ticketNote`).
    let stem = name.strip_suffix("id").unwrap_or_default();
    if name == "id" || stem == camel || (stem.len() >= 3 && camel.ends_with(stem) && !is_scope(param)) {
        return Meaning::Id;
    }
    for long in ["organization", "organisation"] {
        if let Some(rest) = name.strip_prefix(long) {
            name = format!("org{rest}");
        }
    }
    Meaning::Named(name)
}

/// Whether `param` holds the record's id (`id`, `_id`, `taskId`, `noteId` of `ticketNote`).
pub fn is_id(param: &str, camel: &str) -> bool {
    meaning(param, camel) == Meaning::Id
}

/// For each of `getter`'s parameters, the index of `mutating`'s parameter
/// that holds the same value; `Err` says why there is none.
pub fn call_args(getter: &Method, mutating: &Method, camel: &str) -> Result<Vec<usize>, String> {
    let signature = |m: &Method| format!("`{}({})`", m.name, m.params.join(", "));
    let id_of_mutating = || {
        mutating.params.iter().position(|p| meaning(p, camel) == Meaning::Id).ok_or_else(|| {
            format!("{} takes no {camel} id (`id` or `{camel}Id`) to read the {camel} with", signature(mutating))
        })
    };
    // A getter of one plain parameter takes the id, whatever it calls it (not a scope: `orgId`).
    let one = matches!(getter.params.as_slice(), [only] if matches!(meaning(only, camel), Meaning::Named(_)) && !is_scope(only));
    if !one && !getter.params.iter().any(|p| meaning(p, camel) == Meaning::Id) {
        return Err(format!("{} takes no {camel} id rtgen can tell (`id` or `{camel}Id`)", signature(getter)));
    }
    if one {
        return Ok(vec![id_of_mutating()?]);
    }
    let mut args = Vec::new();
    for param in &getter.params {
        let index = match meaning(param, camel) {
            Meaning::Id => id_of_mutating()?,
            Meaning::Unnamed => {
                return Err(format!(
                    "{} takes `{param}`, which rtgen cannot fill from {}",
                    signature(getter),
                    signature(mutating)
                ))
            }
            wanted @ Meaning::Named(_) => {
                mutating.params.iter().position(|p| meaning(p, camel) == wanted).ok_or_else(|| {
                    format!("{} needs `{param}`, which {} does not take", signature(getter), signature(mutating))
                })?
            }
        };
        args.push(index);
    }
    Ok(args)
}

/// A parameter that scopes a read to a tenant or a user rather than naming
/// the record (`orgId`, `tenantId`, `userId`, `workspaceId`): a getter whose
/// only parameter is one of these does not read by id.
fn is_scope(param: &str) -> bool {
    let lower = param.to_lowercase().replace('_', "");
    ["org", "organization", "organisation", "tenant", "user", "workspace", "company", "account", "team"]
        .iter()
        .any(|scope| lower == format!("{scope}id") || lower == *scope)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(name: &str, params: &[&str]) -> Method {
        Method { name: name.into(), params: params.iter().map(|p| p.to_string()).collect(), field: false, line: 0 }
    }

    #[test]
    fn each_argument_comes_from_the_parameter_of_the_same_meaning() {
        let update = m("updateTask", &["taskId", "data", "organizationId"]);
        assert_eq!(call_args(&m("getTaskById", &["id"]), &update, "task"), Ok(vec![0]));
        assert_eq!(call_args(&m("getTaskById", &["taskId", "orgId"]), &update, "task"), Ok(vec![0, 2]));
        assert_eq!(call_args(&m("getTaskById", &["orgId", "id"]), &update, "task"), Ok(vec![2, 0]));
        let by_user = m("deleteTask", &["id", "user_id"]);
        assert_eq!(call_args(&m("getTaskById", &["id", "userId"]), &by_user, "task"), Ok(vec![0, 1]));
        // The id named after the module's last word.
        let note = m("deleteTicketNote", &["noteId", "userId"]);
        assert_eq!(call_args(&m("getTicketNoteById", &["id"]), &note, "ticketNote"), Ok(vec![0]));
        // A one-parameter getter takes the id, whatever it calls it.
        assert_eq!(call_args(&m("findById", &["key"]), &update, "task"), Ok(vec![0]));
    }

    #[test]
    fn no_call_where_an_argument_has_no_counterpart() {
        let update = m("updateTask", &["id", "data"]);
        let err = call_args(&m("getTaskById", &["id", "orgId"]), &update, "task").unwrap_err();
        assert_eq!(err, "`getTaskById(id, orgId)` needs `orgId`, which `updateTask(id, data)` does not take");
        // No id to read by: `updateTask(data)` must not be read as `getTaskById(data)`.
        let err = call_args(&m("getTaskById", &["id"]), &m("updateTask", &["data"]), "task").unwrap_err();
        assert_eq!(err, "`updateTask(data)` takes no task id (`id` or `taskId`) to read the task with");
        for getter in [m("getTaskById", &["{...}"]), m("getTaskById", &["...args"]), m("getTaskById", &["orgId"])] {
            assert!(call_args(&getter, &update, "task").is_err(), "{:?}", getter.params);
        }
        assert!(call_args(&m("getTaskById", &["id"]), &m("updateTask", &["{...}"]), "task").is_err());
    }
}
