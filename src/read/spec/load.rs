//! Reading a spec file's text into a [`ModuleSpec`], with errors that point at
//! the line and column and suggest the key that was probably meant.

use std::path::{Path, PathBuf};

use super::locate::Locations;
use super::ModuleSpec;
use crate::error::{did_you_mean, LocatedError};
use crate::read::limits;

/// A spec with the text and positions it came from.
#[derive(Debug, Clone)]
pub struct LoadedSpec {
    /// Relative to the host root.
    pub path: PathBuf,
    pub text: String,
    pub spec: ModuleSpec,
    pub locations: Locations,
}

impl LoadedSpec {
    /// An error at the value of `path` (`events[0].name`) in the spec.
    pub fn error_at(&self, path: &str, message: impl Into<String>) -> LocatedError {
        let (line, column) = self.locations.value(path);
        LocatedError::new(&self.path, line, column, message)
    }
}

/// Parses `text` (the content of `path`) as a module spec.
pub fn load_spec(path: &Path, text: &str) -> Result<LoadedSpec, LocatedError> {
    // Editors on Windows may save a byte-order mark; YAML does not want it.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    check_text(path, text)?;
    if let Err(refusal) = limits::check_expansion(text) {
        let (line, column) = refusal.at.unwrap_or((1, 1));
        return Err(LocatedError::new(path, line, column, refusal.message).with_help(refusal.help));
    }
    let spec: ModuleSpec = serde_yaml::from_str(text).map_err(|error| yaml_error(path, text, &error))?;
    let loaded =
        LoadedSpec { path: path.to_path_buf(), text: text.to_string(), spec, locations: Locations::index(text) };
    check_counts(&loaded)?;
    Ok(loaded)
}

/// Refuses control characters YAML does not allow, at their line and column
/// (the parser would name only a byte offset).
pub fn check_text(path: &Path, text: &str) -> Result<(), LocatedError> {
    for (i, line) in text.split('\n').enumerate() {
        if let Some((column, c)) = line.chars().enumerate().find(|(_, c)| c.is_control() && !matches!(c, '\t' | '\r')) {
            return Err(LocatedError::new(
                path,
                i + 1,
                column + 1,
                format!("the line holds the control character U+{:04X}, which YAML does not allow", c as u32),
            )
            .with_help("delete it (an editor that shows invisible characters helps); write `\\0` or `\\u0000` inside double quotes if you meant it"));
        }
    }
    Ok(())
}

/// A serde_yaml error on `text` (from `path`) in rtgen's voice, at its real
/// place: a duplicate key where it repeats, a tab where it indents.
pub fn yaml_error(path: &Path, text: &str, error: &serde_yaml::Error) -> LocatedError {
    let (mut line, mut column) = error.location().map(|l| (l.line(), l.column())).unwrap_or((1, 1));
    let (message, help) = describe(&error.to_string());
    let (message, help) = if message.contains("found character that cannot start any token")
        && text.lines().nth(line - 1).is_some_and(|l| l[..l.len() - l.trim_start().len()].contains('\t'))
    {
        column = 1;
        (
            "a tab indents this line, and YAML indents with spaces only".to_string(),
            Some("replace the tab with spaces (two per level, like the lines around it)".to_string()),
        )
    } else if let Some(key) = message.split("duplicate field `").nth(1).and_then(|r| r.split('`').next()) {
        let first = (line, column);
        if let Some(repeated) = repeated_key(text, line, column, key) {
            (line, column) = repeated;
        }
        let at = message.split(": duplicate field").next().filter(|w| !w.starts_with("duplicate field"));
        (
            match at {
                Some(at) => format!("key `{key}` appears twice in `{at}`"),
                None => format!("key `{key}` appears twice"),
            },
            Some(format!(
                "keep one of them (the other is on line {})",
                first_key_line(text, first, key).unwrap_or(first.0)
            )),
        )
    } else if message.contains("more than one document") {
        let separator = second_document(text).unwrap_or(1);
        (line, column) = (separator, 1);
        (
            "a second YAML document starts here (`---`); a spec file holds one module".to_string(),
            Some("delete the `---` line and what follows it, or move that module into its own spec file".to_string()),
        )
    } else if let Some((at_line, at_column, quote)) =
        unclosed_quote(text).filter(|_| message.contains("unexpected end of stream"))
    {
        (line, column) = (at_line, at_column);
        (
            format!("the quoted value that starts here (`{quote}`) is never closed"),
            Some(format!("end the value with `{quote}` on its line, or write it without quotes")),
        )
    } else {
        (message, help)
    };
    let located = LocatedError::new(path, line, column, message);
    match help {
        Some(help) => located.with_help(help),
        None => located,
    }
}

