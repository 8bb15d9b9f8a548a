//! Restyling: rtgen's templates and snippets are written in one canonical
//! style (double quotes, semicolons, two-space indentation, LF). This module
//! turns such code into the host's style by editing the few tokens that differ
//! (string quotes, statement-ending semicolons, leading indentation, line
//! endings), found on the syntax tree, so nothing else can change.

use anyhow::{bail, Result};
use oxc_allocator::Allocator;
use oxc_parser::Parser;
use oxc_span::{SourceType, Span};

use crate::js::style::{Indent, LineEnding, Quote, Style};
use crate::js::tokens::{line_ending_member_semicolon, StyleTokens};

/// Converts a whole file written in canonical style into `style`.
pub fn restyle(code: &str, style: &Style) -> Result<String> {
    let text = restyle_tokens(code, style)?;
    let text = reindent(&text, style, "");
    Ok(match style.line_ending {
        LineEnding::Lf => text,
        LineEnding::Crlf => text.replace('\n', "\r\n"),
    })
}

/// Converts a canonical snippet for insertion into a host file: quotes and
/// semicolons per `style`, indentation levels in the style's unit, every
/// non-empty line prefixed with `base_indent`, lines joined with the style's
/// line ending, no leading or trailing line break.
pub fn adapt_snippet(snippet: &str, style: &Style, base_indent: &str) -> Result<String> {
    let text = restyle_tokens(snippet.trim_matches('\n'), style)?;
    let text = reindent(&text, style, base_indent);
    Ok(text.trim_end_matches('\n').replace('\n', style.line_ending.as_str()))
}

/// Rewrites string quotes and statement semicolons; keeps everything else.
fn restyle_tokens(code: &str, style: &Style) -> Result<String> {
    if style.quote == Quote::Double && style.semicolons {
        return Ok(code.to_string());
    }
    let allocator = Allocator::default();
    // JavaScript (with JSX) first; TypeScript templates and snippets parse
    // as TypeScript, without JSX so `<T>(x: T) => x` stays a generic.
    let mut ret = Parser::new(&allocator, code, SourceType::mjs().with_jsx(true)).parse();
    for typescript in [SourceType::ts(), SourceType::tsx()] {
        if !ret.panicked && ret.diagnostics.is_empty() {
            break;
        }
        let typed = Parser::new(&allocator, code, typescript).parse();
        if !typed.panicked && typed.diagnostics.is_empty() {
            ret = typed;
        }
    }
    if ret.panicked || !ret.diagnostics.is_empty() {
        let message =
            ret.diagnostics.first().map(|d| d.to_string()).unwrap_or_else(|| "unrecoverable syntax error".into());
        bail!("a template produced code that does not parse: {message}");
    }
    let tokens = StyleTokens::collect(&ret.program);

    let mut edits: Vec<(Span, String)> = Vec::new();
    if style.quote == Quote::Single {
        for span in tokens.strings {
            let raw = &code[span.start as usize..span.end as usize];
            if let Some(converted) = to_single_quotes(raw) {
                edits.push((span, converted));
            }
        }
    }
    if !style.semicolons {
        let bytes = code.as_bytes();
        for span in tokens.terminated {
            let end = span.end as usize;
            if end == 0 || bytes[end - 1] != b';' {
                continue;
            }
            if next_starts_hazard(code, end) {
                continue;
            }
            edits.push((Span::new(span.end - 1, span.end), String::new()));
        }
        for member in tokens.members {
            if let Some(semi) = line_ending_member_semicolon(code, member) {
                edits.push((Span::new(semi as u32, semi as u32 + 1), String::new()));
            }
        }
    }
    edits.sort_by_key(|(span, _)| std::cmp::Reverse(span.start));
    let mut out = code.to_string();
    for (span, text) in edits {
        out.replace_range(span.start as usize..span.end as usize, &text);
    }
    Ok(out)
}

/// `"it's"` -> `'it\'s'`; `None` when the literal is not double-quoted.
fn to_single_quotes(raw: &str) -> Option<String> {
    let inner = raw.strip_prefix('"')?.strip_suffix('"')?;
    let mut out = String::with_capacity(raw.len() + 2);
    out.push('\'');
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('"') => out.push('"'),
                Some(other) => {
                    out.push('\\');
                    out.push(other);
                }
                None => out.push('\\'),
            },
            '\'' => out.push_str("\\'"),
            _ => out.push(c),
        }
    }
    out.push('\'');
    Some(out)
}

