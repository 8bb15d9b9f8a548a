//! One host file being patched, and the text-edit rules every patcher
//! shares: where a new line goes next to an anchor, what removing it deletes
//! (so `remove` is the exact inverse of `add`), and the re-parse of every
//! result.

use std::path::Path;

use oxc_ast::ast::*;
use oxc_span::Span;

use super::{Outcome, PatchError};
use crate::js::parse;
use crate::js::splice::Splice;
use crate::js::style::Style;
use crate::render::restyle::adapt_snippet;

/// One host file being patched: its text, style and comments, and the shared
/// rules for placing and removing code.
pub(crate) struct SourceFile<'s> {
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
    f: impl FnOnce(&Program<'_>, &SourceFile<'_>) -> Result<R, PatchError>,
) -> Result<R, PatchError> {
    let result = parse::with_program(path, source, |program| {
        let host = SourceFile {
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

impl SourceFile<'_> {
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

    pub(crate) fn eol(&self) -> &'static str {
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
    /// the previous non-blank text, so [`SourceFile::remove_statements`] deletes
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
