//! Shapes on the syntax tree that readers and patchers share: calls, imports,
//! string arguments, and visitors over calls and statement lists.

use oxc_ast::ast::*;
use oxc_ast_visit::{walk, Visit};
use oxc_span::Span;

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

/// The name a statement binds the matching expression to:
/// `const io = <expr>;` or `io = <expr>;`.
pub(crate) fn bound_name(stmt: &Statement<'_>, matches: impl Fn(&Expression<'_>) -> bool) -> Option<String> {
    match stmt {
        Statement::VariableDeclaration(decl) => decl.declarations.iter().find_map(|d| match (&d.id, &d.init) {
            (BindingPattern::BindingIdentifier(id), Some(init)) if matches(init) => Some(id.name.to_string()),
            _ => None,
        }),
        Statement::ExpressionStatement(es) => match es.expression.get_inner_expression() {
            Expression::AssignmentExpression(assign) if matches(&assign.right) => match &assign.left {
                AssignmentTarget::AssignmentTargetIdentifier(id) => Some(id.name.to_string()),
                _ => None,
            },
            _ => None,
        },
        _ => None,
    }
}

/// Whether `name` is referenced anywhere in `program` outside the `removed` spans.
pub(crate) fn is_referenced(program: &Program<'_>, name: &str, removed: &[Span]) -> bool {
    struct References<'s> {
        name: &'s str,
        removed: &'s [Span],
        found: bool,
    }
    impl<'a> Visit<'a> for References<'_> {
        fn visit_identifier_reference(&mut self, it: &IdentifierReference<'a>) {
            if it.name == self.name && !self.removed.iter().any(|r| r.start <= it.span.start && it.span.end <= r.end) {
                self.found = true;
            }
            walk::walk_identifier_reference(self, it);
        }
    }
    let mut visitor = References { name, removed, found: false };
    visitor.visit_program(program);
    visitor.found
}

/// The specifier of `(await import("<specifier>")).default`, however it is wrapped.
pub(crate) fn dynamic_default_source(expr: &Expression<'_>) -> Option<String> {
    let member = expr.get_inner_expression().as_member_expression()?;
    if member.static_property_name() != Some("default") {
        return None;
    }
    let Expression::AwaitExpression(await_expr) = member.object().get_inner_expression() else { return None };
    let Expression::ImportExpression(import) = await_expr.argument.get_inner_expression() else { return None };
    match import.source.get_inner_expression() {
        Expression::StringLiteral(s) => Some(s.value.to_string()),
        Expression::TemplateLiteral(t) => t.single_quasi().map(|s| s.to_string()),
        _ => None,
    }
}
