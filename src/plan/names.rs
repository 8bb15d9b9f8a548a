//! Every name rtgen derives from a module name (`proposal` ->
//! `PROPOSAL_EVENTS`, `ProposalEventEmitter`, `proposalSocketService`,
//! `Proposals.jsx`), with the spec's overrides for irregular ones.

use heck::{ToLowerCamelCase, ToShoutySnakeCase, ToUpperCamelCase};
use serde::Serialize;

use crate::read::spec::ModuleSpec;

/// Words JavaScript reserves; none may become a binding.
pub const JS_RESERVED: &[&str] = &[
    "await",
    "break",
    "case",
    "catch",
    "class",
    "const",
    "continue",
    "debugger",
    "default",
    "delete",
    "do",
    "else",
    "enum",
    "export",
    "extends",
    "false",
    "finally",
    "for",
    "function",
    "if",
    "implements",
    "import",
    "in",
    "instanceof",
    "interface",
    "let",
    "new",
    "null",
    "package",
    "private",
    "protected",
    "public",
    "return",
    "static",
    "super",
    "switch",
    "this",
    "throw",
    "true",
    "try",
    "typeof",
    "var",
    "void",
    "while",
    "with",
    "yield",
    "arguments",
    "eval",
    "undefined",
];

/// Names the templates bind next to the entity variable (parameters,
/// locals, module-level helpers); an entity variable must not shadow them.
const TEMPLATE_LOCALS: &[&str] = &[
    "args",
    "result",
    "previous",
    "payload",
    "rooms",
    "target",
    "actor",
    "actorId",
    "entity",
    "record",
    "extra",
    "rule",
    "event",
    "handler",
    "io",
    "current",
    "item",
    "changed",
    "exists",
    "toId",
    "usersIn",
    "pick",
    "error",
    "base",
    "service",
    "findSafely",
    "isEntity",
    "find",
    "value",
    "name",
    "message",
    "listener",
    "eventName",
    "oldStatus",
    "newStatus",
    "socketService",
    "toast",
    "userRoom",
    "roleRoom",
    "RULES",
    "TOASTS",
];

/// Derived names of one module.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ModuleNames {
    /// camelCase: `proposal`, `contractRequest`.
    pub camel: String,
    /// PascalCase: `Proposal`.
    pub pascal: String,
    /// camelCase plural: `proposals`, `inquiries`.
    pub plural: String,
    /// PascalCase plural: `Proposals`.
    pub plural_pascal: String,
    /// Event-name prefix: `proposal` in `proposal:created`.
    pub event_prefix: String,
    /// The local holding an entity in generated code.
    pub entity_var: String,
    /// `PROPOSAL_EVENTS`.
    pub events_const: String,
    /// `ProposalEventEmitter`.
    pub emitter_class: String,
    /// `proposalEvents`: the emitter instance and the events file's stem.
    pub events_binding: String,
    /// `proposalService`: the base service file's stem.
    pub service_stem: String,
    /// `proposalServiceWithSocket`: the generated service file's stem.
    pub service_with_socket_stem: String,
    /// `ProposalServiceWithSocket`.
    pub service_with_socket_class: String,
    /// `proposalController`.
    pub controller_stem: String,
    /// `proposalSocketService`: frontend instance and file stem.
    pub socket_service_binding: String,
    /// `ProposalSocketService`.
    pub socket_service_class: String,
    /// `Proposals.jsx`.
    pub page_file: String,
    /// Whether the spec names the page (`names.page`); else `page_file` is the
    /// default, whose extension follows the front's language.
    pub page_named: bool,
}

impl ModuleNames {
    /// Derives every name from the spec's module name and overrides.
    pub fn new(spec: &ModuleSpec) -> ModuleNames {
        let camel = spec.module.to_lower_camel_case();
        let pascal = spec.module.to_upper_camel_case();
        let plural = spec.names.plural.as_ref().map(|p| p.to_lower_camel_case()).unwrap_or_else(|| pluralize(&camel));
        let plural_pascal = plural.to_upper_camel_case();
        let entity_var =
            if TEMPLATE_LOCALS.contains(&camel.as_str()) { format!("{camel}Entity") } else { camel.clone() };
        let service_stem = spec.names.service.clone().unwrap_or_else(|| format!("{camel}Service"));
        ModuleNames {
            event_prefix: camel.clone(),
            events_const: format!("{}_EVENTS", spec.module.to_shouty_snake_case()),
            emitter_class: format!("{pascal}EventEmitter"),
            events_binding: format!("{camel}Events"),
            service_with_socket_stem: format!("{service_stem}WithSocket"),
            service_with_socket_class: format!("{}WithSocket", service_stem.to_upper_camel_case()),
            service_stem,
            controller_stem: spec.names.controller.clone().unwrap_or_else(|| format!("{camel}Controller")),
            socket_service_binding: format!("{camel}SocketService"),
            socket_service_class: format!("{pascal}SocketService"),
            page_file: spec.names.page.clone().unwrap_or_else(|| format!("{plural_pascal}.jsx")),
            page_named: spec.names.page.is_some(),
            entity_var,
            camel,
            pascal,
            plural,
            plural_pascal,
        }
    }
}

/// The regular English plural; irregular ones come from the spec.
fn pluralize(word: &str) -> String {
    let ends = |s: &str| word.ends_with(s);
    if ends("s") || ends("x") || ends("z") || ends("ch") || ends("sh") {
        format!("{word}es")
    } else if ends("y") && !(ends("ay") || ends("ey") || ends("oy") || ends("uy")) {
        format!("{}ies", &word[..word.len() - 1])
    } else {
        format!("{word}s")
    }
}

/// Is `name` a plain JavaScript identifier?
pub fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_' || c == '$')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(module: &str) -> ModuleSpec {
        serde_yaml::from_str(&format!("module: {module}\nevents: []\n")).unwrap()
    }

    #[test]
    fn derives_from_any_case() {
        for module in ["contract_request", "ContractRequest", "contract-request", "contractRequest"] {
            let n = ModuleNames::new(&spec(module));
            assert_eq!(n.camel, "contractRequest");
            assert_eq!(n.events_const, "CONTRACT_REQUEST_EVENTS");
            assert_eq!(n.emitter_class, "ContractRequestEventEmitter");
            assert_eq!(n.socket_service_binding, "contractRequestSocketService");
            assert_eq!(n.page_file, "ContractRequests.jsx");
        }
    }

    #[test]
    fn plurals_and_overrides() {
        assert_eq!(ModuleNames::new(&spec("inquiry")).plural, "inquiries");
        assert_eq!(ModuleNames::new(&spec("address")).page_file, "Addresses.jsx");
        let mut s = spec("contract");
        s.names.page = Some("ContractRequests.jsx".into());
        assert_eq!(ModuleNames::new(&s).page_file, "ContractRequests.jsx");
    }

    #[test]
    fn a_module_called_service_does_not_shadow_template_locals() {
        let n = ModuleNames::new(&spec("service"));
        assert_eq!(n.entity_var, "serviceEntity");
        assert_eq!(n.service_stem, "serviceService");
        assert_eq!(n.service_with_socket_class, "ServiceServiceWithSocket");
    }
}