/// The line of the `---` that starts the second document, if any.
fn second_document(text: &str) -> Option<usize> {
    let mut content = false;
    for (i, line) in text.lines().enumerate() {
        if line.starts_with("---") && content {
            return Some(i + 1);
        }
        content |= !line.trim().is_empty() && !line.trim_start().starts_with('#') && !line.starts_with("---");
    }
    None
}

/// Where a quoted scalar starts that is still open at the end of the file
/// (line, column, the quote): the parser names only the end of the file.
fn unclosed_quote(text: &str) -> Option<(usize, usize, char)> {
    let mut open: Option<(usize, usize, char)> = None;
    for (i, line) in text.split('\n').enumerate() {
        let mut previous = ' ';
        let mut chars = line.chars().enumerate().peekable();
        while let Some((column, c)) = chars.next() {
            match open {
                Some((_, _, '"')) if c == '\\' => {
                    chars.next();
                }
                Some((_, _, q)) if c == q => {
                    if q == '\'' && chars.peek().is_some_and(|(_, n)| *n == '\'') {
                        chars.next();
                    } else {
                        open = None;
                    }
                }
                Some(_) => {}
                None if c == '#' && previous.is_whitespace() => break,
                None if matches!(c, '"' | '\'')
                    && (previous.is_whitespace() || matches!(previous, '[' | '{' | ',' | ':' | '-')) =>
                {
                    open = Some((i + 1, column + 1, c));
                }
                None => {}
            }
            previous = c;
        }
    }
    open
}

/// The mapping that starts at `line:column` holds `key` twice: where the
/// second one is.
fn repeated_key(text: &str, line: usize, column: usize, key: &str) -> Option<(usize, usize)> {
    key_lines(text, line, column, key).get(1).copied()
}

fn first_key_line(text: &str, start: (usize, usize), key: &str) -> Option<usize> {
    key_lines(text, start.0, start.1, key).first().map(|(line, _)| *line)
}

/// The lines (and columns) where `key:` starts an entry of the block mapping
/// that starts at `line:column`.
fn key_lines(text: &str, line: usize, column: usize, key: &str) -> Vec<(usize, usize)> {
    let indent = column - 1;
    let mut found = Vec::new();
    for (i, current) in text.lines().enumerate().skip(line - 1) {
        let (at, rest) = if i == line - 1 {
            (indent, current.get(indent..).unwrap_or_default())
        } else {
            let own = current.len() - current.trim_start().len();
            if current.trim().is_empty() || current.trim_start().starts_with('#') {
                continue;
            }
            if own < indent {
                break;
            }
            if own > indent {
                continue;
            }
            (own, &current[own..])
        };
        let name = rest.trim_start_matches(['"', '\'']);
        if name.strip_prefix(key).is_some_and(|r| r.trim_start_matches(['"', '\'']).trim_start().starts_with(':')) {
            found.push((i + 1, at + 1));
        }
    }
    found
}

/// Refuses a spec with more events, or longer lists, than any module needs.
fn check_counts(loaded: &LoadedSpec) -> Result<(), LocatedError> {
    let events = &loaded.spec.events;
    if events.len() > limits::MAX_EVENTS {
        return Err(loaded
            .error_at(
                "events",
                format!("the spec has {} events; rtgen takes at most {} per module", events.len(), limits::MAX_EVENTS),
            )
            .with_help("split the module's events over several modules, or look for events repeated by mistake"));
    }
    for (i, event) in events.iter().enumerate() {
        let lists = [
            ("payload", event.payload.as_deref().unwrap_or_default()),
            ("recipients.fields", &event.recipients.fields[..]),
            ("recipients.roles", &event.recipients.roles[..]),
        ];
        for (key, list) in lists {
            if list.len() > limits::MAX_LIST {
                return Err(loaded
                    .error_at(
                        &format!("events[{i}].{key}"),
                        format!(
                            "`{key}` of event `{}` has {} entries; rtgen takes at most {}",
                            event.name,
                            list.len(),
                            limits::MAX_LIST
                        ),
                    )
                    .with_help("list only what the event needs; the whole entity is sent when `payload` is left out"));
            }
        }
    }
    Ok(())
}

