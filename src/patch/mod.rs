//! Patchers for the host files rtgen edits in place: `add`'s controller,
//! server start-up, AuthContext and page, and `init`'s server entry
//! (`entry`), AuthContext socket lifecycle (`lifecycle`) and Redis adapter
//! (`adapter`). Each is a pure function from a file's text
//! to [`Outcome`], anchored on the syntax tree and applied as splices on the
//! original bytes, so everything outside the inserted code stays as it was.
//!
//! The helpers here hold the rules every patcher shares: where a new line goes
//! next to an anchor, what removing it deletes (so `remove` is the exact
//! inverse of `add`), and the re-parse of every result.

pub mod adapter;
pub mod auth_context;
pub mod controller;
pub mod entry;
pub mod lifecycle;
pub mod page;
pub mod startup;

use std::fmt;
use std::path::{Path, PathBuf};

use oxc_ast::ast::*;
use oxc_ast_visit::{walk, Visit};
use oxc_span::Span;

use crate::js::parse::{self, JsError};
use crate::js::splice::Splice;
use crate::js::style::Style;
use crate::render::restyle::adapt_snippet;

/// What a patcher made of a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The file already is in the wanted state.
    Unchanged,
    /// The file's new text.
    Changed(String),
}

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

    fn from_js(path: &Path, error: JsError, context: &str) -> Self {
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

/// One host file being patched: its text, style and comments, and the shared
/// rules for placing and removing code.
pub(crate) struct Host<'s> {
    pub path: &'s Path,
    pub source: &'s str,
    pub style: Style,
    comments: Vec<Span>,
}

