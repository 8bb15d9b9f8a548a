//! The spec `rtgen add <module>` writes when the module has none, derived
//! from the module's own code: one event per method that changes a record
//! (`create<M>` -> created, `update<M>` -> updated and, with a status column,
//! statusChanged, `delete<M>`/`remove<M>` -> deleted, `approve<M>` ->
//! approved, ...; a method whose body writes changes a record whatever its
//! name: `apply` -> applied, a class service's bare `create` -> created), sent to the entity's user columns and the project's admin
//! roles, with a payload of the entity's columns minus the ones that look
//! secret. Every choice is explained in a comment of the spec itself; what
//! cannot be derived is left out with the reason. Pure: facts in, text out.

use heck::{ToLowerCamelCase, ToUpperCamelCase};

use super::SCHEMA_FILE_NAME;
use crate::read::entity::Entity;
use crate::read::profile::Method;

/// Roles the host's own code sends to or guards the module with, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExtraRoles {
    pub roles: Vec<String>,
    pub why: String,
}

/// What the derivation reads.
pub struct ModuleFacts<'a> {
    /// Roles beyond the admin roles: an existing module's emitter, route guards.
    pub extra_roles: &'a [ExtraRoles],
    /// Request handlers (controllers, inline routes): the actor is `req.user`,
    /// not a parameter.
    pub actor_in_request: bool,
    /// The module's camelCase name and its plural.
    pub camel: &'a str,
    pub plural: &'a str,
    /// The base service file, for comments.
    pub service_path: &'a str,
    pub methods: &'a [Method],
    /// Methods whose body writes to the store (`insert`, `update`, `save`, ...).
    pub writing: &'a [String],
    pub entity: Option<&'a Entity>,
    /// The project's roles, when known.
    pub roles: Option<&'a [String]>,
    /// The record's key when get-by-id returns a wrapper (`{ contract, proposal }`).
    pub wrapper: Option<(&'a str, &'a str)>,
    /// Why the old status cannot be read, when it cannot (a controller with no read
    /// by id): statusChanged is then left out with this reason.
    pub no_old_status: Option<&'a str>,
    /// For a service, its get-by-id method (`None`: it has none), which
    /// `statusChanged` and `deleted` read the record with before the change;
    /// `Reads::Controller` where `no_old_status` says what is known.
    pub reads: Reads<'a>,
    /// Where the module's code maps a document's `_id` to `id` in the plain
    /// objects it returns (`path:line`): its records carry `id`, not `_id`.
    pub maps_id: Option<&'a str>,
    /// Methods may be bare verbs (`create`, `update`, `remove`, `approve`):
    /// controllers' handlers are often named so.
    pub bare_verbs: bool,
    /// Handlers whose successful answer holds no record, with what they send
    /// (`{ success, comment }`): an event after them would never go out.
    pub answers_without_record: &'a [(String, String)],
}

/// How the record is read before a change.
pub enum Reads<'a> {
    /// A controller or inline routes: `no_old_status` says what is known.
    Controller,
    /// A service, and its get-by-id method if it has one.
    Service(Option<&'a Method>),
}

impl Reads<'_> {
    /// Why `method` cannot read the record before its change, if it cannot:
    /// no getter, or one that cannot be called with its real parameters.
    fn gap(&self, method: &str, facts: &ModuleFacts) -> Option<String> {
        let Reads::Service(getter) = self else { return None };
        let Some(getter) = getter else {
            return Some(format!(
                "`{}` has no get-by-id method to read the {} with before `{method}`",
                facts.service_path, facts.camel
            ));
        };
        let mutating = facts.methods.iter().find(|m| m.name == method)?;
        crate::read::getter::call_args(getter, mutating, facts.camel).err()
    }
}

/// Method verbs that only read.
const READ_ONLY: &[&str] = &[
    "get",
    "find",
    "list",
    "count",
    "search",
    "fetch",
    "load",
    "read",
    "validate",
    "render",
    "generate",
    "preview",
    "export",
    "is",
    "has",
    "can",
    "check",
    "calculate",
    "compute",
    "build",
    "format",
    "parse",
    "log",
    "view",
    "download",
    "print",
    "query",
    "exists",
    "verify",
    "retry",
    "save",
];

