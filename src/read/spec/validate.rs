//! Checks a spec beyond its shape: names that would not make valid or safe
//! code, duplicate events, unknown roles and methods. Every problem is
//! reported at once, each at its line and column.

use std::collections::HashSet;

use super::{EventSpec, Lifecycle, LoadedSpec, ModuleSpec};
use crate::error::{backticked, did_you_mean, Errors, LocatedError};
use crate::read::names::{is_file_name, is_identifier, ModuleNames, JS_RESERVED};

/// What the host tells about a spec: the roles it declares and the methods
/// the module's base service has (when known).
#[derive(Debug, Clone, Default)]
pub struct ValidationContext {
    pub known_roles: Option<Vec<String>>,
    pub service_methods: Option<Vec<String>>,
    /// Where those methods were read from, for messages.
    pub service_path: Option<String>,
}

/// Validates `loaded` against the rules and the host.
pub fn validate(loaded: &LoadedSpec, context: &ValidationContext) -> Result<(), Errors> {
    let spec = &loaded.spec;
    let mut errors = Vec::new();
    let at_value = |path: &str, message: String| loaded.error_at(path, message);
    let at_key = |path: &str, message: String| {
        let (line, column) = loaded.locations.key(path);
        LocatedError::new(&loaded.path, line, column, message)
    };

    check_names(spec, &mut errors, &at_value);
    if spec.events.is_empty() {
        errors.push(
            at_key("events", "the spec has no events".into())
                .with_help("add at least one, for example `- name: created` with `recipients: { roles: [admin] }`"),
        );
    }
    let mut seen = HashSet::new();
    let mut keys: std::collections::HashMap<String, &String> = std::collections::HashMap::new();
    let pascal = heck::ToUpperCamelCase::to_upper_camel_case(spec.module.as_str());
    for (i, event) in spec.events.iter().enumerate() {
        let base = format!("events[{i}]");
        check_event_name(event, &base, &mut seen, &mut keys, &mut errors, &at_value);
        check_event_method(event, &base, &pascal, context, &mut errors, &at_value, &at_key);
        check_event_audience(event, &base, context, &mut errors, &at_value, &at_key);
        check_toast_fields(event, &base, spec.id_field.as_deref().unwrap_or("id"), &mut errors, &at_value);
    }

    if errors.is_empty() {
        Ok(())
    } else {
        Err(Errors(errors))
    }
}

/// The module's name and the names the spec overrides.
fn check_names(spec: &ModuleSpec, errors: &mut Vec<LocatedError>, at_value: &impl Fn(&str, String) -> LocatedError) {
    if let Some(message) = bad_module_name(&spec.module) {
        errors.push(
            at_value("module", message)
                .with_help("use a name such as `proposal` or `contract_request`; it becomes file and variable names"),
        );
    } else {
        let names = ModuleNames::new(spec);
        if JS_RESERVED.contains(&names.camel.as_str()) {
            errors.push(
                at_value("module", format!("module name `{}` is a JavaScript reserved word", spec.module))
                    .with_help("pick another name; it becomes variable names in generated code"),
            );
        }
    }
    if let Some(plural) = &spec.names.plural {
        check_identifier(errors, at_value, "names.plural", plural);
    }
    for (key, file) in [("names.service", &spec.names.service), ("names.controller", &spec.names.controller)] {
        let Some(file) = file else { continue };
        if !is_file_name(file) || file.ends_with(".js") {
            errors.push(
                at_value(key, format!("`{file}` is not a file name in its folder"))
                    .with_help("give the file's name without folders or its `.js` extension, such as `task.service` or `ticket-crud.service`"),
            );
        }
    }
    // `page: <file>` is written `page`, its mapping form `page.file`.
    let page_key = if spec.page.setter.is_some() || spec.page.loader.is_some() { "page.file" } else { "page" };
    for (key, page) in [("names.page", &spec.names.page), (page_key, &spec.page.file)] {
        let Some(page) = page else { continue };
        // A page may sit in a folder of the pages folder (`leave/LeavePage.jsx`: feature folders).
        let stem = [".jsx", ".js", ".tsx", ".ts"].iter().find_map(|ext| page.strip_suffix(ext));
        if !stem.is_some_and(|stem| stem.split('/').all(is_file_name)) {
            let help = if key == "page" {
                "write `page: none` when the module has no page, or the page's path in the pages folder, such as `ContractRequests.jsx` or `leave/LeavePage.jsx` (no `..`, no leading `/`); pages elsewhere: set `front.pages` in `rtgen.yaml`"
            } else {
                "give its path in the pages folder, such as `ContractRequests.jsx` or `leave/LeavePage.jsx` (no `..`, no leading `/`); pages elsewhere: set `front.pages` in `rtgen.yaml`"
            };
            errors.push(at_value(key, format!("page `{page}` is not a file in the pages folder")).with_help(help));
        }
    }
    if let (Some(named), Some(file)) = (&spec.names.page, &spec.page.file) {
        if named != file {
            errors.push(
                at_value(page_key, format!("the spec names two pages: `{file}` here and `{named}` in `names.page`"))
                    .with_help("keep one of them"),
            );
        }
    }
    if spec.page.none && spec.names.page.is_some() {
        errors.push(
            at_value("page", "`page: none` says the module has no page, and `names.page` names one".to_string())
                .with_help("remove `names.page`, or `page: none` to wire that page"),
        );
    }
    if let Some(entity) = &spec.entity {
        check_identifier(errors, at_value, "entity", entity);
    }
    for (key, value) in [("id_field", &spec.id_field), ("status_field", &spec.status_field)] {
        if let Some(value) = value {
            let path = if key == "id_field" { "idField" } else { "statusField" };
            check_identifier(errors, at_value, path, value);
        }
    }
    if let Some(setter) = &spec.page.setter {
        check_identifier(errors, at_value, "page.setter", setter);
    }
    if let Some(loader) = &spec.page.loader {
        check_identifier(errors, at_value, "page.loader", loader);
    }
}