/// Parses `source` (refusing a file that does not parse or would not load)
/// and runs `f` on its program.
pub(crate) fn parse_host<R>(
    path: &Path,
    source: &str,
    f: impl FnOnce(&Program<'_>, &Host<'_>) -> Result<R, PatchError>,
) -> Result<R, PatchError> {
    let result = parse::with_program(path, source, |program| {
        let host = Host {
            path,
            source,
            style: Style::detect(source),
            comments: program.comments.iter().map(|c| c.span).collect(),
        };
        f(program, &host)
    });
    match result {
        Ok(inner) => inner,
        Err(error) => Err(PatchError::from_js(
            path,
            error,
            "the file does not parse, so rtgen will not edit it (fix the syntax error first)",
        )),
    }
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

impl Host<'_> {
    /// An error at byte `offset` of the file.
    pub fn error(&self, offset: u32, message: impl Into<String>) -> PatchError {
        let (line, column) = parse::line_col(self.source, offset);
        PatchError { path: self.path.to_path_buf(), line, column, message: message.into(), hint: None, snippet: None }
    }

    /// The 1-based line of byte `offset`.
    pub fn line(&self, offset: u32) -> usize {
        parse::line_col(self.source, offset).0
    }

    /// The original text of `span`.
    pub fn text(&self, span: Span) -> &str {
        &self.source[span.start as usize..span.end as usize]
    }

    /// The leading whitespace of the line holding byte `offset`.
    pub fn line_indent(&self, offset: u32) -> &str {
        let start = self.source[..offset as usize].rfind('\n').map_or(0, |i| i + 1);
        let line = &self.source[start..];
        &line[..line.len() - line.trim_start_matches([' ', '\t']).len()]
    }

    fn eol(&self) -> &'static str {
        self.style.line_ending.as_str()
    }

    /// A canonical snippet in the file's style, every line led by `indent`.
    pub fn adapt(&self, canonical: &str, indent: &str) -> Result<String, PatchError> {
        adapt_snippet(canonical, &self.style, indent)
            .map_err(|error| self.error(0, format!("internal error: could not restyle a snippet: {error:#}")))
    }

    /// A canonical snippet in the file's style as it would be pasted at the
    /// line of `offset`: for error messages.
    pub fn snippet(&self, canonical: &str) -> String {
        adapt_snippet(canonical, &self.style, "").unwrap_or_else(|_| canonical.to_string())
    }

    /// Where code after the node ending at `end` goes: the end of that line,
    /// past any trailing comment (a block comment may run over several lines),
    /// before trailing whitespace. `None` when more code follows on the same
    /// line before `limit` (the next sibling or the closing brace); the new
    /// code then goes right after the node.
    fn line_end_after(&self, end: u32, limit: Option<u32>) -> Option<u32> {
        let bytes = self.source.as_bytes();
        let mut p = end as usize;
        loop {
            let line_end = self.source[p..].find('\n').map_or(bytes.len(), |i| p + i);
            let crossing = self.comments.iter().find(|c| {
                (c.start as usize) >= end as usize && (c.start as usize) < line_end && (c.end as usize) > line_end
            });
            match crossing {
                Some(comment) => p = comment.end as usize,
                None => {
                    p = line_end;
                    break;
                }
            }
        }
        while p > end as usize && is_space(bytes[p - 1]) {
            p -= 1;
        }
        // Code (not a comment) between the node and the line end?
        let mut q = end as usize;
        while q < p {
            if is_space(bytes[q]) {
                q += 1;
            } else if let Some(comment) = self.comments.iter().find(|c| c.start as usize == q) {
                q = comment.end as usize;
            } else {
                return None;
            }
        }
        if let Some(limit) = limit {
            if (limit as usize) < p {
                return None;
            }
        }
        Some(p as u32)
    }

    /// Inserts a canonical `code` as new line(s) after the node `anchor`,
    /// indented like the anchor's line; `blank_line` adds an empty line
    /// before it. `limit` is where the anchor's container ends (the next
    /// sibling's start or the closing brace), if it does.
    pub fn insert_after(
        &self,
        splice: &mut Splice,
        anchor: Span,
        limit: Option<u32>,
        code: &str,
        blank_line: bool,
    ) -> Result<(), PatchError> {
        match self.line_end_after(anchor.end, limit) {
            Some(at) => {
                let indent = self.line_indent(anchor.start).to_string();
                let lead = if blank_line { self.eol().repeat(2) } else { self.eol().to_string() };
                splice.insert(at, format!("{lead}{}", self.adapt(code, &indent)?));
            }
            // Other code shares the anchor's line: keep to that line.
            None => splice.insert(anchor.end, format!(" {}", self.adapt(code, "")?)),
        }
        Ok(())
    }

    /// Inserts a canonical `code` as new line(s) just before the statement
    /// starting at `anchor_start`, indented like it. The text goes right after
    /// the previous non-blank text, so [`Host::remove_statements`] deletes
    /// exactly what was added.
    pub fn insert_before(&self, splice: &mut Splice, anchor_start: u32, code: &str) -> Result<(), PatchError> {
        let bytes = self.source.as_bytes();
        let mut prev = anchor_start as usize;
        while prev > 0 && is_space(bytes[prev - 1]) {
            prev -= 1;
        }
        if prev == 0 {
            // First thing in the file: the line break goes after the code.
            let code = self.adapt(code, "")?;
            splice.insert(anchor_start, format!("{code}{}", self.eol()));
        } else if self.source[prev..anchor_start as usize].contains('\n') {
            let indent = self.line_indent(anchor_start).to_string();
            splice.insert(prev as u32, format!("{}{}", self.eol(), self.adapt(code, &indent)?));
        } else {
            splice.insert(prev as u32, format!(" {}", self.adapt(code, "")?));
        }
        Ok(())
    }

    /// Inserts a canonical `code` into an empty block whose braces are at
    /// `block`: `{}` becomes `{<eol><indent+1>code<eol><indent>}`.
    pub fn insert_into_empty_block(&self, splice: &mut Splice, block: Span, code: &str) -> Result<(), PatchError> {
        let open = block.start + 1;
        let close = block.end - 1;
        let gap = &self.source[open as usize..close as usize];
        if !gap.trim().is_empty() {
            // Only comments inside: go after them, like after any anchor.
            return self.insert_after(splice, Span::new(block.start, open), Some(close), code, false);
        }
        let outer = self.line_indent(block.start).to_string();
        let inner = format!("{outer}{}", self.style.indent_unit());
        let code = self.adapt(code, &inner)?;
        splice.replace(open, close, format!("{eol}{code}{eol}{outer}", eol = self.eol()));
        Ok(())
    }

    /// Deletes the statements at `spans`, each with the whitespace before it
    /// back to the previous non-blank text that stays: the inverse of the
    /// insertions above, also for several statements added at one place.
    /// Statements that leave their braces empty leave `{}` behind; the first
    /// statement of the file takes the line break after it instead.
    pub fn remove_statements(&self, splice: &mut Splice, spans: &[Span]) {
        let bytes = self.source.as_bytes();
        // Skips blanks and statements that go too, in one direction.
        let back = |mut at: usize| loop {
            while at > 0 && is_space(bytes[at - 1]) {
                at -= 1;
            }
            match spans.iter().find(|s| s.end as usize == at && s.start as usize != at) {
                Some(removed) => at = removed.start as usize,
                None => return at,
            }
        };
        let forward = |mut at: usize| loop {
            while at < bytes.len() && is_space(bytes[at]) {
                at += 1;
            }
            match spans.iter().find(|s| s.start as usize == at && s.end as usize != at) {
                Some(removed) => at = removed.end as usize,
                None => return at,
            }
        };
        for span in spans {
            let prev = back(span.start as usize);
            let next = forward(span.end as usize);
            if prev == 0 {
                let rest = &self.source[span.end as usize..];
                let after = rest
                    .find('\n')
                    .filter(|&i| rest[..i].trim().is_empty())
                    .map_or(span.end as usize, |i| span.end as usize + i + 1);
                splice.delete(span.start, after as u32);
            } else if bytes[prev - 1] == b'{' && bytes.get(next) == Some(&b'}') {
                splice.delete(prev as u32, next as u32);
            } else {
                let mut own_prev = span.start as usize;
                while own_prev > 0 && is_space(bytes[own_prev - 1]) {
                    own_prev -= 1;
                }
                splice.delete(own_prev as u32, span.end);
            }
        }
    }

    /// Applies `splice` and re-parses the result: code rtgen produced that
    /// does not parse is a bug, reported rather than written.
    pub fn finish(&self, splice: Splice) -> Result<Outcome, PatchError> {
        if splice.is_empty() {
            return Ok(Outcome::Unchanged);
        }
        let text = splice
            .apply(self.source)
            .map_err(|error| self.error(0, format!("internal error: conflicting edits: {error}")))?;
        if text == self.source {
            return Ok(Outcome::Unchanged);
        }
        if let Err(error) = parse::check(self.path, &text) {
            // Anchors are found on a bare parse; early errors (a duplicate
            // import) surface here. If the original has them, it is the input's fault.
            if let Err(original) = parse::check(self.path, self.source) {
                return Err(PatchError::from_js(
                    self.path,
                    original,
                    "the file does not load (fix this first, then run rtgen again)",
                ));
            }
            return Err(PatchError::from_js(
                self.path,
                error,
                "internal error: the patched file would not parse (please report this bug); \
                 at that line of the patched text",
            ));
        }
        Ok(Outcome::Changed(text))
    }
}

