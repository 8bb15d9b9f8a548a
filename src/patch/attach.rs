//! The one start-up line of rtgen's runtime: right after the statement that
//! creates the socket.io server, wherever the host does it, the server is
//! handed to the runtime.
//!
//! ```js
//! import * as realtime from "./socket/realtime.js";
//! const io = new Server(server, { cors });
//! realtime.attach(io);
//! ```
//!
//! The anchor is the `new Server(...)` kept in a variable or a field
//! (`const io = ...`, `io = ...` in an init function, `this.io = ...` in a
//! class's method), so the runtime holds the server from the moment it
//! exists, whatever module reads it later and in whatever order modules
//! load. A CommonJS module loads the runtime with `require`. `remove`
//! deletes exactly the two lines.

use std::path::Path;

use oxc_ast::ast::*;
use oxc_ast_visit::Visit;
use oxc_span::{GetSpan, Span};

use super::{imports, insert_import, parse_host, same_module, statement_call, ListVisitor, Outcome, PatchError};
use crate::js::splice::Splice;
use crate::patch::commonjs::{insert_require, whole_require_of};
use crate::read::commonjs::ModuleSystem;

/// The runtime to attach.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttachPatch {
    /// The runtime's import specifier from the patched file: `./socket/realtime.js`.
    pub specifier: String,
    /// The patched file's own module system.
    pub module_system: ModuleSystem,
}

/// The name the runtime is loaded under, unless the file already uses it.
const BINDING: &str = "realtime";
const FALLBACK_BINDING: &str = "rtgenRealtime";

/// Loads the runtime and attaches it to the server the file creates.
pub fn add(path: &Path, source: &str, patch: &AttachPatch) -> Result<Outcome, PatchError> {
    parse_host(path, source, |program, host| {
        let mut splice = Splice::new();
        let local = match runtime_binding(program, &patch.specifier) {
            Some((local, _)) => local,
            None => {
                let local = if uses_name(source, BINDING) { FALLBACK_BINDING.to_string() } else { BINDING.to_string() };
                match patch.module_system {
                    ModuleSystem::CommonJs => {
                        let line = format!("const {local} = require(\"{}\");", patch.specifier);
                        insert_require(host, program, &mut splice, &line)?;
                    }
                    ModuleSystem::Esm => {
                        let line = format!("import * as {local} from \"{}\";", patch.specifier);
                        insert_import(host, program, &mut splice, &line)?;
                    }
                }
                local
            }
        };
        if attach_calls(program, &local).is_empty() {
            let Some(site) = creation_site(program, source) else {
                let at = crate::read::survey::socket_io_servers(program).first().map_or(0, |s| s.start);
                let mut error = host.error(
                    at,
                    "rtgen's runtime is attached to the socket.io server where it is created, but this `new Server(...)` is not kept in a variable or a field",
                );
                error.hint = Some(format!(
                    "keep it in one, `const io = new Server(...);`, then run rtgen again; rtgen adds `{local}.attach(io);` after it"
                ));
                return Err(error);
            };
            let code = format!("{local}.attach({});", site.target);
            host.insert_after(&mut splice, site.anchor, site.limit, &code, false)?;
        }
        host.finish(splice)
    })
}

/// Deletes the runtime's import and its `attach(...)` lines.
pub fn remove(path: &Path, source: &str, patch: &AttachPatch) -> Result<Outcome, PatchError> {
    parse_host(path, source, |program, host| {
        let Some((local, import)) = runtime_binding(program, &patch.specifier) else {
            return Ok(Outcome::Unchanged);
        };
        let mut spans = attach_calls(program, &local);
        spans.push(import);
        let mut splice = Splice::new();
        host.remove_statements(&mut splice, &spans);
        host.finish(splice)
    })
}

/// Whether the file holds the runtime's start-up line.
#[cfg(test)]
pub fn is_attached(path: &Path, source: &str, specifier: &str) -> bool {
    crate::js::parse::with_program(path, source, |program| {
        runtime_binding(program, specifier).is_some_and(|(local, _)| !attach_calls(program, &local).is_empty())
    })
    .unwrap_or(false)
}

/// `import * as realtime from "..."` or `const realtime = require("...")`:
/// the local name and the statement.
fn runtime_binding(program: &Program<'_>, specifier: &str) -> Option<(String, Span)> {
    let namespace = imports(program).into_iter().find_map(|decl| {
        if !same_module(decl.source.value.as_str(), specifier) {
            return None;
        }
        decl.specifiers.as_ref()?.iter().find_map(|s| match s {
            ImportDeclarationSpecifier::ImportNamespaceSpecifier(n) => Some((n.local.name.to_string(), decl.span)),
            _ => None,
        })
    });
    namespace.or_else(|| whole_require_of(program, specifier))
}

/// Every statement `<local>.attach(...);`.
fn attach_calls(program: &Program<'_>, local: &str) -> Vec<Span> {
    let mut spans = Vec::new();
    ListVisitor {
        f: |list: &[Statement<'_>]| {
            for statement in list {
                let Some(call) = statement_call(statement) else { continue };
                if super::is_member_call(call, local, "attach") {
                    spans.push(statement.span());
                }
            }
        },
    }
    .visit_program(program);
    spans
}