/// `events[0].excludeActor: invalid type: string "x", expected a boolean`
/// as what was found, what is wanted and how to write it.
fn describe_type(message: &str) -> Option<(String, Option<String>)> {
    let (at, rest) = match message.split_once(": invalid type: ") {
        Some((at, rest)) => (Some(at), rest),
        None => (None, message.strip_prefix("invalid type: ")?),
    };
    let (found, expected) = rest.rsplit_once(", expected ")?;
    let key = at.map(|a| {
        a.rsplit('.')
            .next()
            .unwrap_or(a)
            .trim_end_matches(|c: char| c == ']' || c.is_ascii_digit())
            .trim_end_matches('[')
    });
    let help = match expected {
        "a boolean" => format!("write `{}: true` or `{}: false`", key.unwrap_or("key"), key.unwrap_or("key")),
        "a string" if found == "map" => {
            "quote the text: `toast: \"{title} signed\"` (YAML reads a bare `{...}` as a map)".to_string()
        }
        "a string" => format!(
            "write one value, such as `{}: id` (quote it if it starts with a special character)",
            key.unwrap_or("key")
        ),
        "a sequence" if key == Some("events") => {
            "write a list of events, each starting with `- name:`, such as `- name: created`".to_string()
        }
        "a sequence" => "write a list, such as `[admin, super_admin]`".to_string(),
        e if e.starts_with("struct ModuleSpec") => {
            "a spec is a map of keys: `module: proposal` on one line, then `events:` with the list of events"
                .to_string()
        }
        e if e.starts_with("struct") => "write keys under it, one per line, indented by two spaces".to_string(),
        _ => return None,
    };
    let wanted = match expected {
        e if e.starts_with("struct") => "a map of keys".to_string(),
        "a sequence" => "a list".to_string(),
        "a boolean" => "`true` or `false`".to_string(),
        e => e.to_string(),
    };
    let found = match found {
        "sequence" => "a list".to_string(),
        "map" => "a map".to_string(),
        "unit value" => "empty".to_string(),
        f => match f.split_once(' ') {
            Some(("string", value)) => format!("the text {value}"),
            Some(("integer" | "floating point", value)) => format!("the number {}", value.trim_matches('`')),
            Some(("boolean", value)) => value.trim_matches('`').to_string(),
            _ => f.to_string(),
        },
    };
    let head = match at {
        Some(at) => format!("`{at}` is {found}, but rtgen expects {wanted}"),
        None => format!("the spec is {found}, but rtgen expects {wanted}"),
    };
    Some((head, Some(help)))
}

/// Rewrites serde_yaml's message in rtgen's voice, with a did-you-mean.
fn describe(raw: &str) -> (String, Option<String>) {
    let message = match raw.find(" at line ") {
        Some(i) => raw[..i].to_string(),
        None => raw.to_string(),
    };
    if let Some(rest) = message.split("unknown field `").nth(1) {
        let field = rest.split('`').next().unwrap_or_default();
        let expected: Vec<&str> = rest.split('`').skip(2).step_by(2).collect();
        let where_ = message.split(": unknown field").next().unwrap_or_default();
        let head = if where_.starts_with("unknown field") || where_.is_empty() {
            format!("unknown key `{field}`")
        } else {
            format!("unknown key `{field}` in `{where_}`")
        };
        let help = match did_you_mean(field, expected.iter().copied()) {
            Some(suggestion) => format!("did you mean `{suggestion}`?"),
            None => format!("expected one of {}", crate::error::backticked(&expected, ", ")),
        };
        return (head, Some(help));
    }
    if let Some(rest) = message.split("missing field `").nth(1) {
        let field = rest.split('`').next().unwrap_or_default();
        return (format!("missing key `{field}`"), Some(format!("add `{field}:` here")));
    }
    if let Some(typed) = describe_type(&message) {
        return typed;
    }
    if message.contains("invalid type: map, expected a string") {
        return (
            message,
            Some("quote the text: `toast: \"{title} signed\"` (YAML reads a bare `{...}` as a map)".into()),
        );
    }
    if message.contains("expected a sequence") {
        return (message, Some("write a list, such as `[admin, super_admin]`".into()));
    }
    (message, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_key_points_at_it_and_suggests_the_right_one() {
        let text = "module: proposal\nevents:\n  - name: created\n    recipents:\n      roles: [admin]\n";
        let error = load_spec(Path::new("realtime/proposal.yaml"), text).unwrap_err();
        assert_eq!(
            error.to_string(),
            "`realtime/proposal.yaml:4:5`: unknown key `recipents` in `events[0]`\n  help: did you mean `recipients`?"
        );
    }

    #[test]
    fn wrong_type_names_the_place() {
        let text = "module: proposal\nevents:\n  - name: created\n    recipients:\n      roles: admin\n";
        let error = load_spec(Path::new("p.yaml"), text).unwrap_err();
        assert_eq!(error.line, 5);
        assert!(error.message.contains("roles"), "{}", error.message);
    }
}