// ----- shapes on the syntax tree shared by the patchers -----

/// The call an expression makes, looking through parentheses, `await` and
/// optional chaining: `await (x.y())` -> `x.y()`.
pub(crate) fn call_of<'b, 'a>(expr: &'b Expression<'a>) -> Option<&'b CallExpression<'a>> {
    match expr.get_inner_expression() {
        Expression::CallExpression(call) => Some(call),
        Expression::AwaitExpression(await_expr) => call_of(&await_expr.argument),
        Expression::ChainExpression(chain) => match &chain.expression {
            ChainElement::CallExpression(call) => Some(call),
            _ => None,
        },
        _ => None,
    }
}

/// The call a statement consists of: `x.y();` or `await x.y();`.
pub(crate) fn statement_call<'b, 'a>(stmt: &'b Statement<'a>) -> Option<&'b CallExpression<'a>> {
    match stmt {
        Statement::ExpressionStatement(es) => call_of(&es.expression),
        _ => None,
    }
}

/// `object.property(...)`.
pub(crate) fn is_member_call(call: &CallExpression<'_>, object: &str, property: &str) -> bool {
    call.callee.is_specific_member_access(object, property)
}

/// The name of the object of a member call `x.property(...)`.
pub(crate) fn member_call_object<'a>(call: &CallExpression<'a>, property: &str) -> Option<&'a str> {
    let member = call.callee.get_inner_expression().as_member_expression()?;
    if member.static_property_name()? != property {
        return None;
    }
    match member.object().get_inner_expression() {
        Expression::Identifier(id) => Some(id.name.as_str()),
        _ => None,
    }
}

