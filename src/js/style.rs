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
        use oxc_ast::ast::*;
        use oxc_ast_visit::{walk, Visit};
        use oxc_span::{GetSpan, SourceType};

        /// Counts what the style decision needs, in one walk.
        #[derive(Default)]
        struct Evidence {
            single: usize,
            double: usize,
            with_semi: usize,
            without_semi: usize,
            /// Leading whitespace of lines that start a statement.
            indents: Vec<String>,
            /// Inside a `for (...)` head a declaration has no `;` of its own.
            in_for_head: bool,
        }

        struct Walker<'s> {
            source: &'s str,
            evidence: Evidence,
        }

        impl Walker<'_> {
            /// Records the leading whitespace of the line `start` is on, if
            /// nothing but whitespace precedes it there.
            fn indent_at(&mut self, start: u32) {
                let line_start = self.source[..start as usize].rfind('\n').map_or(0, |i| i + 1);
                let lead = &self.source[line_start..start as usize];
                if lead.chars().all(|c| c == ' ' || c == '\t') {
                    self.evidence.indents.push(lead.to_string());
                }
            }

            fn statement_end(&mut self, end: u32) {
                if self.source.as_bytes().get((end as usize).wrapping_sub(1)) == Some(&b';') {
                    self.evidence.with_semi += 1;
                } else {
                    self.evidence.without_semi += 1;
                }
            }
        }

        impl<'a> Visit<'a> for Walker<'_> {
            fn visit_string_literal(&mut self, it: &StringLiteral<'a>) {
                match self.source.as_bytes().get(it.span.start as usize) {
                    Some(b'\'') => self.evidence.single += 1,
                    Some(b'"') => self.evidence.double += 1,
                    _ => {}
                }
            }

            fn visit_jsx_attribute_value(&mut self, it: &JSXAttributeValue<'a>) {
                if !matches!(it, JSXAttributeValue::StringLiteral(_)) {
                    walk::walk_jsx_attribute_value(self, it);
                }
            }

            fn visit_for_statement(&mut self, it: &ForStatement<'a>) {
                self.evidence.in_for_head = true;
                if let Some(init) = &it.init {
                    self.visit_for_statement_init(init);
                }
                self.evidence.in_for_head = false;
                if let Some(test) = &it.test {
                    self.visit_expression(test);
                }
                if let Some(update) = &it.update {
                    self.visit_expression(update);
                }
                self.visit_statement(&it.body);
            }

            fn visit_for_statement_left(&mut self, it: &ForStatementLeft<'a>) {
                self.evidence.in_for_head = true;
                walk::walk_for_statement_left(self, it);
                self.evidence.in_for_head = false;
            }

            fn visit_variable_declaration(&mut self, it: &VariableDeclaration<'a>) {
                if !self.evidence.in_for_head {
                    self.statement_end(it.span.end);
                }
                let saved = std::mem::replace(&mut self.evidence.in_for_head, false);
                walk::walk_variable_declaration(self, it);
                self.evidence.in_for_head = saved;
            }

            fn visit_method_definition(&mut self, it: &MethodDefinition<'a>) {
                // Class members sit one level in: the first place a class-only
                // file shows its indentation unit.
                self.indent_at(it.span.start);
                walk::walk_method_definition(self, it);
            }

            fn visit_object_property(&mut self, it: &ObjectProperty<'a>) {
                self.indent_at(it.span.start);
                walk::walk_object_property(self, it);
            }

            fn visit_statement(&mut self, it: &Statement<'a>) {
                let span = it.span();
                self.indent_at(span.start);
                match it {
                    Statement::ExpressionStatement(_)
                    | Statement::ReturnStatement(_)
                    | Statement::ThrowStatement(_)
                    | Statement::BreakStatement(_)
                    | Statement::ContinueStatement(_)
                    | Statement::DebuggerStatement(_)
                    | Statement::ImportDeclaration(_)
                    | Statement::ExportAllDeclaration(_)
                    | Statement::ExportNamedDeclaration(_)
                    | Statement::ExportFromDeclaration(_) => self.statement_end(span.end),
                    Statement::ExportDefaultDeclaration(decl) if decl.declaration.as_expression().is_some() => {
                        self.statement_end(span.end)
                    }
                    _ => {}
                }
                walk::walk_statement(self, it);
            }
        }

        let line_ending = if source.contains("\r\n") { LineEnding::Crlf } else { LineEnding::Lf };
        let allocator = Allocator::default();
        let ret = oxc_parser::Parser::new(&allocator, source, SourceType::mjs().with_jsx(true)).parse();
        let parsed = !ret.panicked && ret.diagnostics.is_empty();
        let mut walker = Walker { source, evidence: Evidence::default() };
        if parsed {
            walker.visit_program(&ret.program);
        } else {
            // Without a tree, take every indented line that is not inside a
            // block comment's `*` column.
            walker.evidence.indents = source
                .lines()
                .filter(|line| !line.trim().is_empty() && !line.trim_start().starts_with('*'))
                .map(|line| line[..line.len() - line.trim_start().len()].to_string())
                .collect();
        }
        let evidence = walker.evidence;

        let tabs = evidence.indents.iter().filter(|lead| lead.starts_with('\t')).count();
        let spaced: Vec<usize> = evidence
            .indents
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
            quote: if evidence.single > evidence.double { Quote::Single } else { Quote::Double },
            semicolons: evidence.with_semi >= evidence.without_semi,
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
