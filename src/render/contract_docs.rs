//! The contract written down: the AsyncAPI 3.0 document
//! (`realtime/asyncapi.yaml`), the events README (`realtime/README.md`),
//! and the plain text `rtgen docs` prints.

use heck::ToUpperCamelCase;
use serde_yaml::{Mapping, Value};

use crate::error::backticked;
use crate::read::socket_auth::SocketAuth;
use crate::render::contract::{Contract, EventContract, ModuleContract};

/// A YAML mapping from `(key, value)` pairs, in order.
fn map<const N: usize>(pairs: [(&str, Value); N]) -> Value {
    let mut mapping = Mapping::new();
    for (key, value) in pairs {
        mapping.insert(Value::String(key.to_string()), value);
    }
    Value::Mapping(mapping)
}

fn string(text: impl Into<String>) -> Value {
    Value::String(text.into())
}

fn reference(to: String) -> Value {
    map([("$ref", string(to))])
}

/// `proposalStatusChanged`: the event's id in channels, operations and messages.
fn event_id(module: &ModuleContract, event: &EventContract) -> String {
    format!("{}{}", module.module, event.name.to_upper_camel_case())
}

/// Who receives `event`, in one sentence.
pub fn recipients_rule(event: &EventContract) -> String {
    let mut parts = Vec::new();
    if !event.recipients.fields.is_empty() {
        parts.push(format!("the users in {}", backticked(&event.recipients.fields, ", ")));
    }
    if !event.recipients.roles.is_empty() {
        parts.push(format!("every user with the role {}", backticked(&event.recipients.roles, ", ")));
    }
    let actor = if event.recipients.exclude_actor { "never the user who acted" } else { "the user who acted too" };
    format!("{}; {actor}", parts.join(", and "))
}

/// What the payload carries, in a few words.
fn payload_summary(module: &ModuleContract, event: &EventContract) -> String {
    let record = match &event.payload_fields {
        Some(fields) => format!("`{}`: {}", module.module, backticked(fields, ", ")),
        None => format!("`{}`: the whole record", module.module),
    };
    if event.schema["properties"].get("oldStatus").is_some() {
        format!("{record}; `oldStatus`, `newStatus`")
    } else {
        record
    }
}

fn module_names(contract: &Contract) -> String {
    backticked(contract.modules.iter().map(|m| &m.module), ", ")
}

/// The AsyncAPI 3.0 document of `contract` (without rtgen's header).
pub fn asyncapi_yaml(contract: &Contract, specs_dir: &str) -> String {
    let mut channels = Mapping::new();
    let mut operations = Mapping::new();
    let mut messages = Mapping::new();
    for module in &contract.modules {
        for event in &module.events {
            let id = event_id(module, event);
            let mut message = map([
                ("name", string(&event.event)),
                ("title", string(format!("{} {}", module.module, event.name))),
                ("contentType", string("application/json")),
            ]);
            if let (Some(toast), Value::Mapping(m)) = (&event.toast, &mut message) {
                m.insert(string("summary"), string(format!("The front toasts \"{toast}\".")));
            }
            if let Value::Mapping(m) = &mut message {
                m.insert(string("payload"), serde_yaml::to_value(&event.schema).expect("a schema converts"));
            }
            messages.insert(string(&id), message);
            channels.insert(
                string(&id),
                map([
                    ("address", string(&event.event)),
                    ("title", string(format!("{} {}", module.module, event.name))),
                    (
                        "description",
                        string(format!(
                            "Sent after `{}` (from `{}`) to {}. Each recipient receives it once, however many rules match it; an empty recipient set sends nothing.",
                            event.method,
                            module.spec,
                            recipients_rule(event)
                        )),
                    ),
                    ("messages", map([(id.as_str(), reference(format!("#/components/messages/{id}")))])),
                ]),
            );
            operations.insert(
                string(format!("send{}", id.to_upper_camel_case())),
                map([
                    ("action", string("send")),
                    ("channel", reference(format!("#/channels/{id}"))),
                    ("summary", string(format!("After `{}`.", event.method))),
                    ("messages", Value::Sequence(vec![reference(format!("#/channels/{id}/messages/{id}"))])),
                ]),
            );
        }
    }
    let mut components = map([("messages", Value::Mapping(messages))]);
    let mut document = map([
        ("asyncapi", string("3.0.0")),
        (
            "info",
            map([
                ("title", string("Real-time events")),
                ("version", string("1.0.0")),
                (
                    "description",
                    string(format!(
                        "The socket.io events of the modules {}, as rtgen generates them from the specs in `{specs_dir}/`. Every payload is JSON.",
                        module_names(contract)
                    )),
                ),
            ]),
        ),
        ("defaultContentType", string("application/json")),
    ]);
    let Value::Mapping(doc) = &mut document else { unreachable!("a mapping") };
    if let Some(server) = &contract.server {
        let mut description = format!(
            "The socket.io server `{}` creates. A client authenticates with {}; it may listen once the server sends `{}`. Events go to the rooms `{}`{}.",
            server.file,
            server.auth.describe(),
            server.ready_event,
            server.user_room,
            server.role_room.as_ref().map(|r| format!(" and `{r}`")).unwrap_or_default()
        );
        description.push_str(" rtgen does not read where the server listens: set `host` when you use this document.");
        let mut entry = map([
            ("host", string("{host}")),
            ("protocol", string("ws")),
            ("description", string(description)),
            (
                "variables",
                map([("host", map([("description", string("The backend's host and port, e.g. `localhost:3000`."))]))]),
            ),
        ]);
        let scheme = match &server.auth {
            SocketAuth::HandshakeToken { jwt, .. } | SocketAuth::BearerHeader { jwt } => {
                let mut scheme = map([
                    ("type", string("http")),
                    ("scheme", string("bearer")),
                    ("description", string(format!("{}.", upper_first(&server.auth.describe())))),
                ]);
                if let (true, Value::Mapping(m)) = (*jwt, &mut scheme) {
                    m.insert(string("bearerFormat"), string("JWT"));
                }
                Some(scheme)
            }
            _ => None,
        };
        if let (Some(scheme), Value::Mapping(m), Value::Mapping(c)) = (scheme, &mut entry, &mut components) {
            m.insert(
                string("security"),
                Value::Sequence(vec![reference("#/components/securitySchemes/socketAuth".into())]),
            );
            c.insert(string("securitySchemes"), map([("socketAuth", scheme)]));
        }
        doc.insert(string("servers"), map([("socketio", entry)]));
    }
    doc.insert(string("channels"), Value::Mapping(channels));
    doc.insert(string("operations"), Value::Mapping(operations));
    doc.insert(string("components"), components);
    serde_yaml::to_string(&document).expect("a document serializes")
}