/// A string argument's value: `"x"`, `'x'` or `` `x` ``.
pub(crate) fn static_string<'a>(arg: &Argument<'a>) -> Option<&'a str> {
    match arg.as_expression()?.get_inner_expression() {
        Expression::StringLiteral(s) => Some(s.value.as_str()),
        Expression::TemplateLiteral(t) => t.single_quasi().map(|s| s.as_str()),
        _ => None,
    }
}

/// The file name of an import source without its extension:
/// `"../services/proposalService.js"` -> `proposalService`.
pub(crate) fn import_stem(source: &str) -> &str {
    let last = source.rsplit('/').next().unwrap_or(source);
    strip_js_extension(last)
}

fn strip_js_extension(name: &str) -> &str {
    for ext in [".js", ".jsx", ".mjs", ".cjs"] {
        if let Some(stem) = name.strip_suffix(ext) {
            return stem;
        }
    }
    name
}

/// Whether two import sources name the same module, ignoring the extension
/// (`./a/b.js` and `./a/b`): quote style is already gone from the values.
pub(crate) fn same_module(a: &str, b: &str) -> bool {
    strip_js_extension(a) == strip_js_extension(b)
}

/// The top-level import declarations, in order.
pub(crate) fn imports<'b, 'a>(program: &'b Program<'a>) -> Vec<&'b ImportDeclaration<'a>> {
    program
        .body
        .iter()
        .filter_map(|stmt| match stmt {
            Statement::ImportDeclaration(decl) => Some(&**decl),
            _ => None,
        })
        .collect()
}

/// The local name a module is bound to by a default import from `specifier`
/// (`import x from` or `import { default as x } from`), with the
/// declaration's span.
/// Every default import of the file by module (extension stripped), for files
/// that hold many modules' imports: one pass instead of one per module.
pub(crate) struct DefaultImports(std::collections::HashMap<String, (String, Span)>);

impl DefaultImports {
    pub(crate) fn of(program: &Program<'_>) -> DefaultImports {
        let mut map = std::collections::HashMap::new();
        for decl in imports(program) {
            let source = strip_js_extension(decl.source.value.as_str()).to_string();
            if map.contains_key(&source) {
                continue;
            }
            if let Some(found) = default_binding(decl) {
                map.insert(source, found);
            }
        }
        DefaultImports(map)
    }

    /// The local name and declaration of the default import of `specifier`.
    pub(crate) fn get(&self, specifier: &str) -> Option<(String, Span)> {
        self.0.get(strip_js_extension(specifier)).cloned()
    }
}

fn default_binding(decl: &ImportDeclaration<'_>) -> Option<(String, Span)> {
    decl.specifiers.as_ref()?.iter().find_map(|s| match s {
        ImportDeclarationSpecifier::ImportDefaultSpecifier(d) => Some((d.local.name.as_str().to_string(), decl.span)),
        // `import { default as x }` is the same binding, as reformatters may write it.
        ImportDeclarationSpecifier::ImportSpecifier(named) if named.imported.name() == "default" => {
            Some((named.local.name.as_str().to_string(), decl.span))
        }
        _ => None,
    })
}

