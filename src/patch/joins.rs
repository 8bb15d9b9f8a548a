//! For a socket server that joins no room per user or per role (it keeps a
//! map of connected users instead): rtgen joins `user:{id}` and `role:{role}`
//! first thing in its connection handler, so module events reach the right
//! sockets with one emit. One patch for every module; removing the last
//! module takes it out again. The host's own bookkeeping stays as it is.
//!
//! The anchor is the handler passed to `io.on("connection", ...)`: inline, or
//! the method or function it names. The joins are recognised by their
//! arguments, wherever a formatter moved them inside the handler.

use std::path::Path;

use oxc_ast::ast::*;
use oxc_span::{GetSpan, Span};

use super::{parse_host, statement_call, Outcome, PatchError, SourceFile};
use crate::js::splice::Splice;
use crate::read::socket_server::{connection, JOINS_MARKER};

/// The joins to add: each room with the expression (on `socket.`) naming it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JoinsPatch {
    /// `(template, expression)`: `("user:{id}", "socket.user.id")`.
    pub user: Option<(String, String)>,
    /// `("role:{role}", "socket.user.role")`.
    pub role: Option<(String, String)>,
}

impl JoinsPatch {
    /// The `join` arguments, as written for a handler whose socket is `param`.
    fn arguments(&self, param: &str) -> Vec<String> {
        let mut out = Vec::new();
        for (room, placeholder) in [(&self.user, "{id}"), (&self.role, "{role}")] {
            if let Some((template, expression)) = room {
                let expression = match expression.strip_prefix("socket.") {
                    Some(rest) => format!("{param}.{rest}"),
                    None => expression.clone(),
                };
                out.push(crate::render::context::room_js(template, placeholder, &expression));
            }
        }
        out
    }
}

/// Adds the joins, as one block under [`JOINS_MARKER`] before the handler's
/// first statement; a block a hand edit changed is written again.
pub fn add(path: &Path, source: &str, patch: &JoinsPatch) -> Result<Outcome, PatchError> {
    parse_host(path, source, |program, file| {
        let handler = handler(program, file)?;
        let wanted = patch.arguments(&handler.param);
        let mut lines = vec![JOINS_MARKER.to_string()];
        lines.extend(wanted.iter().map(|arg| format!("{}.join({arg});", handler.param)));
        let code = lines.join("\n");
        let mut splice = Splice::new();
        match block(program, file, &handler) {
            Some(block) if block.arguments == wanted => return Ok(Outcome::Unchanged),
            Some(block) => {
                let indent = file.line_indent(block.span.start).to_string();
                let text = file.adapt(&code, &indent)?;
                splice.replace(block.span.start, block.span.end, text.trim_start_matches([' ', '\t']).to_string());
            }
            None => match first_statement(program, &handler) {
                Some(start) => file.insert_before(&mut splice, start, &code)?,
                None => file.insert_into_empty_block(&mut splice, handler.body, &code)?,
            },
        }
        file.finish(splice)
    })
}

/// Deletes the block of joins rtgen added, marker and all.
pub fn remove(path: &Path, source: &str, _patch: &JoinsPatch) -> Result<Outcome, PatchError> {
    parse_host(path, source, |program, file| {
        let Some(handler) = connection(program, source) else { return Ok(Outcome::Unchanged) };
        let Some(block) = block(program, file, &handler) else { return Ok(Outcome::Unchanged) };
        let mut splice = Splice::new();
        file.remove_statements(&mut splice, &[block.span]);
        file.finish(splice)
    })
}

fn handler(program: &Program<'_>, file: &SourceFile<'_>) -> Result<crate::read::socket_server::Connection, PatchError> {
    connection(program, file.source).ok_or_else(|| {
        file.error(
            program.body.first().map_or(0, |s| s.span().start),
            "found no connection handler to join rooms in: looked for `io.on(\"connection\", (socket) => { ... })` (inline, or a method or function it names), found none",
        )
        .with_snippet(
            "in the connection handler, after the socket is authenticated",
            "socket.join(`user:${socket.user.id}`);",
        )
    })
}

/// rtgen's block in a handler: the marker comment first in the body and the
/// joins right after it.
struct Block {
    /// From the marker to the end of the last join.
    span: Span,
    arguments: Vec<String>,
}

