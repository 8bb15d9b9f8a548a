//! Every name rtgen derives from a module name (`proposal` ->
//! `PROPOSAL_EVENTS`, `ProposalEventEmitter`, `proposalSocketService`,
//! `Proposals.jsx`), with the spec's overrides for irregular ones.
//!
//! File names and binding names are kept apart: the host's files follow
//! its own naming (`task.service.js`, `ticket-crud.service.js`,
//! `tasks.controller.js`), given by the profile's `names:` patterns
//! ([`NamePatterns`]); the bindings in generated code are camelCase
//! identifiers derived from those file names with heck (`ticketCrudService`).

use heck::{ToKebabCase, ToLowerCamelCase, ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};
use serde::Serialize;

use crate::read::profile::NamePatterns;
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
    /// `proposalService`: the base service's binding in generated code, an
    /// identifier derived from its file name (`ticket-crud.service` -> `ticketCrudService`).
    pub service_stem: String,
    /// `proposalServiceWithSocket`: the socket-enabled service's binding.
    pub service_with_socket_stem: String,
    /// `ProposalServiceWithSocket`.
    pub service_with_socket_class: String,
    /// The base service's file name without extension: `proposalService`, `task.service`.
    pub service_file: String,
    /// The generated service's file name without extension, the base's with
    /// the socket word appended in its own joining style ([`with_socket_file`]).
    pub service_with_socket_file: String,
    /// The controller's file name without extension: `proposalController`, `tasks.controller`.
    pub controller_file: String,
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
    /// Derives every name from the spec's module name and overrides, with
    /// the default file-name patterns.
    pub fn new(spec: &ModuleSpec) -> ModuleNames {
        ModuleNames::with_patterns(spec, &NamePatterns::default())
    }

    /// Derives every name, the files' from `patterns` unless the spec names them.
    pub fn with_patterns(spec: &ModuleSpec, patterns: &NamePatterns) -> ModuleNames {
        let camel = spec.module.to_lower_camel_case();
        let pascal = spec.module.to_upper_camel_case();
        let plural = spec.names.plural.as_ref().map(|p| p.to_lower_camel_case()).unwrap_or_else(|| pluralize(&camel));
        let plural_pascal = plural.to_upper_camel_case();
        let entity_var =
            if TEMPLATE_LOCALS.contains(&camel.as_str()) { format!("{camel}Entity") } else { camel.clone() };
        let words = Words { camel: &camel, pascal: &pascal, plural: &plural, plural_pascal: &plural_pascal };
        let service_file = spec.names.service.clone().unwrap_or_else(|| words.render(patterns.service()));
        let service_stem = binding_of(&service_file, &format!("{camel}Service"));
        ModuleNames {
            event_prefix: camel.clone(),
            events_const: format!("{}_EVENTS", spec.module.to_shouty_snake_case()),
            emitter_class: format!("{pascal}EventEmitter"),
            events_binding: format!("{camel}Events"),
            service_with_socket_stem: format!("{service_stem}WithSocket"),
            service_with_socket_class: format!("{}WithSocket", service_stem.to_upper_camel_case()),
            service_stem,
            service_with_socket_file: with_socket_file(&service_file),
            service_file,
            controller_file: spec.names.controller.clone().unwrap_or_else(|| words.render(patterns.controller())),
            socket_service_binding: format!("{camel}SocketService"),
            socket_service_class: format!("{pascal}SocketService"),
            page_file: page_named(spec).map(str::to_string).unwrap_or_else(|| words.render(patterns.page())),
            page_named: page_named(spec).is_some() || patterns.page.is_some(),
            entity_var,
            camel,
            pascal,
            plural,
            plural_pascal,
        }
    }
}

/// The camelCase identifier a file name gives in code (`ticket-crud.service`
/// -> `ticketCrudService`); `fallback` when it gives none (a leading digit,
/// a reserved word).
pub fn binding_of(file: &str, fallback: &str) -> String {
    let binding = file.to_lower_camel_case();
    if is_identifier(&binding) && !JS_RESERVED.contains(&binding.as_str()) {
        binding
    } else {
        fallback.to_string()
    }
}