/// Read-only verbs whose methods stay read only even when their body writes:
/// a read that also counts a view or logs an access is no change to announce.
/// The others (`save`, `generate`, `build`, ...) change the module when the body writes.
const QUERY_ONLY: &[&str] = &[
    "get", "find", "list", "count", "search", "fetch", "load", "read", "query", "exists", "is", "has", "can", "check",
    "verify", "validate", "view", "download", "print", "preview", "render", "format", "parse", "log",
];

/// Verbs that change a record, when the body does not show it.
const MUTATING: &[&str] = &[
    "approve",
    "reject",
    "send",
    "claim",
    "assign",
    "unassign",
    "cancel",
    "close",
    "reopen",
    "archive",
    "restore",
    "publish",
    "unpublish",
    "submit",
    "accept",
    "decline",
    "sign",
    "complete",
    "resolve",
    "request",
    "upload",
    "move",
    "transfer",
    "mark",
    "lock",
    "unlock",
    "enable",
    "disable",
    "activate",
    "deactivate",
    "confirm",
    "revoke",
    "pay",
    "refund",
    "ship",
    "schedule",
    "escalate",
    "convert",
    "renew",
    "suspend",
    "block",
    "unblock",
    "review",
    "finish",
];

/// Column names that look secret: never in a derived payload.
/// `internal` covers staff-only notes (`internalNotes`), the other leak the recipe had.
pub const SECRET_WORDS: &[&str] =
    &["password", "hash", "token", "secret", "salt", "otp", "apikey", "privatekey", "internal"];

/// Whether a column name looks like it holds a secret.
pub fn looks_secret(column: &str) -> bool {
    let lower = column.to_lowercase();
    SECRET_WORDS.iter().any(|w| lower.contains(w))
        || lower == "key"
        || lower.ends_with("_key")
        || (column.ends_with("Key") && column.len() > 3)
}

/// One derived event.
struct Derived {
    name: String,
    method: Option<String>,
    toast: String,
}

/// The spec's text, with comments that say where each part comes from.
pub fn derived_spec_yaml(facts: &ModuleFacts) -> String {
    let (events, read_only, left_out) = derive_events(facts);
    let recipients = derive_recipients(facts);
    let payload = derive_payload(facts);
    write_spec(facts, &events, &read_only, &left_out, &recipients, &payload)
}

