//! The tokens whose spelling is a matter of style, found on the syntax tree:
//! string literals, the statements that own a terminating semicolon, and where
//! statements and members start a line. Style detection counts them;
//! restyling rewrites them. One walk serves both, so they never disagree.

use oxc_ast::ast::*;
use oxc_ast_visit::{walk, Visit};
use oxc_span::{GetSpan, Span};

/// The offset of a TypeScript member's `;` separator when the separator
/// ends its line (only blanks or a `//` comment after it): the ones
/// semicolon style spells.
pub fn line_ending_member_semicolon(source: &str, member: Span) -> Option<usize> {
    let (start, end) = (member.start as usize, member.end as usize);
    let semi = match source.as_bytes().get(end.wrapping_sub(1)) {
        Some(b';') if end > start => end - 1,
        _ => {
            end + source[end..].find(|c: char| c != ' ' && c != '\t').filter(|&i| source[end + i..].starts_with(';'))?
        }
    };
    let rest = source[semi + 1..].split('\n').next().unwrap_or("").trim();
    (rest.is_empty() || rest.starts_with("//")).then_some(semi)
}

/// Style-bearing places of one program.
#[derive(Debug, Default)]
pub struct StyleTokens {
    /// String literals, JSX attribute values excepted (Prettier keeps those double).
    pub strings: Vec<Span>,
    /// Statements and class fields that end with `;` in semicolon style.
    pub terminated: Vec<Span>,
    /// Where statements, class members and object properties start.
    pub starts: Vec<u32>,
    /// TypeScript interface and type-literal members, whose `;` separator
    /// (inside or right after the span) is a semicolon-style token only
    /// where it ends the line: Prettier's `semi: false` drops it there and
    /// keeps it in a one-line `{ a: A; b: B }`.
    pub members: Vec<Span>,
}

impl StyleTokens {
    pub fn collect(program: &Program<'_>) -> StyleTokens {
        let mut collector = Collector::default();
        collector.visit_program(program);
        collector.tokens
    }
}

#[derive(Default)]
struct Collector {
    tokens: StyleTokens,
    /// Inside a `for (...)` head a declaration has no `;` of its own.
    in_for_head: bool,
}

impl<'a> Visit<'a> for Collector {
    fn visit_string_literal(&mut self, it: &StringLiteral<'a>) {
        self.tokens.strings.push(it.span);
    }

    fn visit_jsx_attribute_value(&mut self, it: &JSXAttributeValue<'a>) {
        if !matches!(it, JSXAttributeValue::StringLiteral(_)) {
            walk::walk_jsx_attribute_value(self, it);
        }
    }

    fn visit_directive(&mut self, it: &Directive<'a>) {
        self.tokens.terminated.push(it.span);
    }

    fn visit_for_statement(&mut self, it: &ForStatement<'a>) {
        if let Some(init) = &it.init {
            self.in_for_head = true;
            self.visit_for_statement_init(init);
            self.in_for_head = false;
        }
        if let Some(test) = &it.test {
            self.visit_expression(test);
        }
        if let Some(update) = &it.update {
            self.visit_expression(update);
        }
        self.visit_statement(&it.body);
    }

    fn visit_for_statement_left(&mut self, it: &ForStatementLeft<'a>) {
        self.in_for_head = true;
        walk::walk_for_statement_left(self, it);
        self.in_for_head = false;
    }

    fn visit_variable_declaration(&mut self, it: &VariableDeclaration<'a>) {
        if !self.in_for_head {
            self.tokens.terminated.push(it.span);
        }
        let saved = std::mem::replace(&mut self.in_for_head, false);
        walk::walk_variable_declaration(self, it);
        self.in_for_head = saved;
    }

    fn visit_statement(&mut self, it: &Statement<'a>) {
        self.tokens.starts.push(it.span().start);
        match it {
            Statement::ExpressionStatement(_)
            | Statement::ReturnStatement(_)
            | Statement::ThrowStatement(_)
            | Statement::BreakStatement(_)
            | Statement::ContinueStatement(_)
            | Statement::DebuggerStatement(_)
            | Statement::DoWhileStatement(_)
            | Statement::ImportDeclaration(_)
            | Statement::ExportAllDeclaration(_)
            | Statement::ExportNamedDeclaration(_)
            | Statement::ExportFromDeclaration(_) => self.tokens.terminated.push(it.span()),
            Statement::TSExportAssignment(_) | Statement::TSImportEqualsDeclaration(_) => {
                self.tokens.terminated.push(it.span())
            }
            Statement::ExportDefaultDeclaration(decl) if decl.declaration.as_expression().is_some() => {
                self.tokens.terminated.push(it.span())
            }
            _ => {}
        }
        walk::walk_statement(self, it);
    }

    fn visit_property_definition(&mut self, it: &PropertyDefinition<'a>) {
        self.tokens.starts.push(it.span.start);
        self.tokens.terminated.push(it.span);
        walk::walk_property_definition(self, it);
    }

    fn visit_method_definition(&mut self, it: &MethodDefinition<'a>) {
        // Class members sit one level in: the first place a class-only file
        // shows its indentation unit.
        self.tokens.starts.push(it.span.start);
        walk::walk_method_definition(self, it);
    }

    /// Here rather than in `visit_statement`: `export type A = ...;` is an
    /// export statement whose alias is a declaration, not a statement.
    fn visit_ts_type_alias_declaration(&mut self, it: &TSTypeAliasDeclaration<'a>) {
        self.tokens.terminated.push(it.span);
        walk::walk_ts_type_alias_declaration(self, it);
    }

    fn visit_ts_signature(&mut self, it: &TSSignature<'a>) {
        self.tokens.starts.push(it.span().start);
        self.tokens.members.push(it.span());
        walk::walk_ts_signature(self, it);
    }

    fn visit_object_property(&mut self, it: &ObjectProperty<'a>) {
        self.tokens.starts.push(it.span.start);
        walk::walk_object_property(self, it);
    }
}
