//! Parsing and validating JS/JSX with oxc. Every file rtgen edits goes
//! through here twice: once before patching (refuse what does not parse) and
//! once after (prove the result still loads), with the same rules both times.

use std::fmt;
use std::path::Path;

use oxc_allocator::Allocator;
use oxc_ast::ast::Program;
use oxc_parser::Parser;
use oxc_semantic::SemanticBuilder;
use oxc_span::SourceType;

/// A syntax or early (semantic) error, at a 1-based line and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl fmt::Display for JsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, self.message)
    }
}

impl std::error::Error for JsError {}

/// The 1-based line and column (in characters) of byte `offset` in `source`.
/// Offsets past the end or inside a character are clamped backwards.
pub fn line_col(source: &str, offset: u32) -> (usize, usize) {
    let mut offset = (offset as usize).min(source.len());
    while !source.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &source[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    // A `\r` right before the offset belongs to the line ending, not the column.
    let column = before[line_start..].trim_end_matches('\r').chars().count() + 1;
    (line, column)
}

/// How rtgen parses a file: ESM, with JSX for `.js`/`.jsx`/`.mjs` (React
/// hosts put JSX in plain `.js` files), TypeScript by its own extensions.
pub fn source_type(path: &Path) -> SourceType {
    match SourceType::from_path(path) {
        Ok(ty) if ty.is_typescript() => ty.with_module(true),
        Ok(ty) => ty.with_module(true).with_jsx(true),
        Err(_) => SourceType::mjs().with_jsx(true),
    }
}

/// Refuses `source` unless it parses cleanly and passes oxc's early-error
/// checks (a duplicate `import x` or `const x` parses, but node rejects it).
pub fn check(path: &Path, source: &str) -> Result<(), JsError> {
    parse(path, source, true, |_| ())
}

/// Parses `source` and hands the program to `f`: syntax errors only, which is
/// what finding anchors needs. Early errors are caught where it matters, by
/// [`check`] on every text rtgen is about to write. The allocator lives for
/// the call, so `f` returns owned data (spans, names).
pub fn with_program<R>(path: &Path, source: &str, f: impl FnOnce(&Program<'_>) -> R) -> Result<R, JsError> {
    parse(path, source, false, f)
}

fn parse<R>(path: &Path, source: &str, semantic: bool, f: impl FnOnce(&Program<'_>) -> R) -> Result<R, JsError> {
    let allocator = Allocator::default();
    let ret = Parser::new(&allocator, source, source_type(path)).parse();
    if let Some(error) = ret.diagnostics.first() {
        // The primary label, else the last: for a redeclaration that is the
        // second binding, the one to fix.
        let label = error.labels.iter().find(|l| l.primary()).or(error.labels.last());
        let offset = label.map_or(0, |l| l.offset());
        return Err(js_error(source, offset, &error.message));
    }
    if ret.panicked {
        return Err(JsError { line: 1, column: 1, message: "unrecoverable syntax error".into() });
    }
    let semantic_errors = if semantic {
        SemanticBuilder::new().with_check_syntax_error(true).build(&ret.program).diagnostics
    } else {
        Default::default()
    };
    if let Some(error) = semantic_errors.first() {
        // The primary label, else the last: for a redeclaration that is the
        // second binding, the one to fix.
        let label = error.labels.iter().find(|l| l.primary()).or(error.labels.last());
        let offset = label.map_or(0, |l| l.offset());
        return Err(js_error(source, offset, &error.message));
    }
    Ok(f(&ret.program))
}

/// Builds a [`JsError`] from the parts of an oxc diagnostic (whose type lives
/// in `oxc_diagnostics`, not a direct dependency). Labels only repeat the
/// message in other words, so the position is what is kept of them.
fn js_error(source: &str, offset: u32, message: &str) -> JsError {
    let (line, column) = line_col(source, offset);
    // oxc messages start with a capital; rtgen's are lowercase throughout.
    let mut chars = message.chars();
    let message = match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    };
    JsError { line, column, message }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_and_ignores_cr() {
        let source = "a\r\né = 1;\n";
        assert_eq!(line_col(source, 0), (1, 1));
        assert_eq!(line_col(source, 1), (1, 2));
        assert_eq!(line_col(source, 3), (2, 1));
        // After the two-byte `é`.
        assert_eq!(line_col(source, 5), (2, 2));
        assert_eq!(line_col(source, 4), (2, 1));
        assert_eq!(line_col(source, 999), (3, 1));
    }

    #[test]
    fn accepts_jsx_in_js_files() {
        assert!(check(Path::new("a.js"), "export const A = () => <div />;\n").is_ok());
        assert!(check(Path::new("a.jsx"), "export const A = () => <div />;\n").is_ok());
    }

    #[test]
    fn refuses_syntax_errors_at_their_line() {
        let error = check(Path::new("a.js"), "const a = 1;\nconst b = ;\n").unwrap_err();
        assert_eq!((error.line, error.column), (2, 11));
        assert!(error.message.starts_with("unexpected token"), "{error}");
    }

    #[test]
    fn refuses_what_node_would_reject_at_load() {
        let error = check(Path::new("a.js"), "import x from \"./x.js\";\nimport x from \"./y.js\";\n").unwrap_err();
        assert_eq!(error.line, 2);
        assert_eq!(error.message, "identifier `x` has already been declared");
        let error = check(Path::new("a.js"), "const a = 1;\nconst a = 2;\n").unwrap_err();
        assert_eq!(error.line, 2);
    }

    #[test]
    fn with_program_hands_out_the_tree() {
        let count = with_program(Path::new("a.mjs"), "import a from \"a\";\na();\n", |p| p.body.len());
        assert_eq!(count, Ok(2));
    }
}
