//! The module spec: `realtime/<module>.yaml` in the host project. It says which
//! events a module emits, the service method each follows, who receives each
//! one, what the payload carries and what the frontend toasts.
//!
//! The types here are the schema: `schemas/module-spec.schema.json` is
//! generated from them and a test keeps the two equal.

mod actor;
mod default;
mod derive;
mod load;
mod locate;
mod validate;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use actor::actor_index;
pub use default::default_spec_yaml;
pub use derive::{derived_spec_yaml, looks_secret, ExtraRoles, ModuleFacts, Reads};
pub use load::{check_text, load_spec, yaml_error, LoadedSpec};
pub use validate::{check_module_argument, placeholders, validate, validate_module_name, ValidationContext};

/// `tenant: none`: the module's roles reach their members in every tenant.
pub const NO_TENANT: &str = "none";

/// The file name of the JSON Schema rtgen writes beside the specs.
pub const SCHEMA_FILE_NAME: &str = "rtgen-module.schema.json";

/// One module's real-time behaviour.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
#[schemars(title = "rtgen module spec")]
pub struct ModuleSpec {
    /// The module's name in any case (`proposal`, `contract_request`,
    /// `ContractRequest`). Every other name is derived from it.
    pub module: String,
    /// Overrides for names that do not follow from the module name.
    #[serde(default, skip_serializing_if = "Names::is_empty")]
    pub names: Names,
    /// The entity field holding its id (default `id`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_field: Option<String>,
    /// The entity field whose change turns an update into `statusChanged`
    /// (default `status`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_field: Option<String>,
    /// The module's page: `none`, its file, or what its listeners call; found and read from
    /// the pages when absent.
    #[serde(default, skip_serializing_if = "PageSpec::is_empty")]
    pub page: PageSpec,
    /// The key of the record when the service returns a wrapper around it
    /// (`getContractById` returning `{ contract, proposal, inquiry }`):
    /// `contract`. Absent: the service returns the record itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entity: Option<String>,
    /// The entity field holding the record's tenant (`organizationId`) on an
    /// app whose users belong to tenants: role recipients are then the
    /// members of those roles in the record's tenant only. `none`: roles reach
    /// their members in every tenant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenant: Option<String>,
    /// The events the module emits.
    pub events: Vec<EventSpec>,
}

/// Names that do not follow from the module name by the usual rules.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Names {
    /// The plural, in camelCase (`inquiries`); default: the name plus `s`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plural: Option<String>,
    /// The page file under the pages folder (`ContractRequests.jsx`, or in a folder of it:
    /// `leave/LeavePage.jsx`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<String>,
    /// The base service file's name without extension (`proposalService`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service: Option<String>,
    /// The controller file's name without extension (`proposalController`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub controller: Option<String>,
}

impl Names {
    fn is_empty(&self) -> bool {
        *self == Names::default()
    }
}

/// The module's page and what its listeners call. In the spec: `page: none` (the module has
/// no page to wire), `page: Orders.jsx` (the page file, in the pages folder), or a mapping
/// (`setter`, `loader`, `file`); absent: found and read from the pages.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(from = "PageField", into = "PageField")]
pub struct PageSpec {
    /// `page: none`: no page subscribes; the socket service and backend are still written.
    pub none: bool,
    /// The page file under the pages folder (`Orders.jsx`, `orders/OrdersPage.jsx`).
    pub file: Option<String>,
    /// The list state's setter (`setProposals`).
    pub setter: Option<String>,
    /// The function that reloads the list (`fetchProposals`).
    pub loader: Option<String>,
}

impl PageSpec {
    fn is_empty(&self) -> bool {
        *self == PageSpec::default()
    }
}

/// `page:` as written: `none`, a file name, or a mapping.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum PageField {
    /// `none` (the module has no page), or the page file in the pages folder (`Orders.jsx`).
    Named(String),
    Wiring(PageWiring),
}

/// What the page's listeners call.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct PageWiring {
    /// The page file under the pages folder (`Orders.jsx`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// The list state's setter (`setProposals`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub setter: Option<String>,
    /// The function that reloads the list (`fetchProposals`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub loader: Option<String>,
}

