//! Reading a spec file's text into a [`ModuleSpec`], with errors that point at
//! the line and column and suggest the key that was probably meant.

use std::path::{Path, PathBuf};

use super::locate::Locations;
use super::ModuleSpec;
use crate::error::{did_you_mean, LocatedError};

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
    let spec: ModuleSpec = serde_yaml::from_str(text).map_err(|error| {
        let (line, column) = error.location().map(|l| (l.line(), l.column())).unwrap_or((1, 1));
        let (message, help) = describe(&error.to_string());
        let located = LocatedError::new(path, line, column, message);
        match help {
            Some(help) => located.with_help(help),
            None => located,
        }
    })?;
    Ok(LoadedSpec { path: path.to_path_buf(), text: text.to_string(), spec, locations: Locations::index(text) })
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
