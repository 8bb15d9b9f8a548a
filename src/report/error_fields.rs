//! An error of `check --format json|github` as separate fields: file, line,
//! column, message and help, for every error of the run. Located errors
//! carry them already; other messages follow rtgen's one shape
//! (``` `file:line:column`: what is wrong\n  help: the fix ```) and are read back.

use serde::Serialize;

use crate::error::{Errors, LocatedError};

/// One error, field by field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ErrorFields {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
}

impl From<&LocatedError> for ErrorFields {
    fn from(error: &LocatedError) -> Self {
        ErrorFields {
            file: Some(crate::js::paths::slash(&error.path)),
            line: Some(error.line),
            column: Some(error.column),
            message: error.message.clone(),
            help: error.help.clone(),
        }
    }
}

/// Every error `error` holds, field by field.
pub fn error_fields(error: &anyhow::Error) -> Vec<ErrorFields> {
    if let Some(errors) = error.downcast_ref::<Errors>() {
        return errors.0.iter().map(ErrorFields::from).collect();
    }
    if let Some(located) = error.downcast_ref::<LocatedError>() {
        return vec![located.into()];
    }
    let mut text = error.to_string();
    for cause in error.chain().skip(1) {
        text.push_str(&format!("\n  caused by: {cause}"));
    }
    vec![parse(&text)]
}

/// Reads ``` `file:line:column`: message\n  help: fix ``` back into its fields.
fn parse(text: &str) -> ErrorFields {
    let (body, help) = match text.split_once("\n  help: ") {
        Some((body, help)) => (body, Some(help.trim_end().to_string())),
        None => (text, None),
    };
    let mut fields = ErrorFields { file: None, line: None, column: None, message: body.to_string(), help };
    let Some(rest) = body.strip_prefix('`') else { return fields };
    let Some((place, after)) = rest.split_once('`') else { return fields };
    // A place is a path (with a `/` or an extension), maybe with `:line[:column]`.
    let mut parts = place.splitn(3, ':');
    let path = parts.next().unwrap_or_default();
    if path.is_empty() || path.contains(' ') || !(path.contains('/') || path.contains('.')) {
        return fields;
    }
    let line = parts.next().and_then(|l| l.parse().ok());
    let column = parts.next().and_then(|c| c.parse().ok());
    fields.file = Some(path.to_string());
    fields.line = line;
    fields.column = column;
    // `file:line:col`: message -> the message alone; `file` not found -> keep the sentence whole.
    if line.is_some() {
        fields.message = after.strip_prefix(": ").unwrap_or(after).to_string();
    }
    fields
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_read_back_into_fields() {
        let located =
            parse("`realtime/p.yaml:7:5`: unknown key `recipents` (did you mean `recipients`?)\n  help: fix it");
        assert_eq!(located.file.as_deref(), Some("realtime/p.yaml"));
        assert_eq!((located.line, located.column), (Some(7), Some(5)));
        assert_eq!(located.message, "unknown key `recipents` (did you mean `recipients`?)");
        assert_eq!(located.help.as_deref(), Some("fix it"));
        let missing = parse("`realtime/x.yaml` not found: `x` has no spec\n  help: did you mean `p`?");
        assert_eq!(missing.file.as_deref(), Some("realtime/x.yaml"));
        assert_eq!(missing.line, None);
        assert_eq!(missing.message, "`realtime/x.yaml` not found: `x` has no spec");
        let plain = parse("cannot add `x`: nothing");
        assert_eq!(plain.file, None);
    }
}