fn upper_first(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// A Markdown table cell: pipes escaped, on one line.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// Spec text (a toast) as a Markdown table cell that shows it as written:
/// every character Markdown or HTML would act on is escaped, so no link,
/// emphasis, code span or tag comes out of a spec.
fn text_cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '&' | '|' | '~' | '!' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

/// The events README of `contract` (without rtgen's header).
pub fn readme_markdown(contract: &Contract, specs_dir: &str) -> String {
    let mut out = String::from("# Real-time events\n\n");
    out.push_str(&format!(
        "The socket.io events of the modules {}, from their specs in `{specs_dir}/` (the same contract as `asyncapi.yaml`). Each recipient receives an event once, however many rules match it.\n",
        module_names(contract)
    ));
    if let Some(server) = &contract.server {
        out.push_str(&format!(
            "\nThe server is created in `{}`. A client authenticates with {}. It may listen once the server sends `{}`. Users' rooms are `{}`{}.\n",
            server.file,
            server.auth.describe(),
            server.ready_event,
            server.user_room,
            server.role_room.as_ref().map(|r| format!(", roles' rooms `{r}`")).unwrap_or_default()
        ));
    }
    for module in &contract.modules {
        out.push_str(&format!("\n## {}\n\nFrom `{}`", module.module, module.spec));
        match &module.entity_source {
            Some(source) => out.push_str(&format!("; field types from the {source}.\n\n")),
            None => out.push_str("; no schema tells the field types.\n\n"),
        }
        out.push_str("| event | fires after | recipients | payload | toast |\n|---|---|---|---|---|\n");
        for event in &module.events {
            out.push_str(&format!(
                "| `{}` | `{}` | {} | {} | {} |\n",
                event.event,
                event.method,
                cell(&recipients_rule(event)),
                cell(&payload_summary(module, event)),
                event.toast.as_deref().map(text_cell).unwrap_or_else(|| "none".into())
            ));
        }
    }
    out
}

/// The contract as plain text, for a terminal.
pub fn text(contract: &Contract) -> String {
    let mut out = String::new();
    if let Some(server) = &contract.server {
        out.push_str(&format!(
            "server `{}`: auth {}; ready event `{}`\n\n",
            server.file,
            server.auth.describe(),
            server.ready_event
        ));
    }
    for module in &contract.modules {
        out.push_str(&format!("{} (`{}`)\n", module.module, module.spec));
        for event in &module.events {
            out.push_str(&format!("  {}  after `{}`\n", event.event, event.method));
            out.push_str(&format!("    to: {}\n", recipients_rule(event)));
            out.push_str(&format!("    payload: {}\n", payload_summary(module, event)));
            if let Some(toast) = &event.toast {
                out.push_str(&format!("    toast: {toast}\n"));
            }
        }
        out.push('\n');
    }
    if contract.modules.is_empty() {
        out.push_str("no module has a spec\n");
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn toast_text_stays_text_in_markdown() {
        assert_eq!(super::text_cell("New {title}"), "New {title}");
        assert_eq!(
            super::text_cell("<img src=x onerror=alert(1)> [a](javascript:x) `c` *b* | d"),
            "\\<img src=x onerror=alert(1)\\> \\[a\\](javascript:x) \\`c\\` \\*b\\* \\| d"
        );
    }
}