/// An event's name: an identifier, not reserved, declared once, with a
/// constant of its own.
fn check_event_name<'s>(
    event: &'s EventSpec,
    base: &str,
    seen: &mut HashSet<&'s str>,
    keys: &mut std::collections::HashMap<String, &'s String>,
    errors: &mut Vec<LocatedError>,
    at_value: &impl Fn(&str, String) -> LocatedError,
) {
    if !is_identifier(&event.name) {
        errors.push(
            at_value(&format!("{base}.name"), format!("event name `{}` is not an identifier", event.name))
                .with_help("use camelCase letters and digits, such as `approved` or `statusChanged`"),
        );
    } else if RESERVED_EVENT_NAMES.contains(&event.name.as_str()) {
        errors.push(at_value(&format!("{base}.name"), format!("event name `{}` is taken", event.name)).with_help(
            "it would replace a method every JavaScript object or the generated emitter has; rename the event",
        ));
    } else if !seen.insert(event.name.as_str()) {
        errors.push(
            at_value(&format!("{base}.name"), format!("event `{}` is declared twice", event.name))
                .with_help("merge the two entries into one"),
        );
    } else if let Some(other) =
        keys.insert(heck::ToShoutySnakeCase::to_shouty_snake_case(event.name.as_str()), &event.name)
    {
        errors.push(
            at_value(
                &format!("{base}.name"),
                format!(
                    "events `{other}` and `{}` would share the constant `{}`",
                    event.name,
                    heck::ToShoutySnakeCase::to_shouty_snake_case(event.name.as_str())
                ),
            )
            .with_help("event names must differ by more than case and underscores; rename one"),
        );
    }
}

/// The service method an event follows: named or implied, and present.
fn check_event_method(
    event: &EventSpec,
    base: &str,
    pascal: &str,
    context: &ValidationContext,
    errors: &mut Vec<LocatedError>,
    at_value: &impl Fn(&str, String) -> LocatedError,
    at_key: &impl Fn(&str, String) -> LocatedError,
) {
    let lifecycle = Lifecycle::of(&event.name);
    let method = match (&event.method, lifecycle) {
        (Some(method), _) => Some(method.clone()),
        (None, Some(l)) => Some(format!("{}{pascal}", l.method_verb())),
        (None, None) => {
            let guess = guess_method(&event.name, pascal, context.service_methods.as_deref());
            errors.push(
                at_key(&format!("{base}.name"), format!("custom event `{}` names no service method", event.name))
                    .with_help(format!("add `method: {guess}` (the service method that performs it)")),
            );
            None
        }
    };
    if let Some(method) = method {
        let path = if event.method.is_some() { format!("{base}.method") } else { format!("{base}.name") };
        if !is_identifier(&method) {
            errors.push(at_value(&path, format!("method `{method}` is not an identifier")));
        } else if let Some(methods) = &context.service_methods {
            if !methods.contains(&method) {
                let service = context.service_path.as_deref().unwrap_or("the base service");
                // Only a method that does the same kind of thing: `createProposal` is
                // close in spelling to `deleteProposal`, and wrong.
                let alike: Vec<&str> =
                    methods.iter().map(String::as_str).filter(|m| same_verb_family(m, &method)).collect();
                let help = match did_you_mean(&method, alike.iter().copied()) {
                    Some(s) => format!("did you mean `{s}`? set `method: {s}`"),
                    None => format!(
                        "set `method:` to the method that performs `{}` (one of {}), or remove the event",
                        event.name,
                        backticked(methods, ", ")
                    ),
                };
                errors.push(
                    at_value(
                        &path,
                        format!("event `{}` follows `{method}`, which `{service}` does not have", event.name),
                    )
                    .with_help(help),
                );
            }
        }
    }
}