/// The events, the read-only methods, and what was left out and why.
fn derive_events(facts: &ModuleFacts) -> (Vec<Derived>, Vec<String>, Vec<String>) {
    let camel = facts.camel;
    let pascal = camel.to_upper_camel_case();
    let plural_pascal = facts.plural.to_upper_camel_case();
    let has = |name: &str| facts.methods.iter().any(|m| m.name == name);
    let mut events = Vec::new();
    let mut left_out: Vec<String> = Vec::new();
    let label = sentence_case(camel);

    // The method an event follows: `<verb><Module>`, or the bare verb where allowed.
    let find = |verbs: &[&str]| -> Option<String> {
        let named = verbs.iter().map(|v| format!("{v}{pascal}")).find(|m| has(m));
        // A bare verb: a controller's handler, or a class service's method whose body writes.
        named.or_else(|| {
            verbs.iter().map(|v| v.to_string()).find(|m| has(m) && (facts.bare_verbs || facts.writing.contains(m)))
        })
    };
    // `method:` only where it differs from the default.
    let method_of = |found: &str, default: &str| (found != default).then(|| found.to_string());
    // A handler whose answer holds no record under a key rtgen reads gives no event:
    // there would be nothing to send (a deleted record is read before, by id).
    let answers_nothing = |found: &str, event: &str, left_out: &mut Vec<String>| {
        let answer = facts.answers_without_record.iter().find(|(m, _)| m == found);
        if let Some((_, answer)) = answer {
            left_out.push(format!(
                "{event}: `{found}` answers {answer}, which holds no {camel} where rtgen reads one (the answer itself, or its `data` or `{camel}`); set `entity:` to the key that holds it"
            ));
        }
        answer.is_some()
    };
    if let Some(found) = find(&["create"]).filter(|f| !answers_nothing(f, "created", &mut left_out)) {
        events.push(Derived {
            name: "created".into(),
            method: method_of(&found, &format!("create{pascal}")),
            toast: format!("New {}", label.to_lowercase()),
        });
    }
    if let Some(found) = find(&["update"]).filter(|f| !answers_nothing(f, "updated", &mut left_out)) {
        let method = method_of(&found, &format!("update{pascal}"));
        events.push(Derived { name: "updated".into(), method: method.clone(), toast: format!("{label} updated") });
        match facts.entity {
            Some(entity) if entity.has("status") && facts.no_old_status.is_some() => {
                left_out.push(format!("statusChanged: {}", facts.no_old_status.unwrap_or_default()))
            }
            Some(entity) if entity.has("status") && facts.reads.gap(&found, facts).is_some() => left_out.push(format!(
                "statusChanged: {}, so the old status cannot be read",
                facts.reads.gap(&found, facts).unwrap_or_default()
            )),
            Some(entity) if entity.has("status") => events.push(Derived {
                name: "statusChanged".into(),
                method,
                toast: format!("{label} is now {{newStatus}}"),
            }),
            Some(entity) => left_out.push(format!("statusChanged: {} has no `status` column", entity.source)),
            None => left_out.push("statusChanged: no schema says the entity has a `status` column".into()),
        }
    }
    if let Some(found) = find(&["delete", "remove"]) {
        // Without a read before the delete the event has no record to send, so it never goes out.
        if let Some(gap) = facts.reads.gap(&found, facts) {
            left_out.push(format!("deleted: {gap}, so the deleted {camel} cannot be read (add the event with `method: {found}` if it returns the deleted {camel})"));
        } else {
            events.push(Derived {
                name: "deleted".into(),
                method: method_of(&found, &format!("delete{pascal}")),
                toast: format!("{label} deleted"),
            });
        }
    }
    let mut lifecycle = vec![
        format!("create{pascal}"),
        format!("update{pascal}"),
        format!("delete{pascal}"),
        format!("remove{pascal}"),
    ];
    lifecycle.extend(
        ["create", "update", "delete", "remove"]
            .map(String::from)
            .into_iter()
            .filter(|verb| facts.bare_verbs || facts.writing.contains(verb)),
    );
    let mut read_only = Vec::new();
    for method in facts.methods {
        if lifecycle.contains(&method.name) {
            continue;
        }
        let writes = facts.writing.contains(&method.name);
        let first_word = method.name.split(|c: char| c.is_uppercase()).next().unwrap_or(&method.name).to_string();
        let custom = match custom_event(&method.name, &pascal, &plural_pascal) {
            // A controller's bare verb (`approve`, `markPaid`) names the change itself;
            // so does any method whose body writes (`apply`, `receive`, `saveEditedHtml`).
            Custom::Other if facts.bare_verbs || writes => Custom::Event(method.name.clone()),
            // What the body does wins over what the name says: `generateContractFromTemplate`
            // and `saveEditedHtml` write. A read that writes on the side stays a read.
            Custom::ReadOnly if writes && !QUERY_ONLY.contains(&first_word.as_str()) => {
                match method.name.find(pascal.as_str()) {
                    Some(at) if at > 0 => {
                        let rest = &method.name[at + pascal.len()..];
                        let rest = rest
                            .strip_prefix('s')
                            .filter(|r| r.is_empty() || r.starts_with(char::is_uppercase))
                            .unwrap_or(rest);
                        Custom::Event(format!("{}{rest}", &method.name[..at]).to_lower_camel_case())
                    }
                    _ => Custom::Event(method.name.clone()),
                }
            }
            custom => custom,
        };
        match custom {
            Custom::Event(verb) => {
                let first = verb.split(|c: char| c.is_uppercase()).next().unwrap_or(&verb).to_string();
                if !writes && !MUTATING.contains(&first.as_str()) {
                    left_out.push(format!("{}: nothing in it changes a record", method.name));
                    continue;
                }
                if let Some((_, answer)) = facts.answers_without_record.iter().find(|(m, _)| *m == method.name) {
                    left_out.push(format!("{}: it answers {answer}, which holds no {camel}", method.name));
                    continue;
                }
                let name = past_tense(&verb);
                if events.iter().any(|e: &Derived| e.name == name) {
                    left_out.push(format!("{}: its event `{name}` is taken by another method", method.name));
                    continue;
                }
                let toast = format!("{label} {}", heck::ToTitleCase::to_title_case(name.as_str()).to_lowercase());
                events.push(Derived { name, method: Some(method.name.clone()), toast });
            }
            Custom::Bulk => left_out.push(format!(
                "{}: it changes several records at once; rtgen emits per record (add an event with `method:` if it returns one)",
                method.name
            )),
            Custom::ReadOnly => read_only.push(method.name.clone()),
            Custom::Other => {
                left_out.push(format!("{}: neither its name nor its body says it changes a {camel}", method.name))
            }
        }
    }
    (events, read_only, left_out)
}