fn block(
    program: &Program<'_>,
    file: &SourceFile<'_>,
    handler: &crate::read::socket_server::Connection,
) -> Option<Block> {
    let inside = &file.source[handler.body.start as usize + 1..];
    let start = handler.body.start + 1 + (inside.len() - inside.trim_start().len()) as u32;
    let marker = program.comments.iter().find(|c| c.span.start == start)?;
    if file.text(marker.span) != JOINS_MARKER {
        return None;
    }
    let mut end = marker.span.end;
    let mut arguments = Vec::new();
    let mut leading = true;
    each_statement(program, handler.body, |stmt| {
        if !leading || !crate::read::socket_server::is_join(stmt, &handler.param) {
            leading = false;
            return;
        }
        if let Some(arg) = statement_call(stmt).and_then(|c| c.arguments.first()).and_then(|a| a.as_expression()) {
            arguments.push(file.text(arg.span()).to_string());
            end = stmt.span().end;
        }
    });
    Some(Block { span: Span::new(marker.span.start, end), arguments })
}

fn first_statement(program: &Program<'_>, handler: &crate::read::socket_server::Connection) -> Option<u32> {
    let mut first = None;
    each_statement(program, handler.body, |stmt| {
        first = first.or(Some(stmt.span().start));
    });
    first
}

/// Calls `f` on each statement of the function body at `body`.
fn each_statement(program: &Program<'_>, body: Span, f: impl FnMut(&Statement<'_>)) {
    use oxc_ast_visit::{walk, Visit};
    struct Finder<F> {
        body: Span,
        f: F,
    }
    impl<'a, F: FnMut(&Statement<'_>)> Visit<'a> for Finder<F> {
        fn visit_function_body(&mut self, it: &FunctionBody<'a>) {
            if it.span == self.body {
                it.statements.iter().for_each(&mut self.f);
            }
            walk::walk_function_body(self, it);
        }
    }
    Finder { body, f }.visit_program(program);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::patch::test_support::{diff, roundtrip};

    const ORIGIN: &str = "import { Server } from \"socket.io\";\n\nclass SocketServer {\n  constructor() {\n    this.io = null;\n    this.connectedUsers = new Map(); // userId -> Set of socket ids\n  }\n\n  initialize(httpServer) {\n    this.io = new Server(httpServer);\n    this.io.use((socket, next) => {\n      socket.user = { id: 1, role: \"admin\" };\n      next();\n    });\n    this.io.on(\"connection\", (socket) => {\n      const userId = socket.user.id;\n      this.connectedUsers.set(userId, socket.id);\n      socket.emit(\"connection:success\", { user: socket.user });\n    });\n  }\n}\n\nexport default new SocketServer();\n";

    fn patch() -> JoinsPatch {
        JoinsPatch {
            user: Some(("user:{id}".into(), "socket.user.id".into())),
            role: Some(("role:{role}".into(), "socket.user.role".into())),
        }
    }

    #[test]
    fn joins_go_first_in_the_handler_and_come_out_again() {
        let p = patch();
        let added = roundtrip(ORIGIN, |s| add(Path::new("s.js"), s, &p), |s| remove(Path::new("s.js"), s, &p));
        insta::assert_snapshot!(diff(ORIGIN, &added));
        // The reader no longer takes rtgen's rooms for the host's own.
        let reading = crate::read::socket_server::read_server(Path::new("s.js"), &added).unwrap();
        assert_eq!(reading.connection.unwrap().user_room, None);
    }

    #[test]
    fn a_changed_block_is_written_again() {
        let p = patch();
        let added = match add(Path::new("s.js"), ORIGIN, &p).unwrap() {
            Outcome::Changed(text) => text,
            Outcome::Unchanged => panic!("nothing added"),
        };
        let edited = added.replace("\n      socket.join(`role:${socket.user.role}`);", "");
        let Outcome::Changed(again) = add(Path::new("s.js"), &edited, &p).unwrap() else { panic!("not repaired") };
        assert_eq!(again, added);
    }

    #[test]
    fn handler_method_with_another_socket_name() {
        let source = "class S {\n  start(server) {\n    this.io = new Server(server);\n    this.io.on('connection', (client) => this.onConnection(client))\n  }\n\n  onConnection(client) {}\n}\nexport default new S()\n";
        let p = JoinsPatch { user: Some(("user:{id}".into(), "socket.userId".into())), role: None };
        let added = roundtrip(source, |s| add(Path::new("s.js"), s, &p), |s| remove(Path::new("s.js"), s, &p));
        assert!(added.contains("  onConnection(client) {\n    // Rooms for rtgen's module events (`rtgen remove` takes them out with the last module).\n    client.join(`user:${client.userId}`)\n  }"), "{added}");
    }

    #[test]
    fn refuses_without_a_connection_handler() {
        let error = add(Path::new("s.js"), "export const x = 1;\n", &patch()).unwrap_err();
        assert!(error.to_string().contains("found no connection handler"), "{error}");
    }
}