pub(crate) fn default_import_of(program: &Program<'_>, specifier: &str) -> Option<(String, Span)> {
    imports(program).into_iter().find_map(|decl| {
        if !same_module(decl.source.value.as_str(), specifier) {
            return None;
        }
        decl.specifiers.as_ref()?.iter().find_map(|s| match s {
            ImportDeclarationSpecifier::ImportDefaultSpecifier(d) => {
                Some((d.local.name.as_str().to_string(), decl.span))
            }
            // `import { default as x }` is the same binding, as reformatters may write it.
            ImportDeclarationSpecifier::ImportSpecifier(named) if named.imported.name() == "default" => {
                Some((named.local.name.as_str().to_string(), decl.span))
            }
            _ => None,
        })
    })
}

/// Where a new import goes: after the last import, or at the top of the file
/// (before the first statement) when there is none.
pub(crate) fn insert_import(
    host: &Host<'_>,
    program: &Program<'_>,
    splice: &mut Splice,
    code: &str,
) -> Result<(), PatchError> {
    let last = program.body.iter().rposition(|s| matches!(s, Statement::ImportDeclaration(_)));
    match last {
        Some(i) => {
            let limit = program.body.get(i + 1).map(|s| oxc_span::GetSpan::span(s).start);
            host.insert_after(splice, oxc_span::GetSpan::span(&program.body[i]), limit, code, false)
        }
        None => {
            let first = program.body.first().map(oxc_span::GetSpan::span);
            match first {
                Some(span) => host.insert_before(splice, span.start, code),
                None => {
                    let text = host.adapt(code, "")?;
                    splice.insert(host.source.len() as u32, format!("{text}{}", host.eol()));
                    Ok(())
                }
            }
        }
    }
}

/// Calls `f` with every call expression in a subtree.
pub(crate) struct CallVisitor<F> {
    pub f: F,
}

impl<'a, F: FnMut(&CallExpression<'a>)> Visit<'a> for CallVisitor<F> {
    fn visit_call_expression(&mut self, it: &CallExpression<'a>) {
        (self.f)(it);
        walk::walk_call_expression(self, it);
    }
}

/// Calls `f` with every statement list (program, blocks, function bodies,
/// switch cases) in a subtree.
pub(crate) struct ListVisitor<F> {
    pub f: F,
}

impl<'a, F: FnMut(&[Statement<'a>])> Visit<'a> for ListVisitor<F> {
    fn visit_statements(&mut self, it: &oxc_allocator::Vec<'a, Statement<'a>>) {
        (self.f)(it);
        walk::walk_statements(self, it);
    }
}

/// Helpers for the patchers' tests.
#[cfg(test)]
pub(crate) mod test_support {
    use super::*;

    /// Checks the properties every patch must have on `source`: the result
    /// parses, a second `add` is `Unchanged`, and `remove` gives back the
    /// original bytes. Returns the patched text.
    pub fn roundtrip(
        source: &str,
        add: impl Fn(&str) -> Result<Outcome, PatchError>,
        remove: impl Fn(&str) -> Result<Outcome, PatchError>,
    ) -> String {
        let patched = match add(source).unwrap_or_else(|e| panic!("add failed:\n{e}")) {
            Outcome::Changed(text) => text,
            Outcome::Unchanged => panic!("add left the file unchanged"),
        };
        parse::check(Path::new("patched.jsx"), &patched)
            .unwrap_or_else(|e| panic!("patched text does not parse: {e}\n{patched}"));
        assert_eq!(add(&patched).unwrap(), Outcome::Unchanged, "add twice != add once");
        match remove(&patched).unwrap_or_else(|e| panic!("remove failed:\n{e}")) {
            Outcome::Changed(text) => {
                assert_eq!(text, source, "remove(add(x)) != x");
            }
            Outcome::Unchanged => panic!("remove left the patched file unchanged"),
        }
        patched
    }

    /// A unified diff of `before` -> `after`, for snapshots.
    /// Carriage returns are shown as `\\r` so CRLF survives the snapshot file.
    pub fn diff(before: &str, after: &str) -> String {
        let before = before.replace('\r', "\\r");
        let after = after.replace('\r', "\\r");
        similar::TextDiff::from_lines(&before, &after)
            .unified_diff()
            .context_radius(2)
            .header("original", "patched")
            .to_string()
    }
}