/// Who receives an event and what it carries: recipients, payload, toast.
fn check_event_audience(
    event: &EventSpec,
    base: &str,
    context: &ValidationContext,
    errors: &mut Vec<LocatedError>,
    at_value: &impl Fn(&str, String) -> LocatedError,
    at_key: &impl Fn(&str, String) -> LocatedError,
) {
    let recipients = &event.recipients;
    if recipients.fields.is_empty() && recipients.roles.is_empty() {
        errors.push(
            at_key(&format!("{base}.recipients"), format!("event `{}` has no recipients", event.name))
                .with_help("add `fields: [createdBy]` (entity fields holding user ids) or `roles: [admin]`"),
        );
    }
    for (j, field) in recipients.fields.iter().enumerate() {
        check_identifier(errors, at_value, &format!("{base}.recipients.fields[{j}]"), field);
    }
    for (j, role) in recipients.roles.iter().enumerate() {
        let path = format!("{base}.recipients.roles[{j}]");
        // A role is a room name: spaces are fine where the host's code writes them
        // (`'Super Admin'`); elsewhere they are most likely a typo.
        let declared = context.known_roles.as_ref().is_some_and(|known| known.contains(role));
        if role.trim().is_empty() || role.trim() != role {
            errors.push(at_value(&path, format!("role `{role}` is empty or has spaces around it")));
        } else if role.contains(char::is_whitespace) && !declared {
            errors.push(at_value(&path, format!("role `{role}` contains spaces, and the project declares no such role")).with_help(
                "write the role as the project's code does (`rtgen add` reads the roles from `src/constants/roles.js` or the schema's role enum)",
            ));
        } else if let Some(known) = &context.known_roles {
            if !known.contains(role) {
                let help = match did_you_mean(role, known.iter().map(String::as_str)) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!("the project declares {}", backticked(known, ", ")),
                };
                errors.push(at_value(&path, format!("unknown role `{role}`")).with_help(help));
            }
        }
    }
    for (j, field) in event.payload.iter().flatten().enumerate() {
        check_identifier(errors, at_value, &format!("{base}.payload[{j}]"), field);
        // The same test that keeps such columns out of derived specs' payloads.
        if !event.allow_secret && super::looks_secret(field) {
            errors.push(
                at_value(
                    &format!("{base}.payload[{j}]"),
                    format!("payload field `{field}` looks secret: every recipient's browser would receive it"),
                )
                .with_help(
                    "leave it out of `payload`, or set `allowSecret: true` on the event if it is meant to be sent",
                ),
            );
        }
    }
    if let Some(toast) = &event.toast {
        for placeholder in placeholders(toast) {
            if !is_identifier(placeholder) {
                errors.push(
                    at_value(
                        &format!("{base}.toast"),
                        format!("toast placeholder `{{{placeholder}}}` is not a field name"),
                    )
                    .with_help("write `{title}` for a field, or `{{` and `}}` for literal braces"),
                );
            }
        }
    }
}

/// Event names that become methods of the generated emitter and keys of
/// plain objects: these would replace built-in ones.
const RESERVED_EVENT_NAMES: &[&str] = &[
    "initialize",
    "constructor",
    "toString",
    "toLocaleString",
    "valueOf",
    "hasOwnProperty",
    "isPrototypeOf",
    "propertyIsEnumerable",
    "__proto__",
    "__defineGetter__",
    "__defineSetter__",
    "__lookupGetter__",
    "__lookupSetter__",
];

/// The method a custom event most likely follows: `approved` -> `approveProposal`.
fn guess_method(event: &str, pascal: &str, methods: Option<&[String]>) -> String {
    let stems = [event.strip_suffix('d'), event.strip_suffix("ed"), Some(event)];
    for stem in stems.iter().flatten() {
        if let Some(found) = methods.into_iter().flatten().find(|m| m.to_lowercase().starts_with(&stem.to_lowercase()))
        {
            return found.clone();
        }
    }
    format!("{}{pascal}", event.strip_suffix('d').filter(|s| s.ends_with('e')).unwrap_or(event))
}