/// The generated service's file name: the base's, with the socket word
/// appended the way the base joins its own words, so the pair sorts
/// together and a host glob such as `*.service.js` does not take the
/// generated file for another module's service: `taskService` ->
/// `taskServiceWithSocket`, `task.service` -> `task.service.socket`,
/// `task-service` -> `task-service-socket`, `task_service` -> `task_service_socket`.
pub fn with_socket_file(base: &str) -> String {
    let last_separator = base.rfind(['.', '-', '_']);
    let last_upper = base.rfind(|c: char| c.is_ascii_uppercase());
    match last_separator {
        Some(at) if last_upper.is_none_or(|upper| upper < at) => {
            let separator = &base[at..at + 1];
            format!("{base}{separator}socket")
        }
        _ => format!("{base}WithSocket"),
    }
}

/// A module's name in the forms a file-name pattern can ask for.
pub struct Words<'a> {
    pub camel: &'a str,
    pub pascal: &'a str,
    pub plural: &'a str,
    pub plural_pascal: &'a str,
}

/// The placeholders of a file-name pattern.
pub const PLACEHOLDERS: &[&str] = &[
    "{module}",
    "{Module}",
    "{modules}",
    "{Modules}",
    "{module:kebab}",
    "{modules:kebab}",
    "{module:snake}",
    "{modules:snake}",
];

impl Words<'_> {
    /// The file name `pattern` gives this module (`{module}.service` -> `task.service`).
    pub fn render(&self, pattern: &str) -> String {
        let mut text = pattern.to_string();
        for placeholder in PLACEHOLDERS {
            text = text.replace(placeholder, &self.value(placeholder));
        }
        text
    }

    /// What one placeholder stands for.
    pub fn value(&self, placeholder: &str) -> String {
        match placeholder {
            "{module}" => self.camel.to_string(),
            "{Module}" => self.pascal.to_string(),
            "{modules}" => self.plural.to_string(),
            "{Modules}" => self.plural_pascal.to_string(),
            "{module:kebab}" => self.camel.to_kebab_case(),
            "{modules:kebab}" => self.plural.to_kebab_case(),
            "{module:snake}" => self.camel.to_snake_case(),
            _ => self.plural.to_snake_case(),
        }
    }
}

impl ModuleNames {
    /// This module's name in the forms a pattern can ask for.
    pub fn words(&self) -> Words<'_> {
        Words { camel: &self.camel, pascal: &self.pascal, plural: &self.plural, plural_pascal: &self.plural_pascal }
    }

    /// The pattern that would name `file` (a stem or a page file name) for
    /// this module: `ticket-crud.service` for `ticket` -> `{module}-crud.service`;
    /// none when the module's name is not in it.
    pub fn pattern_naming(&self, file: &str, page: bool) -> Option<String> {
        let words = self.words();
        let mut placeholders: Vec<(&str, String)> = PLACEHOLDERS.iter().map(|p| (*p, words.value(p))).collect();
        // The longest first: `tasks` before `task`.
        placeholders.sort_by_key(|(_, value)| std::cmp::Reverse(value.len()));
        placeholders.into_iter().find_map(|(placeholder, value)| {
            let pattern = file.replacen(&value, placeholder, 1);
            (file.contains(&value) && words.render(&pattern) == file && pattern_problem(&pattern, page).is_none())
                .then_some(pattern)
        })
    }
}

/// Why `pattern` is not a file-name pattern (none: it is one): exactly one
/// placeholder, and otherwise only letters, digits, `.`, `-` and `_` (it
/// lands in import specifiers); a page pattern ends in `.jsx`, `.js`, `.tsx`
/// or `.ts`.
pub fn pattern_problem(pattern: &str, page: bool) -> Option<String> {
    let count: usize = PLACEHOLDERS.iter().map(|p| pattern.matches(p).count()).sum();
    if count != 1 {
        return Some(format!(
            "`{pattern}` has {count} module placeholders; a pattern has exactly one of {}",
            crate::error::backticked(PLACEHOLDERS.iter(), ", ")
        ));
    }
    let rest = PLACEHOLDERS.iter().fold(pattern.to_string(), |text, p| text.replace(p, ""));
    if let Some(c) = rest.chars().find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))) {
        return Some(format!("`{pattern}` holds `{c}`; besides the placeholder, use letters, digits, `.`, `-` or `_`"));
    }
    if pattern.starts_with('.') || rest.contains("..") {
        return Some(format!("`{pattern}` would make a hidden file or a `..`"));
    }
    let ext = [".jsx", ".js", ".tsx", ".ts"].into_iter().find(|ext| pattern.ends_with(ext));
    match (page, ext) {
        (true, None) => Some(format!("page pattern `{pattern}` does not end in `.jsx`, `.js`, `.tsx` or `.ts`")),
        (false, Some(ext)) => Some(format!("`{pattern}` ends in `{ext}`; give the file name without its extension")),
        _ => None,
    }
}

