//! The event contract: every module's events as clients receive them, who
//! receives each, and the JSON Schema of each payload, built from the specs,
//! the entities' column types and the socket layer. Pure: no disk. It is
//! written as `realtime/asyncapi.yaml` and `realtime/README.md`
//! (`render::contract_docs`), printed by `rtgen docs`, and gives the front's
//! socket services their payload typedefs.

use heck::ToUpperCamelCase;
use serde::Serialize;
use serde_json::{json, Map, Value};

use crate::js::paths::slash;
use crate::read::entity::Entity;
use crate::read::names::ModuleNames;
use crate::read::socket_auth::SocketAuth;
use crate::read::socket_layer::SocketLayer;
use crate::read::spec::{EventSpec, Lifecycle, LoadedSpec};

/// File names of the contract, written beside the specs.
pub const ASYNCAPI_FILE_NAME: &str = "asyncapi.yaml";
pub const README_FILE_NAME: &str = "README.md";

/// Every module's events, and the server they come from.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Contract {
    pub server: Option<ServerContract>,
    pub modules: Vec<ModuleContract>,
}

/// What the contract says of the socket server.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ServerContract {
    /// The module that creates it.
    pub file: String,
    /// The event the server sends a socket once it may listen.
    pub ready_event: String,
    /// `user:{id}`.
    pub user_room: String,
    pub role_room: Option<String>,
    pub auth: SocketAuth,
}

/// One module's events.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ModuleContract {
    /// camelCase: `proposal`.
    pub module: String,
    #[serde(skip)]
    pub pascal: String,
    /// The spec it comes from.
    pub spec: String,
    /// Where the payload's field types were read, if anywhere.
    pub entity_source: Option<String>,
    pub events: Vec<EventContract>,
}

/// One event.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EventContract {
    /// The spec's name: `statusChanged`.
    pub name: String,
    /// What clients receive: `proposal:statusChanged`.
    pub event: String,
    /// The service method it follows.
    pub method: String,
    pub recipients: RecipientsContract,
    /// The record's fields it carries (the id first); `None`: the whole record.
    pub payload_fields: Option<Vec<String>>,
    pub toast: Option<String>,
    /// The JSON Schema of the payload (`{ proposal: {...} }`).
    pub schema: Value,
    /// The record's fields the schema names, in the entity's order.
    #[serde(skip)]
    pub record_fields: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RecipientsContract {
    pub fields: Vec<String>,
    pub roles: Vec<String>,
    pub exclude_actor: bool,
}

impl ServerContract {
    pub fn new(socket: &SocketLayer, auth: SocketAuth) -> ServerContract {
        ServerContract {
            file: slash(&socket.server),
            ready_event: socket.ready_event.clone(),
            user_room: socket.user_room.clone(),
            role_room: socket.role_room.clone(),
            auth,
        }
    }
}

/// The service method `event` follows (`create<Module>` for `created`, unless the spec names one).
pub fn event_method(event: &EventSpec, names: &ModuleNames) -> String {
    event.method.clone().unwrap_or_else(|| {
        format!("{}{}", Lifecycle::of(&event.name).map(|l| l.method_verb()).unwrap_or_default(), names.pascal)
    })
}

impl ModuleContract {
    /// One module's part of the contract, typed where `entity` tells the column types.
    pub fn new(loaded: &LoadedSpec, names: &ModuleNames, entity: Option<&Entity>) -> ModuleContract {
        let spec = &loaded.spec;
        let id_field = spec.id_field.clone().unwrap_or_else(|| "id".into());
        let status_field = spec.status_field.clone().unwrap_or_else(|| "status".into());
        let type_of = |field: &str| entity.and_then(|e| e.types.get(field)).cloned().unwrap_or_else(|| json!({}));
        let events = spec
            .events
            .iter()
            .map(|event| {
                let payload_fields = event.payload.as_ref().map(|fields| {
                    let mut all = vec![id_field.clone()];
                    all.extend(fields.iter().filter(|f| **f != id_field).cloned());
                    all
                });
                let (fields, closed) = match &payload_fields {
                    Some(fields) => (fields.clone(), true),
                    None => match entity.filter(|e| e.from_schema) {
                        Some(entity) => (entity.columns.clone(), false),
                        None => (vec![id_field.clone()], false),
                    },
                };
                let mut record = Map::new();
                record.insert("type".into(), json!("object"));
                record.insert(
                    "properties".into(),
                    Value::Object(fields.iter().map(|f| (f.clone(), type_of(f))).collect()),
                );
                record.insert("required".into(), json!([id_field]));
                if closed {
                    record.insert("additionalProperties".into(), json!(false));
                }
                let mut properties = Map::new();
                properties.insert(names.camel.clone(), Value::Object(record));
                if Lifecycle::of(&event.name) == Some(Lifecycle::StatusChanged) {
                    properties.insert("oldStatus".into(), type_of(&status_field));
                    properties.insert("newStatus".into(), type_of(&status_field));
                }
                let schema = json!({
                    "type": "object",
                    "properties": properties,
                    "required": [names.camel],
                    "additionalProperties": false,
                });
                EventContract {
                    name: event.name.clone(),
                    event: format!("{}:{}", names.event_prefix, event.name),
                    method: event_method(event, names),
                    recipients: RecipientsContract {
                        fields: event.recipients.fields.clone(),
                        roles: event.recipients.roles.clone(),
                        exclude_actor: event.exclude_actor,
                    },
                    payload_fields,
                    toast: event.toast.clone(),
                    schema,
                    record_fields: fields,
                }
            })
            .collect();
        ModuleContract {
            module: names.camel.clone(),
            pascal: names.pascal.clone(),
            spec: slash(&loaded.path),
            entity_source: entity.filter(|e| e.from_schema).map(|e| e.source.clone()),
            events,
        }
    }

