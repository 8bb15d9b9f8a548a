//! The error a patcher returns: where, why, and what to paste by hand.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::js::parse::JsError;

/// A patch that cannot be applied safely: where, why, and what to paste by
/// hand instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatchError {
    /// Relative to the host root.
    pub path: PathBuf,
    /// 1-based.
    pub line: usize,
    /// 1-based, in characters.
    pub column: usize,
    /// Lowercase; says what was looked for and what was found.
    pub message: String,
    /// Where the snippet goes, completing "add this by hand ...", e.g.
    /// `where the socket becomes ready`.
    pub hint: Option<String>,
    /// Code to paste by hand, in the file's style.
    pub snippet: Option<String>,
}

impl fmt::Display for PatchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}:{}:{}`: {}", self.path.display(), self.line, self.column, self.message)?;
        if let Some(snippet) = &self.snippet {
            match &self.hint {
                Some(hint) => write!(f, "\n  add this by hand {hint}:")?,
                None => write!(f, "\n  add this by hand:")?,
            }
            for line in snippet.lines() {
                if line.trim().is_empty() {
                    writeln!(f)?;
                } else {
                    write!(f, "\n    {}", line.trim_end_matches('\r'))?;
                }
            }
        }
        Ok(())
    }
}

impl std::error::Error for PatchError {}

impl PatchError {
    /// Adds the snippet to paste and where it goes.
    pub fn with_snippet(mut self, hint: impl Into<String>, snippet: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self.snippet = Some(snippet.into());
        self
    }

    pub(crate) fn from_js(path: &Path, error: JsError, context: &str) -> Self {
        PatchError {
            path: path.to_path_buf(),
            line: error.line,
            column: error.column,
            message: format!("{context}: {}", error.message),
            hint: None,
            snippet: None,
        }
    }
}