/// Only the module name and the names the spec gives files: every path is
/// derived from them, so nothing else can be checked (or read from disk)
/// before they are known to be safe.
pub fn validate_module_name(loaded: &LoadedSpec) -> Result<(), Errors> {
    let spec = &loaded.spec;
    let (line, column) = loaded.locations.value("module");
    let at = |message: String| LocatedError::new(&loaded.path, line, column, message);
    let error = if let Some(message) = bad_module_name(&spec.module) {
        at(message).with_help("use a name such as `proposal` or `contract_request`; it becomes file and variable names")
    } else if JS_RESERVED.contains(&ModuleNames::new(spec).camel.as_str()) {
        at(format!("module name `{}` is a JavaScript reserved word", spec.module))
            .with_help("pick another name; it becomes variable names in generated code")
    } else {
        let camel = ModuleNames::new(spec).camel;
        let stem = loaded.path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        if stem == camel {
            // The names that become paths too (`names.service`, ...), before any is read.
            let mut errors = Vec::new();
            check_names(spec, &mut errors, &|path: &str, message: String| loaded.error_at(path, message));
            if errors.is_empty() {
                return Ok(());
            }
            // Every problem in one run: the rest of the spec too, as far as it
            // can be checked without the host.
            return validate(loaded, &ValidationContext::default()).and(Err(Errors(errors)));
        }
        at(format!("`{}` describes module `{}`, but its file name says `{stem}`", loaded.path.display(), spec.module))
            .with_help(format!("rename the file to `{camel}.yaml`, or set `module: {stem}`"))
    };
    Err(Errors(vec![error]))
}

fn check_identifier(
    errors: &mut Vec<LocatedError>,
    at: &impl Fn(&str, String) -> LocatedError,
    path: &str,
    value: &str,
) {
    if !is_identifier(value) {
        errors.push(
            at(path, format!("`{value}` is not a JavaScript identifier"))
                .with_help("use letters, digits, `_` or `$`, not starting with a digit"),
        );
    } else if JS_RESERVED.contains(&value) {
        errors.push(at(path, format!("`{value}` is a JavaScript reserved word")).with_help(
            "generated code names variables and parameters after it, which a reserved word cannot be: write the name the host's code uses for it, which is not a reserved word",
        ));
    } else if value != "initialize" && RESERVED_EVENT_NAMES.contains(&value) {
        errors.push(
            at(path, format!("`{value}` is a property every JavaScript object has (from `Object.prototype`): reading it from a record gives that, not a column"))
                .with_help("write the name of a column of the entity"),
        );
    }
}

/// A toast may show only what its event sends: with a `payload`, the
/// record a client receives has those fields and the id, nothing else.
fn check_toast_fields(
    event: &EventSpec,
    base: &str,
    id_field: &str,
    errors: &mut Vec<LocatedError>,
    at_value: &impl Fn(&str, String) -> LocatedError,
) {
    let (Some(payload), Some(toast)) = (&event.payload, &event.toast) else { return };
    for placeholder in placeholders(toast) {
        let sent = payload.iter().any(|f| f == placeholder)
            || placeholder == id_field
            || matches!(placeholder, "oldStatus" | "newStatus");
        if is_identifier(placeholder) && !sent {
            errors.push(
                at_value(
                    &format!("{base}.toast"),
                    format!("the toast shows `{{{placeholder}}}`, which `payload` does not send: the toast would show nothing there"),
                )
                .with_help(format!("add `{placeholder}` to `payload`, or take `{{{placeholder}}}` out of the toast")),
            );
        }
    }
}

fn bad_module_name(module: &str) -> Option<String> {
    if module.trim().is_empty() {
        return Some("the module name is empty".into());
    }
    if module.contains(['/', '\\']) || module.contains("..") {
        return Some(format!("module name `{module}` contains a path separator or `..`"));
    }
    let ok = module.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && module.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if !ok {
        return Some(format!("module name `{module}` is not a name: use letters, digits, `_` or `-`"));
    }
    // It becomes file names (`<module>ServiceWithSocket.js`), which file systems cap at 255 bytes.
    (module.len() > MAX_MODULE_NAME)
        .then(|| format!("the module name is {} characters long; rtgen takes at most {MAX_MODULE_NAME}", module.len()))
}

/// The longest module name: it becomes file and class names.
pub const MAX_MODULE_NAME: usize = 64;