/// Is `name` a file name rtgen can use for a host file in its folder (no
/// folders, no `..`, nothing an import specifier would need to escape)?
pub fn is_file_name(name: &str) -> bool {
    name.chars().next().is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | '$'))
        && !name.contains("..")
}

/// The regular English plural; irregular ones come from the spec.
pub fn pluralize(word: &str) -> String {
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

/// The page file the spec names: `page: <file>` (or `page.file`), else `names.page`.
fn page_named(spec: &ModuleSpec) -> Option<&str> {
    spec.page.file.as_deref().or(spec.names.page.as_deref())
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
    fn file_names_follow_patterns_and_bindings_stay_identifiers() {
        let patterns = NamePatterns {
            service: Some("{module:kebab}.service".into()),
            controller: Some("{modules:kebab}.controller".into()),
            page: Some("{Modules}Page.jsx".into()),
        };
        for module in ["work-order", "workOrder", "work_order"] {
            let n = ModuleNames::with_patterns(&spec(module), &patterns);
            assert_eq!(n.service_file, "work-order.service");
            assert_eq!(n.service_with_socket_file, "work-order.service.socket");
            assert_eq!(n.controller_file, "work-orders.controller");
            assert_eq!(n.page_file, "WorkOrdersPage.jsx");
            assert_eq!(
                (n.service_stem.as_str(), n.service_with_socket_stem.as_str()),
                ("workOrderService", "workOrderServiceWithSocket")
            );
            assert_eq!(n.service_with_socket_class, "WorkOrderServiceWithSocket");
        }
        // A spec's own file name wins, and its binding comes from it.
        let mut s = spec("ticket");
        s.names.service = Some("ticket-crud.service".into());
        let n = ModuleNames::with_patterns(&s, &patterns);
        assert_eq!((n.service_file.as_str(), n.service_stem.as_str()), ("ticket-crud.service", "ticketCrudService"));
        // The default is today's naming.
        let n = ModuleNames::new(&spec("proposal"));
        assert_eq!(
            (n.service_file.as_str(), n.service_with_socket_file.as_str()),
            ("proposalService", "proposalServiceWithSocket")
        );
        assert_eq!(n.controller_file, "proposalController");
    }

    #[test]
    fn the_pattern_naming_a_file() {
        let n = ModuleNames::new(&spec("ticket"));
        assert_eq!(n.pattern_naming("ticket-crud.service", false).as_deref(), Some("{module}-crud.service"));
        assert_eq!(n.pattern_naming("tickets.controller", false).as_deref(), Some("{modules}.controller"));
        assert_eq!(n.pattern_naming("TicketsPage.jsx", true).as_deref(), Some("{Modules}Page.jsx"));
        assert_eq!(n.pattern_naming("user.service", false), None);
        let n = ModuleNames::new(&spec("work-order"));
        assert_eq!(n.pattern_naming("work-order.service", false).as_deref(), Some("{module:kebab}.service"));
    }

    #[test]
    fn socket_file_appends_in_the_base_style() {
        assert_eq!(with_socket_file("taskService"), "taskServiceWithSocket");
        assert_eq!(with_socket_file("TaskService"), "TaskServiceWithSocket");
        assert_eq!(with_socket_file("task.service"), "task.service.socket");
        assert_eq!(with_socket_file("task-service"), "task-service-socket");
        assert_eq!(with_socket_file("task_service"), "task_service_socket");
        assert_eq!(with_socket_file("work-orderService"), "work-orderServiceWithSocket");
    }

    #[test]
    fn pattern_problems() {
        assert_eq!(pattern_problem("{module}.service", false), None);
        assert_eq!(pattern_problem("{Modules}.jsx", true), None);
        assert!(pattern_problem("service", false).unwrap().contains("0 module placeholders"));
        assert!(pattern_problem("{module}/{module}", false).is_some());
        assert!(pattern_problem("{module}.service.js", false).unwrap().contains("without its extension"));
        assert!(pattern_problem("{Modules}", true).unwrap().contains("`.jsx`"));
        assert!(pattern_problem("{module}'x", false).is_some());
    }

    #[test]
    fn a_module_called_service_does_not_shadow_template_locals() {
        let n = ModuleNames::new(&spec("service"));
        assert_eq!(n.entity_var, "serviceEntity");
        assert_eq!(n.service_stem, "serviceService");
        assert_eq!(n.service_with_socket_class, "ServiceServiceWithSocket");
    }
}
