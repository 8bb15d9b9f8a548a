//! The code style of a host file (quotes, semicolons, indentation, line
//! endings), so that everything rtgen writes reads like the host's own code.

use serde::{Deserialize, Serialize};

/// Which quote the host puts around string literals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Quote {
    Double,
    Single,
}

/// One level of indentation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Indent {
    /// `spaces: 2` or `spaces: 4`.
    Spaces(u8),
    Tab,
}

/// How lines end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum LineEnding {
    Lf,
    Crlf,
}

impl LineEnding {
    pub fn as_str(self) -> &'static str {
        match self {
            LineEnding::Lf => "\n",
            LineEnding::Crlf => "\r\n",
        }
    }
}

/// The style rtgen follows when it writes into or beside a host file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Style {
    pub quote: Quote,
    pub semicolons: bool,
    pub indent: Indent,
    pub line_ending: LineEnding,
}

impl Default for Style {
    /// The recipe's style: double quotes, semicolons, two spaces, LF.
    fn default() -> Self {
        Style { quote: Quote::Double, semicolons: true, indent: Indent::Spaces(2), line_ending: LineEnding::Lf }
    }
}

impl Style {
    /// The text of one indentation level.
    pub fn indent_unit(&self) -> String {
        match self.indent {
            Indent::Spaces(n) => " ".repeat(n as usize),
            Indent::Tab => "\t".to_string(),
        }
    }
}

impl Style {
    /// Detects the style of an existing source text, so inserted code matches
    /// it: the majority quote of string literals (JSX attribute strings are
    /// left out: Prettier keeps them double), whether most statements end in
    /// `;`, tabs or the smallest space indent (2 or 4), and CRLF if any line
    /// ends so. Each falls back to [`Style::default`] when the text gives no
    /// evidence; a text that does not parse only gets indentation and line
    /// endings detected.
    pub fn detect(source: &str) -> Style {
        use oxc_allocator::Allocator;
        use oxc_span::SourceType;

        let line_ending = if source.contains("\r\n") { LineEnding::Crlf } else { LineEnding::Lf };
        let allocator = Allocator::default();
        // JavaScript first, else TypeScript (a `.ts`/`.tsx` host file's types do not parse as JavaScript).
        let parse = |source_type: SourceType| oxc_parser::Parser::new(&allocator, source, source_type).parse();
        let clean = |ret: &oxc_parser::ParserReturn<'_>| !ret.panicked && ret.diagnostics.is_empty();
        let mut ret = parse(SourceType::mjs().with_jsx(true));
        for typescript in [SourceType::tsx(), SourceType::ts()] {
            if clean(&ret) {
                break;
            }
            ret = parse(typescript);
        }
        let parsed = clean(&ret);
        let mut single = 0;
        let mut double = 0;
        let mut with_semi = 0;
        let mut without_semi = 0;
        let indents: Vec<String> = if parsed {
            let tokens = super::tokens::StyleTokens::collect(&ret.program);
            for span in &tokens.strings {
                match source.as_bytes().get(span.start as usize) {
                    Some(b'\'') => single += 1,
                    Some(b'"') => double += 1,
                    _ => {}
                }
            }
            for span in &tokens.terminated {
                if source.as_bytes().get((span.end as usize).wrapping_sub(1)) == Some(&b';') {
                    with_semi += 1;
                } else {
                    without_semi += 1;
                }
            }
            // The leading whitespace of lines where a statement or member starts.
            tokens
                .starts
                .iter()
                .filter_map(|&start| {
                    let line_start = source[..start as usize].rfind('\n').map_or(0, |i| i + 1);
                    let lead = &source[line_start..start as usize];
                    lead.chars().all(|c| c == ' ' || c == '\t').then(|| lead.to_string())
                })
                .collect()
        } else {
            // Without a tree, take every indented line that is not inside a
            // block comment's `*` column.
            source
                .lines()
                .filter(|line| !line.trim().is_empty() && !line.trim_start().starts_with('*'))
                .map(|line| line[..line.len() - line.trim_start().len()].to_string())
                .collect()
        };

        let tabs = indents.iter().filter(|lead| lead.starts_with('\t')).count();
        let spaced: Vec<usize> = indents
            .iter()
            .filter(|lead| lead.starts_with(' '))
            .map(|lead| lead.len() - lead.trim_start_matches(' ').len())
            .collect();
        let indent = if tabs > 0 && tabs >= spaced.len() {
            Indent::Tab
        } else {
            match spaced.iter().min() {
                Some(n) if n % 4 == 0 => Indent::Spaces(4),
                _ => Indent::Spaces(2),
            }
        };
        Style {
            quote: if single > double { Quote::Single } else { Quote::Double },
            semicolons: with_semi >= without_semi,
            indent,
            line_ending,
        }
    }
}

#[cfg(test)]
mod detect_tests {
    use super::*;

    #[test]
    fn recipe_style() {
        let source = "import a from \"a\";\n\nexport function f() {\n  if (a) {\n    return <div className='x'>{'y'}</div>;\n  }\n}\n";
        assert_eq!(Style::detect(source), Style::default());
    }

    #[test]
    fn single_quotes_no_semicolons_four_spaces_crlf() {
        let source = "import a from 'a'\r\nimport { b } from \"b\"\r\n\r\nfor (const x of a) {\r\n    b(x, 'y')\r\n}\r\n/**\r\n * doc\r\n */\r\nexport const c = () => {\r\n    return 1\r\n}\r\n";
        assert_eq!(
            Style::detect(source),
            Style { quote: Quote::Single, semicolons: false, indent: Indent::Spaces(4), line_ending: LineEnding::Crlf }
        );
    }

    #[test]
    fn tabs() {
        let source = "function f() {\n\tif (x) {\n\t\ty();\n\t}\n}\n";
        assert_eq!(Style::detect(source).indent, Indent::Tab);
    }

    #[test]
    fn unparsable_text_still_gets_indentation_and_line_endings() {
        let source = "function f( {\r\n    x(;\r\n}\r\n";
        let style = Style::detect(source);
        assert_eq!(style.indent, Indent::Spaces(4));
        assert_eq!(style.line_ending, LineEnding::Crlf);
        assert_eq!((style.quote, style.semicolons), (Quote::Double, true));
    }
}
