//! Exit codes and the one error shape every user-facing failure takes:
//! where (`file:line:column`), what is wrong, and how to fix it.

use std::fmt;
use std::path::{Path, PathBuf};

/// What `rtgen` exits with. Drift is a result, not an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    /// Done, or everything is in sync.
    Success = 0,
    /// `check` found generated code that no longer matches its spec.
    Drift = 1,
    /// Bad input, a file that does not parse, a missing anchor, an I/O failure.
    Error = 2,
}

impl From<ExitStatus> for std::process::ExitCode {
    fn from(status: ExitStatus) -> Self {
        std::process::ExitCode::from(status as u8)
    }
}

/// An error that points at a place in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocatedError {
    pub path: PathBuf,
    pub line: usize,
    pub column: usize,
    pub message: String,
    /// How to fix it, when rtgen knows.
    pub help: Option<String>,
}

impl LocatedError {
    pub fn new(path: &Path, line: usize, column: usize, message: impl Into<String>) -> Self {
        LocatedError { path: path.to_path_buf(), line, column, message: message.into(), help: None }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

impl fmt::Display for LocatedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}:{}:{}`: {}", self.path.display(), self.line, self.column, self.message)?;
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

impl std::error::Error for LocatedError {}

/// Several errors found in one pass, reported together.
#[derive(Debug)]
pub struct Errors(pub Vec<LocatedError>);

impl fmt::Display for Errors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, error) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{error}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Errors {}

/// Each name in backticks, joined by `separator`: "`a`, `b`", the way
/// messages list names.
pub fn backticked<S: AsRef<str>>(names: impl IntoIterator<Item = S>, separator: &str) -> String {
    names.into_iter().map(|n| format!("`{}`", n.as_ref())).collect::<Vec<_>>().join(separator)
}

/// The closest candidate to `word`, if it is close enough to be a typo.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let mut best: Option<(&str, usize)> = None;
    for candidate in candidates {
        // A swap of two neighbours (`titel`) counts as one edit.
        let distance = strsim::osa_distance(&word.to_lowercase(), &candidate.to_lowercase());
        let limit = (candidate.len().max(word.len()) / 3).max(1);
        if distance <= limit && best.is_none_or(|(_, d)| distance < d) {
            best = Some((candidate, distance));
        }
    }
    best.map(|(c, _)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_near_misses_only() {
        let keys = ["recipients", "method", "payload"];
        assert_eq!(did_you_mean("recipents", keys), Some("recipients"));
        assert_eq!(did_you_mean("methd", keys), Some("method"));
        assert_eq!(did_you_mean("color", keys), None);
    }
}

/// The error and its causes, one line each.
pub fn describe_error(error: &anyhow::Error) -> String {
    let mut text = error.to_string();
    for cause in error.chain().skip(1) {
        text.push_str(&format!("\n  caused by: {cause}"));
    }
    text
}
