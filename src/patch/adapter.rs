//! `rtgen init --adapter redis` on a host that has its own socket server: one
//! import and one call, `attachRedisAdapter(io);`, right after the statement
//! that creates the socket.io server and keeps it in a variable. The helper
//! module (`redisAdapter.js`, scaffolded beside the server) does the rest and
//! does nothing without `REDIS_URL`.
//!
//! The anchor is the one `new Server(...)` of socket.io, bound with
//! `const io = new Server(...)` or `io = new Server(...)`. Anything else
//! (two servers, `return new Server(...)`) is refused with what to add by hand.
//!
//! A CommonJS server gets `const { attachRedisAdapter } = require(...)` after
//! its last top-level `require` instead of the import.

use std::path::Path;

use oxc_ast::ast::*;
use oxc_ast_visit::Visit;
use oxc_span::{GetSpan, Span};

use crate::js::splice::Splice;
use crate::patch::bound_name;
use crate::patch::commonjs::{destructured_require_of, insert_require};
use crate::patch::{
    imports, insert_import, parse_host, same_module, statement_call, CallVisitor, ListVisitor, Outcome, PatchError,
};
use crate::read::commonjs::ModuleSystem;
use crate::read::survey::socket_io_servers;

/// The helper's import source from the socket server, e.g. `./redisAdapter.js`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdapterPatch {
    pub specifier: String,
    /// The server module's own: how it loads the helper.
    pub module_system: ModuleSystem,
}

/// The helper's function.
pub const ATTACH: &str = "attachRedisAdapter";

/// Packages whose import means the server has a cluster adapter already.
const ADAPTERS: &[&str] = &[
    "@socket.io/redis-adapter",
    "@socket.io/redis-streams-adapter",
    "@socket.io/cluster-adapter",
    "@socket.io/postgres-adapter",
    "@socket.io/mongo-adapter",
    "socket.io-redis",
];

/// What the host's server has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Added {
    /// The server's new text.
    Changed(String),
    /// It calls `attachRedisAdapter` already.
    Present,
    /// It sets up another adapter itself (the package, at line).
    Other(String, usize),
}

/// Adds the import and the call after the server's creation.
pub fn add(path: &Path, source: &str, patch: &AdapterPatch) -> Result<Added, PatchError> {
    parse_host(path, source, |program, host| {
        if calls(program, ATTACH) {
            return Ok(Added::Present);
        }
        for decl in imports(program) {
            if ADAPTERS.contains(&decl.source.value.as_str()) {
                return Ok(Added::Other(decl.source.value.to_string(), host.line(decl.span.start)));
            }
        }
        let mut required = None;
        CallVisitor {
            f: |call: &CallExpression<'_>| {
                if required.is_none() && call.is_require_call() {
                    let module = call.arguments.first().and_then(|a| match a.as_expression() {
                        Some(Expression::StringLiteral(s)) => Some((s.value.to_string(), call.span.start)),
                        _ => None,
                    });
                    required = module.filter(|(m, _)| ADAPTERS.contains(&m.as_str()));
                }
            },
        }
        .visit_program(program);
        if let Some((module, at)) = required {
            return Ok(Added::Other(module, host.line(at)));
        }
        let commonjs = patch.module_system == ModuleSystem::CommonJs;
        let import = match commonjs {
            true => format!("const {{ {ATTACH} }} = require(\"{}\");", patch.specifier),
            false => format!("import {{ {ATTACH} }} from \"{}\";", patch.specifier),
        };
        let servers = socket_io_servers(program);
        let snippet = |io: &str| host.snippet(&format!("{import}\n\n{ATTACH}({io});"));
        let hint = "(the import with the others; the call right after the socket.io server is created)";
        let server = match servers.as_slice() {
            [one] => *one,
            [] => {
                return Err(host
                    .error(
                        imports(program).first().map_or(0, |d| d.span.start),
                        "no `new Server(...)` of socket.io: looked for the statement that creates the socket.io \
                         server, found none",
                    )
                    .with_snippet(hint, snippet("io")))
            }
            [first, ..] => {
                let lines: Vec<String> = servers.iter().map(|s| host.line(s.start).to_string()).collect();
                return Err(host
                    .error(
                        first.start,
                        format!(
                            "more than one `new Server(...)` of socket.io (lines {}): rtgen cannot tell which one \
                             to give the Redis adapter",
                            lines.join(", ")
                        ),
                    )
                    .with_snippet(format!("{hint}, for each server"), snippet("io")));
            }
        };
        let mut site: Option<(Span, Option<u32>, String)> = None;
        ListVisitor {
            f: |list: &[Statement<'_>]| {
                for (index, stmt) in list.iter().enumerate() {
                    if let Some(io) = bound_name(stmt, |expr| expr.get_inner_expression().span() == server) {
                        site = Some((stmt.span(), list.get(index + 1).map(|s| s.span().start), io));
                    }
                }
            },
        }
        .visit_program(program);
        let Some((anchor, limit, io)) = site else {
            return Err(host
                .error(
                    server.start,
                    format!(
                        "the socket.io server is not kept in a variable: looked for `const io = new Server(...)` or \
                         `io = new Server(...)`, found `{}`",
                        host.text(server).lines().next().unwrap_or_default()
                    ),
                )
                .with_snippet(hint, snippet("io")));
        };
        let mut splice = Splice::new();
        match commonjs {
            true => insert_require(host, program, &mut splice, &import)?,
            false => insert_import(host, program, &mut splice, &import)?,
        }
        host.insert_after(&mut splice, anchor, limit, &format!("{ATTACH}({io});"), false)?;
        match host.finish(splice)? {
            Outcome::Changed(text) => Ok(Added::Changed(text)),
            Outcome::Unchanged => Ok(Added::Present),
        }
    })
}