/// Who each event goes to, and the comments that say why.
struct Recipients {
    fields: Vec<String>,
    fields_comment: String,
    roles: Vec<String>,
    roles_comment: String,
}

fn derive_recipients(facts: &ModuleFacts) -> Recipients {
    let (fields, fields_comment) = match facts.entity {
        Some(entity) if !entity.user_columns.is_empty() => {
            let comment = if entity.from_schema {
                format!("the user columns of {} (user references, or named like users)", entity.source)
            } else {
                format!("the user-like names among {}", entity.source)
            };
            (entity.user_columns.clone(), comment)
        }
        Some(entity) => (Vec::new(), format!("no user column in {}", entity.source)),
        None => (Vec::new(), "no schema and no keys in the service tell which columns hold users".to_string()),
    };
    let admin_roles: Vec<String> = facts
        .roles
        .map(|roles| roles.iter().filter(|r| r.to_lowercase().contains("admin")).cloned().collect())
        .unwrap_or_default();
    let mut roles_comment = match facts.roles {
        None if !facts.extra_roles.is_empty() => "no roles module or schema enum".to_string(),
        None => "no roles found (no `src/constants/roles.js`, no role enum in a schema, no module sending to roles, no role guard on the routes), so no roles".to_string(),
        Some(_) if admin_roles.is_empty() => "no admin role among the project's roles".to_string(),
        Some(_) => "the project's admin roles".to_string(),
    };
    let mut roles = admin_roles;
    for extra in facts.extra_roles {
        roles_comment.push_str(&format!(";\n#   {} ({})", extra.why, extra.roles.join(", ")));
        for role in &extra.roles {
            if !roles.contains(role) {
                roles.push(role.clone());
            }
        }
    }
    Recipients { fields, fields_comment, roles, roles_comment }
}

/// The payload whitelist, and the comment that says where it comes from.
fn derive_payload(facts: &ModuleFacts) -> (Vec<String>, String) {
    match facts.entity {
        Some(entity) => {
            let secret: Vec<&String> = entity.columns.iter().filter(|c| looks_secret(c)).collect();
            let fields: Vec<String> =
                entity.columns.iter().filter(|c| !looks_secret(c) && c.as_str() != "id").cloned().collect();
            let columns = match entity.from_schema {
                true => format!("the columns of {}", entity.source),
                false => entity.source.clone(),
            };
            let comment = match secret.is_empty() {
                true => columns,
                false => format!(
                    "{columns} minus those that look secret ({})",
                    secret.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")
                ),
            };
            (fields, comment)
        }
        None => {
            (Vec::new(), "no columns known: only the id is sent; list the fields pages and toasts need".to_string())
        }
    }
}