/// Refuses a module name typed on the command line before it is used as a
/// path (separators, `..`, odd characters, too long): what is wrong with
/// it, and the fix.
pub fn check_module_argument(module: &str) -> Result<(), String> {
    // Reserved words are safe paths: the spec's own checks name them, at the spec's line.
    match bad_module_name(module) {
        None => Ok(()),
        Some(problem) => Err(format!(
            "{problem}\n  help: use a name such as `proposal`, `contract_request` or `{}` (letters, digits, `_` or `-`, at most {MAX_MODULE_NAME})",
            suggestion(module)
        )),
    }
}

/// A name close to `module` that passes.
fn suggestion(module: &str) -> String {
    let cleaned: String =
        module.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '_').take(MAX_MODULE_NAME - 4).collect();
    let cleaned = cleaned.trim_start_matches(|c: char| !c.is_ascii_alphabetic()).to_string();
    if cleaned.is_empty() {
        "proposal".to_string()
    } else if JS_RESERVED.contains(&heck::ToLowerCamelCase::to_lower_camel_case(cleaned.as_str()).as_str()) {
        format!("{cleaned}Item")
    } else {
        cleaned
    }
}

/// The `{name}` placeholders of a toast text; `{{` and `}}` are literal braces.
pub fn placeholders(text: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        if rest[start..].starts_with("{{") {
            rest = &rest[start + 2..];
            continue;
        }
        match rest[start..].find('}') {
            Some(end) => {
                found.push(&rest[start + 1..start + end]);
                rest = &rest[start + end + 1..];
            }
            None => break,
        }
    }
    found
}

/// Whether two method names start with verbs of one family (`deleteX`,
/// `removeX`), or one verb is a typo of the other.
fn same_verb_family(a: &str, b: &str) -> bool {
    const FAMILIES: &[&[&str]] = &[
        &["delete", "remove", "destroy", "trash", "archive", "purge"],
        &["update", "edit", "modify", "patch", "change", "set"],
        &["create", "add", "insert", "new", "register"],
    ];
    let verb = |name: &str| name.split(|c: char| c.is_uppercase()).next().unwrap_or(name).to_string();
    let (va, vb) = (verb(a), verb(b));
    // A typo of the verb (`approv`) still counts; `create` for `delete` does not.
    strsim::levenshtein(&va, &vb) <= 2 || FAMILIES.iter().any(|f| f.contains(&va.as_str()) && f.contains(&vb.as_str()))
}

#[cfg(test)]
mod verb_tests {
    use super::same_verb_family;

    #[test]
    fn suggestions_keep_to_what_the_method_does() {
        assert!(same_verb_family("deleteProposal", "removeProposal"));
        assert!(same_verb_family("approvProposal", "approveProposal"));
        assert!(!same_verb_family("deleteProposal", "createProposal"));
        assert!(!same_verb_family("updateContract", "createContract"));
    }
}

#[cfg(test)]
mod secret_tests {
    use crate::read::spec::looks_secret;

    #[test]
    fn secret_looking_fields() {
        for secret in [
            "password",
            "passwordHash",
            "clientResponseToken",
            "apiKey",
            "api_key",
            "salt",
            "otp",
            "otpSecret",
            "hash",
            "userPassword",
        ] {
            assert!(looks_secret(secret), "{secret}");
        }
        for plain in ["title", "keyboard", "status", "monkey", "createdBy"] {
            assert!(!looks_secret(plain), "{plain}");
        }
    }
}

#[cfg(test)]
mod role_tests {
    use std::path::Path;

    use super::{validate, ValidationContext};
    use crate::read::spec::load::load_spec;

    fn problems(roles: &str, known: Option<&[&str]>) -> String {
        let text = format!("module: project\nevents:\n  - name: created\n    recipients:\n      roles: {roles}\n");
        let loaded = load_spec(Path::new("realtime/project.yaml"), &text).unwrap();
        let context = ValidationContext {
            known_roles: known.map(|k| k.iter().map(|r| r.to_string()).collect()),
            ..Default::default()
        };
        match validate(&loaded, &context) {
            Ok(()) => String::new(),
            Err(errors) => errors.to_string(),
        }
    }

    #[test]
    fn a_role_with_spaces_is_one_the_project_declares() {
        // Enterprise-WMP's roles are `Super Admin`, `Organization Admin`, ...
        let known: &[&str] = &["Super Admin", "Employee"];
        assert_eq!(problems("['Super Admin', Employee]", Some(known)), "");
        let typo = problems("['Super  Admin']", Some(known));
        assert!(typo.contains("role `Super  Admin` contains spaces, and the project declares no such role"), "{typo}");
        assert!(problems("['Super Admin']", None).contains("declares no such role"));
        assert!(problems("[' admin']", Some(&["admin"])).contains("has spaces around it"));
    }
}
