//! A socket made by a factory: `export const createSocket = (token) =>
//! io(...)`. The factory creates a socket each call and keeps none: its
//! caller (a provider's effect, a hook) holds it and tears it down, so the
//! modules' socket services are handed the socket there. Read from the front
//! socket service file and the one file that imports and calls the factory
//! (through a relative path or the `@/` alias).

use std::path::{Path, PathBuf};

use anyhow::Result;
use oxc_ast::ast::*;

use super::draft::Draft;
use crate::js::paths::slash;
use crate::plan::workspace::Workspace;
use crate::read::socket_owner::{Found, Owner};

/// The file the modules' services are handed the socket in, and the calls
/// that create the socket there (a factory's local name; `io` is always one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct OwnerFile {
    pub path: PathBuf,
    pub creators: Vec<String>,
}

/// Where the socket `found` in `service` is handed over: the service itself,
/// or the one caller of a factory that returns `io(...)`.
pub(super) fn owner_file(ws: &Workspace, draft: &Draft, service: &Path, found: &Found) -> Result<OwnerFile> {
    let itself = OwnerFile { path: service.to_path_buf(), creators: Vec::new() };
    let Owner::Function(factory) = &found.owner else { return Ok(itself) };
    let text = draft.current(service)?.unwrap_or_default();
    if !returns_created(service, &text, factory) {
        return Ok(itself);
    }
    let root = Path::new(&ws.profile.front.root);
    let mut callers = Vec::new();
    for path in ws.host.walk(root, 12, 5000)? {
        if path == service || !matches!(path.extension().and_then(|e| e.to_str()), Some("js" | "jsx" | "ts" | "tsx")) {
            continue;
        }
        let Some(text) = draft.current(&path)? else { continue };
        if !text.contains(factory.as_str()) {
            continue;
        }
        let imported = crate::js::parse::with_program(&path, &text, |program| {
            crate::patch::imports(program)
                .into_iter()
                .flat_map(|decl| {
                    let source = decl.source.value.to_string();
                    decl.specifiers.iter().flatten().filter_map(move |s| match s {
                        ImportDeclarationSpecifier::ImportSpecifier(s) if s.imported.name() == factory.as_str() => {
                            Some((source.clone(), s.local.name.to_string()))
                        }
                        _ => None,
                    })
                })
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
        for (specifier, local) in imported {
            if super::page::resolve_path(ws, &path, &specifier).as_deref() == Some(service) {
                callers.push((path.clone(), local));
            }
        }
    }
    match callers.len() {
        1 => {
            let (path, local) = callers.remove(0);
            Ok(OwnerFile { path, creators: vec![local] })
        }
        // No caller: the factory's own file, where `add` says what it found.
        0 => Ok(itself),
        _ => anyhow::bail!(
            "`{}` makes a new socket at each call of `{factory}`, and several files call it: {}; rtgen hands the socket to the modules' services where one caller keeps it and tears it down\n  help: call `{factory}` in one place (the provider that owns the socket) and share that socket, then run rtgen again",
            slash(service),
            crate::error::backticked(callers.iter().map(|(p, _)| slash(p)), ", ")
        ),
    }
}

/// Whether the top-level function `name` returns the socket it creates,
/// keeping none: `=> io(...)`, `return io(...)`, or `const s = io(...); ...; return s;`.
fn returns_created(path: &Path, text: &str, name: &str) -> bool {
    crate::js::parse::with_program(path, text, |program| {
        let io = crate::read::socket_owner::creators(program);
        let is_io = |e: &Expression<'_>| {
            crate::patch::call_of(e).and_then(|c| c.callee_name()).is_some_and(|n| io.iter().any(|i| i == n))
        };
        let Some(body) = function_body(program, name) else { return false };
        match body {
            Body::Expression(expr) => is_io(expr),
            Body::Block(statements) => {
                let bound: Vec<String> = statements
                    .iter()
                    .filter_map(|s| match s {
                        Statement::VariableDeclaration(var) => var.declarations.iter().find_map(|d| match (&d.id, &d.init) {
                            (BindingPattern::BindingIdentifier(id), Some(init)) if is_io(init) => Some(id.name.to_string()),
                            _ => None,
                        }),
                        _ => None,
                    })
                    .collect();
                statements.iter().any(|s| match s {
                    Statement::ReturnStatement(ret) => ret.argument.as_ref().is_some_and(|arg| {
                        is_io(arg) || matches!(arg.get_inner_expression(), Expression::Identifier(id) if bound.iter().any(|b| b == id.name.as_str()))
                    }),
                    _ => false,
                })
            }
        }
    })
    .unwrap_or(false)
}

enum Body<'b, 'a> {
    Expression(&'b Expression<'a>),
    Block(&'b [Statement<'a>]),
}

fn function_body<'b, 'a>(program: &'b Program<'a>, name: &str) -> Option<Body<'b, 'a>> {
    program.body.iter().find_map(|stmt| {
        let decl = match stmt {
            Statement::ExportDeclaration(export) => &export.declaration,
            other => other.as_declaration()?,
        };
        match decl {
            Declaration::FunctionDeclaration(f) if f.id.as_ref().is_some_and(|id| id.name == name) => {
                f.body.as_deref().map(|b| Body::Block(&b.statements))
            }
            Declaration::VariableDeclaration(var) => var.declarations.iter().find_map(|d| match (&d.id, &d.init) {
                (BindingPattern::BindingIdentifier(id), Some(init)) if id.name == name => {
                    match init.get_inner_expression() {
                        Expression::ArrowFunctionExpression(arrow) => match arrow.get_expression() {
                            Some(expr) => Some(Body::Expression(expr)),
                            None => arrow.body.as_function_body().map(|b| Body::Block(&b.statements)),
                        },
                        Expression::FunctionExpression(f) => f.body.as_deref().map(|b| Body::Block(&b.statements)),
                        _ => None,
                    }
                }
                _ => None,
            }),
            _ => None,
        }
    })
}