/// The spec's text: comments first, then the events.
fn write_spec(
    facts: &ModuleFacts,
    events: &[Derived],
    read_only: &[String],
    left_out: &[String],
    recipients: &Recipients,
    (payload, payload_comment): &(Vec<String>, String),
) -> String {
    let camel = facts.camel;
    let Recipients { fields, fields_comment, roles: admin_roles, roles_comment } = recipients;
    let mut out = String::new();
    out.push_str(&format!("# yaml-language-server: $schema=./{SCHEMA_FILE_NAME}\n"));
    out.push_str(&format!(
        "# Real-time events of the `{camel}` module, derived by rtgen from `{}`.\n# Edit it, then run `rtgen add {camel}`.\n#\n",
        facts.service_path
    ));
    out.push_str(&format!(
        "# Recipients: {fields_comment};\n#   and {roles_comment}.\n#   The user who acted does not receive its own event where the method names it\n#   (a `userId`, `actorId` or `user` parameter).\n"
    ));
    out.push_str(&format!(
        "# Payload: {payload_comment}; the id is always sent.\n#   Without `payload:` an event sends the whole record, secret-looking columns included.\n"
    ));
    if !read_only.is_empty() {
        out.push_str(&format!("# Read only, no event: {}.\n", read_only.join(", ")));
    }
    for line in left_out {
        out.push_str(&format!("# Left out: {line}.\n"));
    }
    out.push_str(&format!("module: {camel}\n"));
    // A Mongoose document's JSON has `_id`; `id` is a virtual its JSON leaves out
    // unless the schema declares or enables it: pages and events would match nothing.
    if let Some(entity) = facts.entity.filter(|e| e.source.starts_with("Mongoose schema")) {
        if let Some(at) = facts.maps_id.filter(|_| !entity.columns.iter().any(|c| c == "id")) {
            out.push_str(&format!(
                "# {} declares no `id`, but `{at}` returns plain objects with `id` set from `_id`: records carry `id`.\n",
                entity.source
            ));
        } else if !entity.columns.iter().any(|c| c == "id") {
            out.push_str(&format!(
                "# {} declares no `id`: a record's JSON carries its id as `_id`.\nidField: _id\n",
                entity.source
            ));
        }
    }
    if let Some((method, key)) = facts.wrapper {
        out.push_str(&format!("# `{method}` returns the record inside a wrapper (`{{ {key}, ... }}`): events take its `{key}`.\nentity: {key}\n"));
    }
    out.push_str("events:");
    let reachable = !fields.is_empty() || !admin_roles.is_empty();
    if events.is_empty() || !reachable {
        out.push_str(" []\n");
        if !reachable {
            out.push_str("# No event has anyone to go to: name user columns (`recipients.fields`) or roles (`recipients.roles`).\n");
        }
        if events.is_empty() {
            out.push_str(&format!(
                "# No method of `{}` changes a {camel}: add events with `method:`.\n",
                facts.service_path
            ));
        }
        return out;
    }
    out.push('\n');
    let pascal = camel.to_upper_camel_case();
    for event in events {
        out.push_str(&format!("  - name: {}\n", event.name));
        if let Some(method) = &event.method {
            out.push_str(&format!("    method: {method}\n"));
        }
        // A method that takes no actor cannot leave the actor out: say so rather
        // than write a spec rtgen itself refuses.
        let method = event.method.clone().unwrap_or_else(|| match event.name.as_str() {
            "created" => format!("create{pascal}"),
            "deleted" => format!("delete{pascal}"),
            _ => format!("update{pascal}"),
        });
        if let Some(found) = facts.methods.iter().find(|m| m.name == method).filter(|_| !facts.actor_in_request) {
            if crate::read::spec::actor_index(&found.params).is_none() {
                out.push_str(&format!(
                    "    # `{method}({})` takes no acting user, so the user who acted receives this event too.\n    excludeActor: false\n",
                    found.params.join(", ")
                ));
            }
        }
        out.push_str("    recipients:\n");
        if !fields.is_empty() {
            out.push_str(&format!("      fields: [{}]\n", fields.join(", ")));
        }
        if !admin_roles.is_empty() {
            out.push_str(&format!("      roles: [{}]\n", admin_roles.join(", ")));
        }
        out.push_str(&format!("    payload: [{}]\n", payload.join(", ")));
        out.push_str(&format!("    toast: \"{}\"\n", event.toast));
    }
    out
}

enum Custom {
    /// `approveProposal` -> `approve`; `markProposalPaid` -> `markPaid`.
    Event(String),
    Bulk,
    ReadOnly,
    Other,
}

/// What a method's name says: `<verb><Module>[<rest>]`.
fn custom_event(method: &str, pascal: &str, plural_pascal: &str) -> Custom {
    let found = [plural_pascal, pascal].iter().find_map(|word| method.find(word).map(|at| (at, word.len())));
    let Some((at, len)) = found else {
        let first = method.split(|c: char| c.is_uppercase()).next().unwrap_or(method);
        return if READ_ONLY.contains(&first) { Custom::ReadOnly } else { Custom::Other };
    };
    let verb = &method[..at];
    let rest = &method[at + len..];
    let first = verb.split(|c: char| c.is_uppercase()).next().unwrap_or(verb);
    if verb.is_empty() || READ_ONLY.contains(&first) {
        return Custom::ReadOnly;
    }
    if first == "bulk" || rest.starts_with("Bulk") {
        return Custom::Bulk;
    }
    // Only a rest that names a state (`markProposalPaid`), not another thing (`retryProposalEmail`).
    let rest =
        if rest.is_empty() || rest.chars().all(|c| c.is_ascii_digit()) { String::new() } else { rest.to_string() };
    Custom::Event(format!("{verb}{rest}").to_lower_camel_case())
}