    /// The payload typedef's name of `event`: `ProposalStatusChangedPayload`.
    pub fn typedef_name(&self, event: &EventContract) -> String {
        format!("{}{}Payload", self.pascal, event.name.to_upper_camel_case())
    }

    /// JSDoc typedefs of every event's payload, and `<Module>Event`, the
    /// `[name, payload]` pairs `subscribe` hands to its handler: an editor
    /// then completes `payload.proposal.status` in a page's handler.
    pub fn jsdoc_typedefs(&self) -> String {
        let mut out = String::new();
        for event in &self.events {
            out.push_str(&format!(
                "/**\n * The payload of `{}`.\n * @typedef {{object}} {}\n",
                event.event,
                self.typedef_name(event)
            ));
            let record = &event.schema["properties"][&self.module];
            let what = if event.payload_fields.is_some() { "the listed fields" } else { "the whole record" };
            out.push_str(&format!(" * @property {{object}} {0} The {0} ({what}).\n", self.module));
            for field in &event.record_fields {
                let field_type = jsdoc_type(&record["properties"][field]);
                out.push_str(&format!(" * @property {{{field_type}}} {}.{field}\n", self.module));
            }
            for extra in ["oldStatus", "newStatus"] {
                if let Some(schema) = event.schema["properties"].get(extra) {
                    out.push_str(&format!(" * @property {{{}}} [{extra}]\n", jsdoc_type(schema)));
                }
            }
            out.push_str(" */\n\n");
        }
        let pairs: Vec<String> =
            self.events.iter().map(|e| format!("[{}, {}]", js_quote(&e.name), self.typedef_name(e))).collect();
        out.push_str(&format!(
            "/**\n * An event as `subscribe` hands it on: its name and payload.\n * @typedef {{{}}} {}Event\n */",
            if pairs.is_empty() { "never".to_string() } else { pairs.join(" | ") },
            self.pascal
        ));
        out
    }
}

impl ModuleContract {
    /// The name of the union of the module's event names: `ProposalEventName`.
    pub fn event_name_type(&self) -> String {
        format!("{}EventName", self.pascal)
    }

    /// TypeScript declarations of the events, exported: the union of their
    /// names as clients receive them, one payload interface per event (the
    /// record's fields typed where the entity tells the column types,
    /// `unknown` where not; every other column of a whole record as an index
    /// signature), and `<Module>Event`, the `[name, payload]` pairs
    /// `subscribe` hands to its handler.
    pub fn ts_types(&self, id_field: &str) -> String {
        let names: Vec<String> = self.events.iter().map(|e| js_quote(&e.event)).collect();
        let mut out = format!(
            "/** The {} module's event names, as clients receive them. */\nexport type {} = {};\n",
            self.module,
            self.event_name_type(),
            if names.is_empty() { "never".to_string() } else { names.join(" | ") }
        );
        for event in &self.events {
            let record = &event.schema["properties"][&self.module];
            let what = if event.payload_fields.is_some() { "the listed fields" } else { "the whole record" };
            out.push_str(&format!(
                "\n/** The payload of `{}`. */\nexport interface {} {{\n",
                event.event,
                self.typedef_name(event)
            ));
            out.push_str(&format!("  /** The {} ({what}). */\n  {}: {{\n", self.module, self.module));
            for field in &event.record_fields {
                let schema = &record["properties"][field];
                let (field_type, optional) = match field == id_field {
                    true if schema.get("type").is_none() => ("string | number".to_string(), ""),
                    true => (ts_type(schema), ""),
                    false => (ts_type(schema), "?"),
                };
                out.push_str(&format!("    {}{optional}: {field_type};\n", ts_key(field)));
            }
            if event.payload_fields.is_none() {
                out.push_str("    [field: string]: unknown;\n");
            }
            out.push_str("  };\n");
            for extra in ["oldStatus", "newStatus"] {
                if let Some(schema) = event.schema["properties"].get(extra) {
                    out.push_str(&format!("  {extra}: {};\n", ts_type(schema)));
                }
            }
            out.push_str("}\n");
        }
        let pairs: Vec<String> =
            self.events.iter().map(|e| format!("[{}, {}]", js_quote(&e.name), self.typedef_name(e))).collect();
        out.push_str(&format!(
            "\n/** An event as `subscribe` hands it on: its name and payload. */\nexport type {}Event = {};",
            self.pascal,
            if pairs.is_empty() { "never".to_string() } else { pairs.join(" | ") }
        ));
        out
    }
}