// By hand, not `untagged`: a mistyped key inside the mapping keeps its own message
// (`unknown field `setterr``) instead of "did not match any variant".
impl<'de> Deserialize<'de> for PageField {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = PageField;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("`none`, the page's file name, or a mapping with `file`, `setter`, `loader`")
            }

            fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<PageField, E> {
                Ok(PageField::Named(value.to_string()))
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<PageField, A::Error> {
                PageWiring::deserialize(serde::de::value::MapAccessDeserializer::new(map)).map(PageField::Wiring)
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

impl From<PageField> for PageSpec {
    fn from(field: PageField) -> Self {
        match field {
            PageField::Named(name) if name == "none" => PageSpec { none: true, ..PageSpec::default() },
            PageField::Named(file) => PageSpec { file: Some(file), ..PageSpec::default() },
            PageField::Wiring(PageWiring { file, setter, loader }) => PageSpec { none: false, file, setter, loader },
        }
    }
}

impl From<PageSpec> for PageField {
    fn from(page: PageSpec) -> Self {
        match page {
            PageSpec { none: true, .. } => PageField::Named("none".into()),
            PageSpec { file: Some(file), setter: None, loader: None, .. } => PageField::Named(file),
            PageSpec { file, setter, loader, .. } => PageField::Wiring(PageWiring { file, setter, loader }),
        }
    }
}

impl JsonSchema for PageSpec {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "PageSpec".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        PageField::json_schema(generator)
    }
}

/// One event the module emits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct EventSpec {
    /// `created`, `updated`, `statusChanged`, `deleted`, or a custom name
    /// such as `approved` (sent as `<module>:<name>`).
    pub name: String,
    /// The service method the event follows. Defaults: created ->
    /// `create<Module>`, updated and statusChanged -> `update<Module>`,
    /// deleted -> `delete<Module>`. Required for custom events.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    /// Who receives the event.
    pub recipients: Recipients,
    /// Whether the user who caused the event is left out (default true).
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub exclude_actor: bool,
    /// Entity fields sent to clients; the whole entity when absent. The id
    /// field is always sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payload: Option<Vec<String>>,
    /// Lets `payload` name fields that look secret (`password`, `token`,
    /// `apiKey`, ...), which are otherwise refused: every recipient's browser
    /// receives the payload.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub allow_secret: bool,
    /// Toast text shown in the frontend. `{field}` inserts an entity field;
    /// statusChanged also offers `{oldStatus}` and `{newStatus}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub toast: Option<String>,
}

/// Who receives an event. Each recipient gets it once, however many rules
/// match it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Recipients {
    /// Entity fields holding a user id or a list of user ids
    /// (`createdBy`, `assignedTo`, `signers`). Missing fields are skipped.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<String>,
    /// Roles whose every member receives the event (`admin`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<String>,
}

fn yes() -> bool {
    true
}

fn is_true(value: &bool) -> bool {
    *value
}

/// The four events whose method and meaning rtgen knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lifecycle {
    Created,
    Updated,
    StatusChanged,
    Deleted,
}

impl Lifecycle {
    pub fn of(event_name: &str) -> Option<Lifecycle> {
        match event_name {
            "created" => Some(Lifecycle::Created),
            "updated" => Some(Lifecycle::Updated),
            "statusChanged" => Some(Lifecycle::StatusChanged),
            "deleted" => Some(Lifecycle::Deleted),
            _ => None,
        }
    }

    /// The method prefix the event follows by default (`create` + `Proposal`).
    pub fn method_verb(self) -> &'static str {
        match self {
            Lifecycle::Created => "create",
            Lifecycle::Updated | Lifecycle::StatusChanged => "update",
            Lifecycle::Deleted => "delete",
        }
    }
}

/// The JSON Schema of [`ModuleSpec`], as written to `schemas/`.
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(ModuleSpec);
    let mut text = serde_json::to_string_pretty(&schema).expect("a schema serializes");
    text.push('\n');
    text
}