/// `ticketNote` -> `Ticket note`.
fn sentence_case(camel: &str) -> String {
    let words = heck::ToTitleCase::to_title_case(camel).to_lowercase();
    let mut chars = words.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// `approve` -> `approved`, `send` -> `sent`, `markPaid` -> `markedPaid`.
fn past_tense(verb: &str) -> String {
    let split = verb.find(|c: char| c.is_uppercase()).unwrap_or(verb.len());
    let (first, rest) = verb.split_at(split);
    let past = match first {
        "send" => "sent".to_string(),
        "pay" => "paid".to_string(),
        "sell" => "sold".to_string(),
        "cancel" => "cancelled".to_string(),
        "submit" => "submitted".to_string(),
        "ship" => "shipped".to_string(),
        "plan" => "planned".to_string(),
        "transfer" => "transferred".to_string(),
        "commit" => "committed".to_string(),
        "stop" => "stopped".to_string(),
        w if w.ends_with('e') => format!("{w}d"),
        w if w.ends_with('y') && !w.ends_with("ay") && !w.ends_with("ey") && !w.ends_with("oy") => {
            format!("{}ied", &w[..w.len() - 1])
        }
        w => format!("{w}ed"),
    };
    format!("{past}{rest}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn method(name: &str) -> Method {
        Method { name: name.into(), params: vec!["id".into(), "userId".into()], field: false, line: 0 }
    }

    #[test]
    fn verbs_and_past_tenses() {
        assert_eq!(past_tense("approve"), "approved");
        assert_eq!(past_tense("send"), "sent");
        assert_eq!(past_tense("claim"), "claimed");
        assert_eq!(past_tense("cancel"), "cancelled");
        assert_eq!(past_tense("markPaid"), "markedPaid");
        assert!(matches!(custom_event("approveProposal", "Proposal", "Proposals"), Custom::Event(v) if v == "approve"));
        assert!(matches!(custom_event("bulkDeleteLeads", "Lead", "Leads"), Custom::Bulk));
        assert!(matches!(custom_event("getAllProposals", "Proposal", "Proposals"), Custom::ReadOnly));
        assert!(matches!(custom_event("logActivity", "Proposal", "Proposals"), Custom::ReadOnly));
        assert!(matches!(custom_event("recordClientApproval", "Proposal", "Proposals"), Custom::Other));
    }

    #[test]
    fn secrets() {
        for column in
            ["clientResponseToken", "passwordHash", "apiKey", "otpCode", "salt", "hashedPassword", "internalNotes"]
        {
            assert!(looks_secret(column), "{column}");
        }
        for column in ["title", "status", "requestedBy", "monkey", "keyboardLayout"] {
            assert!(!looks_secret(column), "{column}");
        }
    }

    #[test]
    fn no_recipient_at_all_writes_no_event() {
        let methods = [method("createTask")];
        let entity = Entity {
            columns: vec!["id".into(), "title".into()],
            user_columns: vec![],
            source: "x".into(),
            from_schema: true,
            types: Default::default(),
        };
        let facts = ModuleFacts {
            camel: "task",
            plural: "tasks",
            service_path: "s.js",
            methods: &methods,
            writing: &[],
            entity: Some(&entity),
            roles: Some(&[]),
            wrapper: None,
            no_old_status: None,
            reads: Reads::Controller,
            maps_id: None,
            bare_verbs: false,
            answers_without_record: &[],
            extra_roles: &[],
            actor_in_request: false,
        };
        let yaml = derived_spec_yaml(&facts);
        assert!(yaml.contains("events: []"), "{yaml}");
        assert!(yaml.contains("No event has anyone to go to"), "{yaml}");
    }

    #[test]
    fn controller_without_a_read_by_id_leaves_status_changed_out_with_the_reason() {
        let methods = [method("createTask"), method("updateTask"), method("deleteTask")];
        let entity = Entity {
            columns: vec!["id".into(), "status".into(), "assignee".into()],
            user_columns: vec!["assignee".into()],
            source: "`src/models/Task.js`".into(),
            from_schema: true,
            types: Default::default(),
        };
        let facts = |no_old_status| ModuleFacts {
            camel: "task",
            plural: "tasks",
            service_path: "src/controllers/taskController.js",
            methods: &methods,
            writing: &[],
            entity: Some(&entity),
            roles: Some(&[]),
            wrapper: None,
            no_old_status,
            reads: Reads::Controller,
            maps_id: None,
            bare_verbs: true,
            answers_without_record: &[],
            extra_roles: &[],
            actor_in_request: false,
        };
        let with = derived_spec_yaml(&facts(None));
        assert!(with.contains("- name: statusChanged"), "{with}");
        let reason = "`src/controllers/taskController.js` reads no task by id, so the old status is unknown";
        let without = derived_spec_yaml(&facts(Some(reason)));
        assert!(!without.contains("- name: statusChanged"), "{without}");
        assert!(without.contains(&format!("# Left out: statusChanged: {reason}.")), "{without}");
        assert!(without.contains("- name: updated") && without.contains("- name: deleted"), "{without}");
    }

    #[test]
    fn bare_verb_handlers_of_a_controller_follow_their_events() {
        let methods = [method("list"), method("create"), method("update"), method("remove"), method("approve")];
        let entity = Entity {
            columns: vec!["id".into(), "status".into(), "assignee".into()],
            user_columns: vec!["assignee".into()],
            source: "x".into(),
            from_schema: true,
            types: Default::default(),
        };
        let writing = ["approve".to_string()];
        let facts = |bare_verbs| ModuleFacts {
            camel: "task",
            plural: "tasks",
            service_path: "c.js",
            methods: &methods,
            writing: &writing,
            entity: Some(&entity),
            roles: Some(&[]),
            wrapper: None,
            no_old_status: None,
            reads: Reads::Controller,
            maps_id: None,
            bare_verbs,
            answers_without_record: &[],
            extra_roles: &[],
            actor_in_request: false,
        };
        let spec = derived_spec_yaml(&facts(true));
        for (event, method) in [
            ("created", "create"),
            ("updated", "update"),
            ("statusChanged", "update"),
            ("deleted", "remove"),
            ("approved", "approve"),
        ] {
            assert!(spec.contains(&format!("- name: {event}\n    method: {method}\n")), "{event} <- {method}:\n{spec}");
        }
        assert!(spec.contains("# Read only, no event: list."), "{spec}");
        // A service's bare `create` is not taken for the module's.
        assert!(!derived_spec_yaml(&facts(false)).contains("- name: created"));
    }

    #[test]
    fn a_method_whose_body_writes_changes_the_module_whatever_its_name() {
        let methods = [
            method("create"),
            method("update"),
            method("apply"),
            method("receive"),
            method("generateContractFromTemplate"),
            method("saveEditedHtml"),
            method("getContractById"),
            method("preview"),
        ];
        let entity = Entity {
            columns: vec!["id".into(), "status".into(), "ownerId".into()],
            user_columns: vec!["ownerId".into()],
            source: "x".into(),
            from_schema: true,
            types: Default::default(),
        };
        let writing: Vec<String> = [
            "create",
            "update",
            "apply",
            "receive",
            "generateContractFromTemplate",
            "saveEditedHtml",
            "getContractById",
        ]
        .map(String::from)
        .to_vec();
        let spec = derived_spec_yaml(&ModuleFacts {
            camel: "contract",
            plural: "contracts",
            service_path: "s.js",
            methods: &methods,
            writing: &writing,
            entity: Some(&entity),
            roles: Some(&[]),
            wrapper: None,
            no_old_status: None,
            bare_verbs: false,
            answers_without_record: &[],
            extra_roles: &[],
            actor_in_request: false,
            reads: Reads::Controller,
            maps_id: None,
        });
        for (event, method) in [
            ("created", "create"),
            ("updated", "update"),
            ("applied", "apply"),
            ("received", "receive"),
            ("generatedFromTemplate", "generateContractFromTemplate"),
            ("savedEditedHtml", "saveEditedHtml"),
        ] {
            assert!(spec.contains(&format!("- name: {event}\n    method: {method}\n")), "{event} <- {method}:\n{spec}");
        }
        // A read that writes on the side is still a read.
        assert!(spec.contains("# Read only, no event: getContractById, preview."), "{spec}");
    }
}