/// The TypeScript type of a JSON Schema: `number`, `string | null`,
/// `number[]`, `unknown` where the schema says nothing.
pub fn ts_type(schema: &Value) -> String {
    let one = |t: &str, schema: &Value| match t {
        "string" => "string".to_string(),
        "integer" | "number" => "number".to_string(),
        "boolean" => "boolean".to_string(),
        "null" => "null".to_string(),
        "object" => "Record<string, unknown>".to_string(),
        "array" => {
            let item = ts_type(&schema["items"]);
            if item.contains(' ') {
                format!("Array<{item}>")
            } else {
                format!("{item}[]")
            }
        }
        _ => "unknown".to_string(),
    };
    match &schema["type"] {
        Value::String(t) => one(t, schema),
        Value::Array(types) => {
            types.iter().filter_map(|t| t.as_str()).map(|t| one(t, schema)).collect::<Vec<_>>().join(" | ")
        }
        _ => "unknown".to_string(),
    }
}

/// A property key: the name where it is an identifier, else quoted.
fn ts_key(field: &str) -> String {
    match crate::read::names::is_identifier(field) {
        true => field.to_string(),
        false => js_quote(field),
    }
}

/// The JSDoc type of a JSON Schema: `number`, `string|null`, `number[]`, `*`.
pub fn jsdoc_type(schema: &Value) -> String {
    let one = |t: &str, schema: &Value| match t {
        "string" => "string".to_string(),
        "integer" | "number" => "number".to_string(),
        "boolean" => "boolean".to_string(),
        "null" => "null".to_string(),
        "object" => "object".to_string(),
        "array" => {
            let item = jsdoc_type(&schema["items"]);
            if item.contains('|') {
                format!("Array<{item}>")
            } else {
                format!("{item}[]")
            }
        }
        _ => "*".to_string(),
    };
    match &schema["type"] {
        Value::String(t) => one(t, schema),
        Value::Array(types) => {
            types.iter().filter_map(|t| t.as_str()).map(|t| one(t, schema)).collect::<Vec<_>>().join("|")
        }
        _ => "*".to_string(),
    }
}

fn js_quote(text: &str) -> String {
    serde_json::to_string(text).expect("a string serializes")
}

impl Contract {
    /// The modules' names, space-separated (what `rtgen add` takes to rewrite the contract).
    pub fn module_list(&self) -> String {
        self.modules.iter().map(|m| m.module.as_str()).collect::<Vec<_>>().join(" ")
    }

    /// The contract as one JSON document (`rtgen docs --format json`).
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(&json!({ "version": 1, "contract": self })).expect("serializes");
        text.push('\n');
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ts_types_of_schemas() {
        assert_eq!(ts_type(&json!({ "type": "integer" })), "number");
        assert_eq!(ts_type(&json!({ "type": ["string", "null"] })), "string | null");
        assert_eq!(ts_type(&json!({ "type": "array", "items": { "type": "integer" } })), "number[]");
        assert_eq!(
            ts_type(&json!({ "type": "array", "items": { "type": ["integer", "null"] } })),
            "Array<number | null>"
        );
        assert_eq!(ts_type(&json!({})), "unknown");
        assert_eq!(ts_key("createdBy"), "createdBy");
        assert_eq!(ts_key("created-by"), "\"created-by\"");
    }

    #[test]
    fn jsdoc_types() {
        assert_eq!(jsdoc_type(&json!({ "type": "integer" })), "number");
        assert_eq!(jsdoc_type(&json!({ "type": ["string", "null"] })), "string|null");
        assert_eq!(jsdoc_type(&json!({ "type": "array", "items": { "type": "integer" } })), "number[]");
        assert_eq!(
            jsdoc_type(&json!({ "type": ["array", "null"], "items": { "type": ["integer", "null"] } })),
            "Array<number|null>|null"
        );
        assert_eq!(jsdoc_type(&json!({})), "*");
    }
}