/// Without the semicolon, would the next line continue this statement?
fn next_starts_hazard(code: &str, end: usize) -> bool {
    let mut rest = code[end..].trim_start();
    // Comments are not the next token.
    loop {
        if let Some(after) = rest.strip_prefix("//") {
            rest = after.split_once('\n').map_or("", |(_, r)| r).trim_start();
        } else if let Some(after) = rest.strip_prefix("/*") {
            rest = after.split_once("*/").map_or("", |(_, r)| r).trim_start();
        } else {
            break;
        }
    }
    matches!(rest.chars().next(), Some('(' | '[' | '`' | '+' | '-' | '/'))
}

/// Converts leading two-space levels into the style's unit and prefixes
/// `base_indent`. Lines are joined with `\n`.
fn reindent(code: &str, style: &Style, base_indent: &str) -> String {
    let unit = style.indent_unit();
    let same_unit = matches!(style.indent, Indent::Spaces(2));
    let mut out = String::with_capacity(code.len() + 64);
    for (i, line) in code.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        if line.trim().is_empty() {
            continue;
        }
        let spaces = line.len() - line.trim_start_matches(' ').len();
        out.push_str(base_indent);
        if same_unit {
            out.push_str(line);
        } else {
            out.push_str(&unit.repeat(spaces / 2));
            out.push_str(&" ".repeat(spaces % 2));
            out.push_str(&line[spaces..]);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn style(quote: Quote, semicolons: bool, indent: Indent, eol: LineEnding) -> Style {
        Style { quote, semicolons, indent, line_ending: eol }
    }

    const CODE: &str = "import a from \"./a.js\";\n\nexport class X {\n  #n = 0;\n  run() {\n    for (let i = 0; i < 2; i++) {\n      a(\"it's\", \"say \\\"hi\\\"\");\n    }\n    return <div className=\"x\">{\"y\"}</div>;\n  }\n}\n";

    #[test]
    fn canonical_style_is_unchanged() {
        assert_eq!(restyle(CODE, &Style::default()).unwrap(), CODE);
    }

    #[test]
    fn single_quotes_no_semicolons_tabs_crlf() {
        let s = style(Quote::Single, false, Indent::Tab, LineEnding::Crlf);
        let out = restyle(CODE, &s).unwrap();
        assert_eq!(
            out,
            "import a from './a.js'\r\n\r\nexport class X {\r\n\t#n = 0\r\n\trun() {\r\n\t\tfor (let i = 0; i < 2; i++) {\r\n\t\t\ta('it\\'s', 'say \"hi\"')\r\n\t\t}\r\n\t\treturn <div className=\"x\">{'y'}</div>\r\n\t}\r\n}\r\n"
        );
    }

    #[test]
    fn keeps_semicolon_before_a_line_that_would_continue_the_statement() {
        let s = style(Quote::Double, false, Indent::Spaces(2), LineEnding::Lf);
        let out = restyle("const a = b;\n[1, 2].forEach(f);\n", &s).unwrap();
        assert_eq!(out, "const a = b;\n[1, 2].forEach(f)\n");
        let out = restyle("const a = b;\n\n/** doc */\n// note\nconst c = d;\n", &s).unwrap();
        assert_eq!(out, "const a = b\n\n/** doc */\n// note\nconst c = d\n");
    }

    /// Regression: a TypeScript template kept `;` after type aliases and
    /// interface members in a host without semicolons. Prettier's
    /// `semi: false` keeps them only between members on one line.
    #[test]
    fn typescript_declarations_lose_their_semicolons_where_prettier_drops_them() {
        let s = style(Quote::Single, false, Indent::Spaces(2), LineEnding::Lf);
        let code = "export type A = \"a\" | \"b\";\ninterface B {\n  a: string; // note\n  b: { c: number; d: string };\n  e(x: A): void;\n  [k: string]: unknown;\n}\ntype C = {\n  z: number;\n};\nconst f = (x: { token: string; user: B }) => x;\nexport const g = 1;\nconst h = 2;\n";
        let out = restyle(code, &s).unwrap();
        assert_eq!(
            out,
            "export type A = 'a' | 'b'\ninterface B {\n  a: string // note\n  b: { c: number; d: string }\n  e(x: A): void\n  [k: string]: unknown\n}\ntype C = {\n  z: number\n}\nconst f = (x: { token: string; user: B }) => x\nexport const g = 1\nconst h = 2\n"
        );
    }

    #[test]
    fn snippet_gets_base_indent_and_four_spaces() {
        let s = style(Quote::Single, true, Indent::Spaces(4), LineEnding::Crlf);
        let out = adapt_snippet("if (x) {\n  y(\"z\");\n}\n", &s, "    ").unwrap();
        assert_eq!(out, "    if (x) {\r\n        y('z');\r\n    }");
    }

    #[test]
    fn unparsable_template_output_is_an_error() {
        let s = style(Quote::Single, true, Indent::Tab, LineEnding::Lf);
        assert!(restyle("const = ;", &s).is_err());
    }
}