// Only `remove` uses this; `init` has no inverse command yet, and the
// tests prove `remove(add(x)) == x` for every patcher.
#[cfg_attr(not(test), allow(dead_code))]
/// Deletes the import and the call.
pub fn remove(path: &Path, source: &str, patch: &AdapterPatch) -> Result<Outcome, PatchError> {
    parse_host(path, source, |program, host| {
        let mut spans = Vec::new();
        for decl in imports(program) {
            if same_module(decl.source.value.as_str(), &patch.specifier) {
                spans.push(decl.span);
            }
        }
        if patch.module_system == ModuleSystem::CommonJs {
            spans.extend(destructured_require_of(program, ATTACH, &patch.specifier));
        }
        ListVisitor {
            f: |list: &[Statement<'_>]| {
                for stmt in list {
                    if statement_call(stmt).is_some_and(|c| c.callee_name() == Some(ATTACH)) {
                        spans.push(stmt.span());
                    }
                }
            },
        }
        .visit_program(program);
        let mut splice = Splice::new();
        host.remove_statements(&mut splice, &spans);
        host.finish(splice)
    })
}

fn calls(program: &Program<'_>, name: &str) -> bool {
    let mut found = false;
    CallVisitor { f: |call: &CallExpression<'_>| found |= call.callee_name() == Some(name) }.visit_program(program);
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::patch::test_support::{diff, roundtrip};

    fn patch() -> AdapterPatch {
        AdapterPatch { specifier: "./redisAdapter.js".into(), module_system: ModuleSystem::Esm }
    }

    #[test]
    fn commonjs_server_requires_the_helper() {
        let p = AdapterPatch { specifier: "./redisAdapter".into(), module_system: ModuleSystem::CommonJs };
        let path = Path::new(PATH);
        let source = "const { Server } = require(\"socket.io\");\nconst jwt = require(\"jsonwebtoken\");\n\nlet io = null;\n\nfunction initSocketServer(httpServer) {\n  io = new Server(httpServer);\n}\n\nmodule.exports = { initSocketServer };\n";
        let to_outcome = |added: Added| match added {
            Added::Changed(text) => Outcome::Changed(text),
            _ => Outcome::Unchanged,
        };
        let patched = roundtrip(source, |s| add(path, s, &p).map(to_outcome), |s| remove(path, s, &p));
        let out = diff(source, &patched);
        assert!(out.contains(" const jwt = require(\"jsonwebtoken\");\n+const { attachRedisAdapter } = require(\"./redisAdapter\");\n"), "{out}");
        assert!(out.contains("+  attachRedisAdapter(io);\n"), "{out}");
        assert!(!patched.contains("import "), "{patched}");
        let other = "const { Server } = require(\"socket.io\");\nconst { createAdapter } = require(\"@socket.io/redis-adapter\");\n\nconst io = new Server(1, { adapter: createAdapter(a, b) });\n";
        assert_eq!(add(path, other, &p).unwrap(), Added::Other("@socket.io/redis-adapter".into(), 2));
    }

    const PATH: &str = "backend/src/socket/socketServer.js";

    fn run(source: &str) -> String {
        let p = patch();
        let path = Path::new(PATH);
        let to_outcome = |added: Added| match added {
            Added::Changed(text) => Outcome::Changed(text),
            _ => Outcome::Unchanged,
        };
        let patched = roundtrip(source, |s| add(path, s, &p).map(to_outcome), |s| remove(path, s, &p));
        diff(source, &patched)
    }

    #[test]
    fn assigned_server_gets_the_adapter() {
        let source = "import { Server } from \"socket.io\";\nimport { verifyToken } from \"../middleware/auth.js\";\n\nlet io = null;\n\nexport const initSocketServer = (httpServer) => {\n  io = new Server(httpServer, { cors: { origin: \"*\" } });\n\n  io.use((socket, next) => next());\n  return io;\n};\n";
        insta::assert_snapshot!(run(source));
    }

    #[test]
    fn const_server_in_a_function_declaration() {
        let source = "import { Server as SocketServer } from 'socket.io'\n\nexport function createSockets(server) {\n  const sockets = new SocketServer(server)\n  return sockets\n}\n";
        let out = run(source);
        assert!(out.contains("+  attachRedisAdapter(sockets)\n"), "{out}");
        assert!(out.contains("+import { attachRedisAdapter } from './redisAdapter.js'\n"), "{out}");
    }

    #[test]
    fn another_adapter_is_left_alone() {
        let source = "import { Server } from \"socket.io\";\nimport { createAdapter } from \"@socket.io/redis-adapter\";\n\nconst io = new Server(1, { adapter: createAdapter(a, b) });\n";
        assert_eq!(add(Path::new(PATH), source, &patch()).unwrap(), Added::Other("@socket.io/redis-adapter".into(), 2));
    }

    #[test]
    fn refuses_a_server_not_kept_in_a_variable() {
        let source = "import { Server } from \"socket.io\";\n\nexport const initSocketServer = (httpServer) => {\n  return new Server(httpServer);\n};\n";
        let error = add(Path::new(PATH), source, &patch()).unwrap_err();
        assert_eq!((error.line, error.column), (4, 10));
        insta::assert_snapshot!(error.to_string());
    }
}