/// Whether `name` appears in `source` as a whole identifier.
fn uses_name(source: &str, name: &str) -> bool {
    let is_ident = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '$';
    source.match_indices(name).any(|(at, _)| {
        !source[..at].chars().next_back().is_some_and(is_ident)
            && !source[at + name.len()..].chars().next().is_some_and(is_ident)
    })
}

/// The statement that keeps a new server, and what holds it.
struct Site {
    anchor: Span,
    limit: Option<u32>,
    /// `io`, `this.io`.
    target: String,
}

/// The first statement keeping `new Server(...)` in a variable or a field.
fn creation_site(program: &Program<'_>, source: &str) -> Option<Site> {
    let servers = crate::read::survey::socket_io_servers(program);
    let is_server = |expr: &Expression<'_>| {
        let inner = expr.get_inner_expression();
        servers.iter().any(|s| *s == inner.span())
    };
    let mut found: Option<Site> = None;
    ListVisitor {
        f: |list: &[Statement<'_>]| {
            for (i, statement) in list.iter().enumerate() {
                if found.is_some() {
                    return;
                }
                let target = match statement {
                    Statement::VariableDeclaration(decl) => declared(decl, &is_server),
                    Statement::ExportDeclaration(export) => match &export.declaration {
                        Declaration::VariableDeclaration(decl) => declared(decl, &is_server),
                        _ => None,
                    },
                    Statement::ExpressionStatement(es) => match es.expression.get_inner_expression() {
                        Expression::AssignmentExpression(assign) if is_server(&assign.right) => {
                            let left = assign.left.span();
                            let text = &source[left.start as usize..left.end as usize];
                            matches!(
                                &assign.left,
                                AssignmentTarget::AssignmentTargetIdentifier(_)
                                    | AssignmentTarget::StaticMemberExpression(_)
                            )
                            .then(|| text.to_string())
                        }
                        _ => None,
                    },
                    _ => None,
                };
                if let Some(target) = target {
                    let limit = list.get(i + 1).map(|next| next.span().start);
                    found = Some(Site { anchor: statement.span(), limit, target });
                }
            }
        },
    }
    .visit_program(program);
    found
}

fn declared(decl: &VariableDeclaration<'_>, is_server: &dyn Fn(&Expression<'_>) -> bool) -> Option<String> {
    decl.declarations.iter().find_map(|d| match (&d.id, &d.init) {
        (BindingPattern::BindingIdentifier(id), Some(init)) if is_server(init) => Some(id.name.to_string()),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::patch::test_support::{diff, roundtrip};

    fn esm() -> AttachPatch {
        AttachPatch { specifier: "./realtime.js".into(), module_system: ModuleSystem::Esm }
    }

    fn run(source: &str, patch: &AttachPatch) -> String {
        let path = Path::new("server.js");
        let patched = roundtrip(source, |s| add(path, s, patch), |s| remove(path, s, patch));
        assert!(is_attached(path, &patched, &patch.specifier));
        diff(source, &patched)
    }

    #[test]
    fn attaches_after_a_server_the_entry_creates() {
        let source = "import http from \"http\";\nimport { Server } from \"socket.io\";\n\nconst server = http.createServer();\nconst io = new Server(server, { cors: {} });\nio.on(\"connection\", () => {});\nserver.listen(3000);\n";
        let d = run(source, &esm());
        assert!(d.contains("+import * as realtime from \"./realtime.js\";"), "{d}");
        assert!(d.contains("const io = new Server(server, { cors: {} });\n+realtime.attach(io);"), "{d}");
    }

    #[test]
    fn attaches_inside_an_init_function_and_a_class_method() {
        let init = "import { Server } from \"socket.io\";\nlet io;\nexport const initSocket = (server) => {\n  io = new Server(server);\n  return io;\n};\n";
        assert!(run(init, &esm()).contains("  io = new Server(server);\n+  realtime.attach(io);"));
        let class = "import { Server } from \"socket.io\";\nclass SocketServer {\n  initialize(server) {\n    this.io = new Server(server);\n    this.io.on(\"connection\", (s) => {});\n  }\n}\nexport default new SocketServer();\n";
        assert!(run(class, &esm()).contains("+    realtime.attach(this.io);"));
    }

    #[test]
    fn commonjs_requires_and_a_taken_name_is_avoided() {
        let source = "const { Server } = require(\"socket.io\");\nconst realtime = require(\"./other\");\nfunction init(server) {\n  const io = new Server(server);\n  return io;\n}\nmodule.exports = { init };\n";
        let patch = AttachPatch { specifier: "./socket/realtime".into(), module_system: ModuleSystem::CommonJs };
        let d = run(source, &patch);
        assert!(d.contains("+const rtgenRealtime = require(\"./socket/realtime\");"), "{d}");
        assert!(d.contains("+  rtgenRealtime.attach(io);"), "{d}");
    }

    #[test]
    fn a_server_kept_nowhere_is_refused_with_the_fix() {
        let source = "import { Server } from \"socket.io\";\nexport const start = (server) => new Server(server).on(\"connection\", () => {});\n";
        let error = add(Path::new("s.js"), source, &esm()).unwrap_err();
        assert!(error.to_string().contains("not kept in a variable"), "{error}");
        assert_eq!(error.line, 2);
    }
}
