//! `require` lines in a CommonJS host file, for the patchers that add a
//! module to it (`entry`, `startup`): where a new `require` goes (after the
//! file's last top-level one, as `insert_import` does for imports), and the
//! `const x = require("...")` / `const { x } = require("...")` declarations
//! already there, so a rerun finds them and `remove` deletes exactly them.

use oxc_ast::ast::*;
use oxc_span::{GetSpan, Span};

use super::{same_module, PatchError, SourceFile};
use crate::js::splice::Splice;

/// The module a `require("<module>")` call loads, looking through
/// parentheses (`require("x").default` is not a plain require).
pub(crate) fn required_module<'a>(expr: &Expression<'a>) -> Option<&'a str> {
    let Expression::CallExpression(call) = expr.get_inner_expression() else { return None };
    if !call.is_require_call() {
        return None;
    }
    match call.arguments.first().and_then(|a| a.as_expression()) {
        Some(Expression::StringLiteral(s)) => Some(s.value.as_str()),
        _ => None,
    }
}

/// Whether a top-level statement only loads modules: `const a = require("a");`,
/// `const { b } = require("b");`, `require("dotenv").config();` counts too.
fn is_require_statement(stmt: &Statement<'_>) -> bool {
    match stmt {
        Statement::VariableDeclaration(decl) => decl.declarations.iter().all(|d| {
            d.init.as_ref().is_some_and(|init| {
                required_module(init).is_some()
                    || init
                        .get_inner_expression()
                        .as_member_expression()
                        .is_some_and(|m| required_module(m.object()).is_some())
            })
        }),
        Statement::ExpressionStatement(es) => {
            required_module(&es.expression).is_some()
                || matches!(es.expression.get_inner_expression(), Expression::CallExpression(call)
                    if call.callee.get_inner_expression().as_member_expression()
                        .is_some_and(|m| required_module(m.object()).is_some()))
        }
        _ => false,
    }
}

/// Inserts `code` (a `const ... = require(...);` line) after the file's last
/// top-level `require` statement, or before its first statement when it has
/// none.
pub(crate) fn insert_require(
    host: &SourceFile<'_>,
    program: &Program<'_>,
    splice: &mut Splice,
    code: &str,
) -> Result<(), PatchError> {
    match program.body.iter().rposition(is_require_statement) {
        Some(i) => {
            let limit = program.body.get(i + 1).map(|s| s.span().start);
            host.insert_after(splice, program.body[i].span(), limit, code, false)
        }
        None => match program.body.first() {
            Some(first) => host.insert_before(splice, first.span().start, code),
            None => {
                let text = host.adapt(code, "")?;
                splice.insert(host.source.len() as u32, format!("{text}{}", host.eol()));
                Ok(())
            }
        },
    }
}

/// The name `const <name> = require("<specifier>");` binds at the top level,
/// with the statement's span (a statement of that one declarator only).
pub(crate) fn whole_require_of(program: &Program<'_>, specifier: &str) -> Option<(String, Span)> {
    program.body.iter().find_map(|stmt| {
        let Statement::VariableDeclaration(decl) = stmt else { return None };
        let [declarator] = decl.declarations.as_slice() else { return None };
        let BindingPattern::BindingIdentifier(id) = &declarator.id else { return None };
        let module = required_module(declarator.init.as_ref()?)?;
        same_module(module, specifier).then(|| (id.name.to_string(), decl.span))
    })
}

/// The top-level `const { <name> } = require("<specifier>");` that binds
/// nothing else, if any: the line `init` adds for the socket server.
pub(crate) fn destructured_require_of(program: &Program<'_>, name: &str, specifier: &str) -> Option<Span> {
    program.body.iter().find_map(|stmt| {
        let Statement::VariableDeclaration(decl) = stmt else { return None };
        let [declarator] = decl.declarations.as_slice() else { return None };
        let BindingPattern::ObjectPattern(pattern) = &declarator.id else { return None };
        let [property] = pattern.properties.as_slice() else { return None };
        if pattern.rest.is_some() || property.key.static_name().as_deref() != Some(name) {
            return None;
        }
        let BindingPattern::BindingIdentifier(local) = &property.value else { return None };
        let module = required_module(declarator.init.as_ref()?)?;
        (local.name == name && same_module(module, specifier)).then_some(decl.span)
    })
}

/// How the file reaches `createServer` of node's `http` through a
/// `require` of it: `http.createServer` for `const http = require("http")`,
/// `createServer` for `const { createServer } = require("http")`.
pub(crate) fn required_create_server(program: &Program<'_>) -> Option<String> {
    program.body.iter().find_map(|stmt| {
        let Statement::VariableDeclaration(decl) = stmt else { return None };
        decl.declarations.iter().find_map(|d| {
            let module = required_module(d.init.as_ref()?)?;
            if !matches!(module, "http" | "node:http") {
                return None;
            }
            match &d.id {
                BindingPattern::BindingIdentifier(id) => Some(format!("{}.createServer", id.name)),
                BindingPattern::ObjectPattern(pattern) => pattern.properties.iter().find_map(|p| {
                    let BindingPattern::BindingIdentifier(local) = &p.value else { return None };
                    (p.key.static_name().as_deref() == Some("createServer")).then(|| local.name.to_string())
                }),
                _ => None,
            }
        })
    })
}

/// The top-level `const <name> = require("http");` (one declarator), if any.
pub(crate) fn http_require(program: &Program<'_>) -> Option<(String, Span)> {
    ["http", "node:http"].iter().find_map(|module| whole_require_of(program, module))
}
