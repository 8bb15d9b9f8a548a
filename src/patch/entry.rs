//! The server entry starts the scaffolded socket server: it imports the init
//! function and calls `const io = <init>(server);` right before the HTTP server
//! starts listening, in the start-up function or at the top level, which is
//! where `rtgen add` then initialises each module's events.
//!
//! The anchor is the one statement that calls `<x>.listen(...)`. When `<x>` is
//! an HTTP server (`http.createServer(...)`), socket.io attaches to it. When it
//! is the Express app, `app.listen(...)` creates its HTTP server inside, too
//! late for socket.io: rtgen creates it first (`http.createServer(app)`, which
//! is what `app.listen` does) and the listen call moves to it, the same call
//! with the same arguments and result.
//!
//! A CommonJS entry gets the same lines with `require`:
//! `const { initSocketServer } = require("./src/socket/socketServer");` after
//! its last top-level `require`, and `const http = require("http");` when it
//! has to create the HTTP server. A file never gets both module systems.

use std::path::Path;

use oxc_ast::ast::*;
use oxc_ast_visit::{walk, Visit};
use oxc_span::{GetSpan, Span};

use crate::js::splice::Splice;
use crate::patch::commonjs::{destructured_require_of, http_require, insert_require, required_create_server};
use crate::patch::is_referenced;
use crate::patch::{
    call_of, imports, insert_import, parse_host, same_module, CallVisitor, ListVisitor, Outcome, PatchError, SourceFile,
};
use crate::read::commonjs::ModuleSystem;

/// The socket server's init function and where the entry imports it from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryPatch {
    /// e.g. `initSocketServer`.
    pub init: String,
    /// e.g. `./socket/socketServer.js`.
    pub specifier: String,
    /// The entry's own: what its new lines load modules with.
    pub module_system: ModuleSystem,
}

impl EntryPatch {
    fn commonjs(&self) -> bool {
        self.module_system == ModuleSystem::CommonJs
    }

    /// The line that loads the init function, in the entry's module system.
    fn load_line(&self) -> String {
        match self.module_system {
            ModuleSystem::CommonJs => format!("const {{ {} }} = require(\"{}\");", self.init, self.specifier),
            ModuleSystem::Esm => format!("import {{ {} }} from \"{}\";", self.init, self.specifier),
        }
    }

    /// Adds the line that loads the init function.
    fn insert_load(&self, host: &SourceFile<'_>, program: &Program<'_>, splice: &mut Splice) -> Result<(), PatchError> {
        match self.module_system {
            ModuleSystem::CommonJs => insert_require(host, program, splice, &self.load_line()),
            ModuleSystem::Esm => insert_import(host, program, splice, &self.load_line()),
        }
    }
}

/// Marks the HTTP server rtgen creates for an Express app, so that `remove`
/// can tell it from one the host created.
const CREATE_COMMENT: &str = "// socket.io shares the HTTP server: create it before listening.";

/// Imports and calls the init function, unless the entry calls it already.
pub fn add(path: &Path, source: &str, patch: &EntryPatch) -> Result<Outcome, PatchError> {
    parse_host(path, source, |program, host| {
        let mut splice = Splice::new();
        if calls(program, &patch.init) {
            return host.finish(splice);
        }
        let site = listen_site(program, host, patch)?;
        let io = free_name(program, &["io", "socketIo", "socketServer"]);
        match &site.receiver {
            Receiver::HttpServer(server) => {
                if !binds(program, &patch.init) {
                    patch.insert_load(host, program, &mut splice)?;
                }
                host.insert_before(
                    &mut splice,
                    site.statement.start,
                    &format!("const {io} = {}({server});", patch.init),
                )?;
            }
            Receiver::App { name, span } => {
                let create = http_create_server(program, host, &mut splice, patch.commonjs())?;
                if !binds(program, &patch.init) {
                    patch.insert_load(host, program, &mut splice)?;
                }
                let server = free_name(program, &["server", "httpServer", "socketHttpServer"]);
                let code = format!(
                    "{CREATE_COMMENT}\nconst {server} = {create}({name});\nconst {io} = {}({server});",
                    patch.init
                );
                host.insert_before(&mut splice, site.statement.start, &code)?;
                splice.replace(span.start, span.end, server);
            }
        }
        host.finish(splice)
    })
}

// Only `remove` uses this; `init` has no inverse command yet, and the
// tests prove `remove(add(x)) == x` for every patcher.
#[cfg_attr(not(test), allow(dead_code))]
/// Deletes the import, the init call and, when rtgen created the HTTP server,
/// that server: `app.listen(...)` comes back as it was.
pub fn remove(path: &Path, source: &str, patch: &EntryPatch) -> Result<Outcome, PatchError> {
    parse_host(path, source, |program, host| {
        let mut splice = Splice::new();
        let mut spans = Vec::new();
        for decl in imports(program) {
            let only_init = decl.specifiers.as_ref().is_some_and(|s| {
                s.len() == 1 && matches!(&s[0], ImportDeclarationSpecifier::ImportSpecifier(i) if i.local.name == patch.init.as_str())
            });
            if only_init && same_module(decl.source.value.as_str(), &patch.specifier) {
                spans.push(decl.span);
            }
        }
        if patch.commonjs() {
            spans.extend(destructured_require_of(program, &patch.init, &patch.specifier));
        }
        let comments: Vec<Span> = program
            .comments
            .iter()
            .map(|c| c.span)
            .filter(|span| host.text(*span).trim_end() == CREATE_COMMENT)
            .collect();
        let mut created = Vec::new();
        ListVisitor {
            f: |list: &[Statement<'_>]| {
                for (index, stmt) in list.iter().enumerate() {
                    if !direct_call_named(stmt, &patch.init) {
                        continue;
                    }
                    spans.push(stmt.span());
                    let Some(previous) = index.checked_sub(1).map(|i| &list[i]) else { continue };
                    let Some((server, app)) = created_server(previous) else { continue };
                    let gap_start = index.checked_sub(2).map_or(0, |i| list[i].span().end);
                    let Some(comment) =
                        comments.iter().find(|c| c.start >= gap_start && c.end <= previous.span().start)
                    else {
                        continue;
                    };
                    spans.push(Span::new(comment.start, previous.span().end));
                    created.push(previous.span());
                    for later in &list[index + 1..] {
                        if let Some(receiver) = listen_receiver(later) {
                            if host.text(receiver) == server {
                                splice.replace(receiver.start, receiver.end, app.clone());
                            }
                        }
                    }
                }
            },
        }
        .visit_program(program);
        if !created.is_empty() {
            drop_unused_http_import(program, &mut spans, &created);
            if let Some((local, span)) = http_require(program).filter(|_| patch.commonjs()) {
                if !is_referenced(program, &local, &created) {
                    spans.push(span);
                }
            }
        }
        host.remove_statements(&mut splice, &spans);
        host.finish(splice)
    })
}

/// Whether `<init>(...)` is called anywhere in the file.
pub fn calls(program: &Program<'_>, init: &str) -> bool {
    let mut found = false;
    CallVisitor {
        f: |call: &CallExpression<'_>| {
            found |= call.callee_name() == Some(init);
        },
    }
    .visit_program(program);
    found
}

/// What `listen` is called on.
enum Receiver {
    /// An HTTP server held in this variable.
    HttpServer(String),
    /// The Express app: `name.listen(...)`, the name at `span`.
    App { name: String, span: Span },
}

struct ListenSite {
    statement: Span,
    receiver: Receiver,
}

fn listen_site(program: &Program<'_>, host: &SourceFile<'_>, patch: &EntryPatch) -> Result<ListenSite, PatchError> {
    let mut sites: Vec<(Span, Span)> = Vec::new();
    ListVisitor {
        f: |list: &[Statement<'_>]| {
            for stmt in list {
                if let Some(receiver) = listen_receiver(stmt) {
                    sites.push((stmt.span(), receiver));
                }
            }
        },
    }
    .visit_program(program);
    let snippet = host.snippet(&format!(
        "{}\n\nconst server = http.createServer(app);\nconst io = {init}(server);\nserver.listen(PORT);",
        patch.load_line(),
        init = patch.init,
    ));
    let hint = "so that socket.io shares the HTTP server, created before it listens";
    let (statement, receiver) = match sites.len() {
        0 => {
            return Err(host
                .error(
                    program.body.first().map_or(0, |s| s.span().start),
                    "no `listen(...)` call: looked for the statement that starts the HTTP server \
                     (`server.listen(...)` or `app.listen(...)`), found none",
                )
                .with_snippet(hint, snippet))
        }
        1 => sites[0],
        _ => {
            let lines: Vec<String> = sites.iter().map(|(s, _)| host.line(s.start).to_string()).collect();
            return Err(host
                .error(
                    sites[0].0.start,
                    format!(
                        "more than one `listen(...)` call (lines {}): rtgen cannot tell which one starts \
                         the HTTP server",
                        lines.join(", ")
                    ),
                )
                .with_snippet(hint, snippet));
        }
    };
    let name = host.text(receiver).to_string();
    let unknown = || {
        host.error(
            receiver.start,
            format!(
                "cannot tell what `{}` is: looked for an HTTP server (`const {0} = http.createServer(...)`) \
                 or an Express app (imported, required, or `const {0} = express()`), found neither",
                host.text(receiver)
            ),
        )
        .with_snippet(hint, snippet.clone())
    };
    if !is_identifier(&name) {
        return Err(unknown());
    }
    let receiver = match binding_of(program, &name) {
        Some(Binding::HttpServer) => Receiver::HttpServer(name),
        Some(Binding::App) => Receiver::App { name, span: receiver },
        None => return Err(unknown()),
    };
    Ok(ListenSite { statement, receiver })
}

/// The receiver of the `listen` call a statement makes itself:
/// `x.listen(...);`, `const s = x.listen(...);`, `return x.listen(...);`.
fn listen_receiver(stmt: &Statement<'_>) -> Option<Span> {
    let of = |expr: &Expression<'_>| {
        let call = call_of(expr)?;
        let member = call.callee.get_inner_expression().as_member_expression()?;
        (member.static_property_name()? == "listen").then(|| member.object().get_inner_expression().span())
    };
    match stmt {
        Statement::ExpressionStatement(es) => of(&es.expression),
        Statement::VariableDeclaration(decl) => decl.declarations.iter().find_map(|d| d.init.as_ref().and_then(of)),
        Statement::ReturnStatement(ret) => ret.argument.as_ref().and_then(of),
        _ => None,
    }
}

fn is_identifier(text: &str) -> bool {
    crate::read::names::is_identifier(text)
}

enum Binding {
    HttpServer,
    App,
}

/// What the file binds `name` to: an import or a `require` of a module is
/// the app (what `listen` is called on is an Express app or an HTTP server,
/// and a module exports the app far more often than a server).
fn binding_of(program: &Program<'_>, name: &str) -> Option<Binding> {
    for decl in imports(program) {
        if decl.specifiers.iter().flatten().any(|s| s.local().name == name) {
            return Some(Binding::App);
        }
    }
    struct Finder<'s> {
        name: &'s str,
        found: Option<Binding>,
    }
    impl<'a> Visit<'a> for Finder<'_> {
        fn visit_variable_declarator(&mut self, it: &VariableDeclarator<'a>) {
            if let (BindingPattern::BindingIdentifier(id), Some(init)) = (&it.id, &it.init) {
                if id.name == self.name && self.found.is_none() {
                    self.found = match init.get_inner_expression() {
                        Expression::NewExpression(new) if is_server_constructor(&new.callee) => {
                            Some(Binding::HttpServer)
                        }
                        expr => match call_of(expr) {
                            Some(call) if is_create_server(call) => Some(Binding::HttpServer),
                            Some(call) if call.is_require_call() => Some(Binding::App),
                            Some(call) if call.callee_name() == Some("express") => Some(Binding::App),
                            _ => None,
                        },
                    };
                }
            }
            // `const { app } = require("./app")`.
            if let (BindingPattern::ObjectPattern(pattern), Some(init)) = (&it.id, &it.init) {
                let binds = pattern
                    .properties
                    .iter()
                    .any(|p| matches!(&p.value, BindingPattern::BindingIdentifier(id) if id.name == self.name));
                if binds && self.found.is_none() && call_of(init).is_some_and(|c| c.is_require_call()) {
                    self.found = Some(Binding::App);
                }
            }
            walk::walk_variable_declarator(self, it);
        }
    }
    let mut finder = Finder { name, found: None };
    finder.visit_program(program);
    finder.found
}

/// `createServer(...)` or `<x>.createServer(...)` (http, https, http2).
fn is_create_server(call: &CallExpression<'_>) -> bool {
    match call.callee.get_inner_expression() {
        Expression::Identifier(id) => id.name == "createServer",
        callee => callee.as_member_expression().and_then(|m| m.static_property_name()) == Some("createServer"),
    }
}

/// `new http.Server(...)` or `new Server(...)` (an HTTP server).
fn is_server_constructor(callee: &Expression<'_>) -> bool {
    callee.as_member_expression().and_then(|m| m.static_property_name()) == Some("Server")
}

// Only `remove` uses this; `init` has no inverse command yet, and the
// tests prove `remove(add(x)) == x` for every patcher.
#[cfg_attr(not(test), allow(dead_code))]
/// `const <server> = <x>.createServer(<app>);` -> (server, app).
fn created_server(stmt: &Statement<'_>) -> Option<(String, String)> {
    let Statement::VariableDeclaration(decl) = stmt else { return None };
    let [declarator] = decl.declarations.as_slice() else { return None };
    let BindingPattern::BindingIdentifier(id) = &declarator.id else { return None };
    let call = call_of(declarator.init.as_ref()?)?;
    if !is_create_server(call) || call.arguments.len() != 1 {
        return None;
    }
    let Expression::Identifier(app) = call.arguments[0].as_expression()?.get_inner_expression() else {
        return None;
    };
    Some((id.name.to_string(), app.name.to_string()))
}

// Only `remove` uses this; `init` has no inverse command yet, and the
// tests prove `remove(add(x)) == x` for every patcher.
#[cfg_attr(not(test), allow(dead_code))]
/// `<init>(...)` as the statement's own call, bound or not.
fn direct_call_named(stmt: &Statement<'_>, init: &str) -> bool {
    let named = |expr: &Expression<'_>| call_of(expr).is_some_and(|c| c.callee_name() == Some(init));
    match stmt {
        Statement::ExpressionStatement(es) => match es.expression.get_inner_expression() {
            Expression::AssignmentExpression(assign) => named(&assign.right),
            expr => named(expr),
        },
        Statement::VariableDeclaration(decl) => decl.declarations.iter().any(|d| d.init.as_ref().is_some_and(named)),
        _ => false,
    }
}

/// Whether the file imports or declares `name` at the top level.
fn binds(program: &Program<'_>, name: &str) -> bool {
    imports(program).iter().any(|d| d.specifiers.iter().flatten().any(|s| s.local().name == name))
        || declared_anywhere(program, name)
}

/// Whether any binding in the file is called `name`.
fn declared_anywhere(program: &Program<'_>, name: &str) -> bool {
    struct Bindings<'s> {
        name: &'s str,
        found: bool,
    }
    impl<'a> Visit<'a> for Bindings<'_> {
        fn visit_binding_identifier(&mut self, it: &BindingIdentifier<'a>) {
            self.found |= it.name == self.name;
        }
    }
    let mut finder = Bindings { name, found: false };
    finder.visit_program(program);
    finder.found
}

/// The first of `names` that nothing in the file binds.
fn free_name(program: &Program<'_>, names: &[&str]) -> String {
    names.iter().find(|n| !declared_anywhere(program, n)).unwrap_or(&names[names.len() - 1]).to_string()
}

/// How to call `createServer` of node's `http`: through an existing import
/// (or `require`), or after adding `import http from "http";` (or
/// `const http = require("http");`).
fn http_create_server(
    program: &Program<'_>,
    host: &SourceFile<'_>,
    splice: &mut Splice,
    commonjs: bool,
) -> Result<String, PatchError> {
    if commonjs {
        if let Some(create) = required_create_server(program) {
            return Ok(create);
        }
        let name = free_name(program, &["http", "nodeHttp"]);
        insert_require(host, program, splice, &format!("const {name} = require(\"http\");"))?;
        return Ok(format!("{name}.createServer"));
    }
    for decl in imports(program) {
        if !matches!(decl.source.value.as_str(), "http" | "node:http") {
            continue;
        }
        for specifier in decl.specifiers.iter().flatten() {
            match specifier {
                ImportDeclarationSpecifier::ImportDefaultSpecifier(s) => {
                    return Ok(format!("{}.createServer", s.local.name))
                }
                ImportDeclarationSpecifier::ImportNamespaceSpecifier(s) => {
                    return Ok(format!("{}.createServer", s.local.name))
                }
                ImportDeclarationSpecifier::ImportSpecifier(s) if s.imported.name() == "createServer" => {
                    return Ok(s.local.name.to_string())
                }
                _ => {}
            }
        }
    }
    let name = free_name(program, &["http", "nodeHttp"]);
    insert_import(host, program, splice, &format!("import {name} from \"http\";"))?;
    Ok(format!("{name}.createServer"))
}

// Only `remove` uses this; `init` has no inverse command yet, and the
// tests prove `remove(add(x)) == x` for every patcher.
#[cfg_attr(not(test), allow(dead_code))]
/// Drops `import http from "http";` when nothing but the removed
/// `createServer` statements used it.
fn drop_unused_http_import(program: &Program<'_>, spans: &mut Vec<Span>, removed: &[Span]) {
    for decl in imports(program) {
        if !matches!(decl.source.value.as_str(), "http" | "node:http") {
            continue;
        }
        let Some(specifiers) = &decl.specifiers else { continue };
        let [specifier] = specifiers.as_slice() else { continue };
        let local = specifier.local().name.as_str();
        if !is_referenced(program, local, removed) {
            spans.push(decl.span);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::patch::test_support::{diff, roundtrip};

    fn patch() -> EntryPatch {
        EntryPatch {
            init: "initSocketServer".into(),
            specifier: "./socket/socketServer.js".into(),
            module_system: ModuleSystem::Esm,
        }
    }

    fn commonjs_patch() -> EntryPatch {
        EntryPatch {
            init: "initSocketServer".into(),
            specifier: "./src/socket/socketServer".into(),
            module_system: ModuleSystem::CommonJs,
        }
    }

    fn run_commonjs(source: &str) -> String {
        let p = commonjs_patch();
        let path = Path::new("server/index.js");
        let patched = roundtrip(source, |s| add(path, s, &p), |s| remove(path, s, &p));
        assert!(!patched.contains("import "), "an import in a CommonJS entry:\n{patched}");
        diff(source, &patched)
    }

    /// The shape of the CommonJS apps studied: requires, `app.listen` at the top level.
    const COMMONJS_APP_LISTEN: &str = "require(\"dotenv\").config();\nconst app = require(\"./src/app\");\nconst { connectDb } = require(\"./src/db\");\n\nconst PORT = process.env.PORT || 5000;\n\nconnectDb().then(() => {\n  app.listen(PORT, () => console.log(`API listening on http://localhost:${PORT}`));\n});\n";

    #[test]
    fn commonjs_app_listen_gets_requires_and_an_http_server() {
        insta::assert_snapshot!(run_commonjs(COMMONJS_APP_LISTEN));
    }

    #[test]
    fn commonjs_http_server_reuses_the_required_http() {
        let source = "const http = require(\"http\");\nconst express = require(\"express\");\n\nconst app = express();\nconst server = http.createServer(app);\n\nserver.listen(process.env.PORT || 5000);\n";
        let out = run_commonjs(source);
        assert!(out.contains("+const { initSocketServer } = require(\"./src/socket/socketServer\");\n"), "{out}");
        assert!(
            out.contains(" const server = http.createServer(app);\n+const io = initSocketServer(server);\n"),
            "{out}"
        );
        assert!(!out.contains("+const http"), "{out}");
    }

    #[test]
    fn commonjs_destructured_create_server_and_app() {
        let source = "const { createServer } = require(\"node:http\");\nconst { app } = require(\"./app\");\n\nconst server = app.listen(3000);\nmodule.exports = server;\n";
        let out = run_commonjs(source);
        assert!(out.contains("+const httpServer = createServer(app);"), "{out}");
        assert!(out.contains("+const server = httpServer.listen(3000);"), "{out}");
    }

    #[test]
    fn commonjs_single_quotes_no_semicolons_crlf() {
        let source = "'use strict'\r\nconst express = require('express')\r\n\r\nconst app = express()\r\napp.listen(3000, () => console.log('up'))\r\n";
        let out = run_commonjs(source);
        assert!(out.contains("+const http = require('http')\\r\n+const { initSocketServer } = require('./src/socket/socketServer')\\r\n"), "{out}");
        assert!(out.contains("+const io = initSocketServer(server)\\r\n"), "{out}");
        assert!(out.contains("+server.listen(3000, () => console.log('up'))\\r\n"), "{out}");
    }

    #[test]
    fn commonjs_refusal_shows_the_require_to_paste() {
        let source = "const app = require(\"./src/app\");\n\nmodule.exports = app;\n";
        let error = add(Path::new("server/index.js"), source, &commonjs_patch()).unwrap_err();
        let text = error.to_string();
        assert!(text.contains("const { initSocketServer } = require(\"./src/socket/socketServer\");"), "{text}");
        assert!(!text.contains("import {"), "{text}");
    }

    fn run(source: &str) -> String {
        let p = patch();
        let path = Path::new("backend/src/index.js");
        let patched = roundtrip(source, |s| add(path, s, &p), |s| remove(path, s, &p));
        diff(source, &patched)
    }

    /// examples/plain: `const server = app.listen(...)` in an arrow start-up function.
    const BOUND_APP_LISTEN: &str = r#"import app from "./app.js";
import { initDb } from "./db/index.js";

const PORT = process.env.PORT || 4000;

const startServer = async () => {
  await initDb();
  const server = app.listen(PORT, () => {
    console.log(`listening on http://localhost:${server.address().port}`);
  });
  return server;
};

startServer();
"#;

    #[test]
    fn bound_app_listen_gets_an_http_server_first() {
        insta::assert_snapshot!(run(BOUND_APP_LISTEN));
    }

    #[test]
    fn top_level_app_listen_with_single_quotes_and_no_semicolons() {
        let source = "import express from 'express'\n\nconst app = express()\napp.get('/', (req, res) => res.send('ok'))\n\napp.listen(3000, () => console.log('up'))\n";
        insta::assert_snapshot!(run(source));
    }

    #[test]
    fn http_server_gets_the_init_call_before_listen() {
        let source = "import http from \"node:http\";\nimport app from \"./app.js\";\n\nasync function startServer() {\n  const server = http.createServer(app);\n  // Start accepting connections.\n  server.listen(process.env.PORT || 4000);\n}\n\nstartServer();\n";
        insta::assert_snapshot!(run(source));
    }

    #[test]
    fn existing_http_import_is_reused_and_kept() {
        let source = "import { createServer } from \"http\";\nimport app from \"./app.js\";\n\nconst other = createServer();\napp.listen(4000);\n";
        let out = run(source);
        assert!(out.contains("+const server = createServer(app);"), "{out}");
        assert!(!out.contains("+import http"), "{out}");
    }

    #[test]
    fn the_result_is_what_rtgen_add_patches_next() {
        let Outcome::Changed(text) = add(Path::new("index.js"), BOUND_APP_LISTEN, &patch()).unwrap() else {
            panic!("unchanged")
        };
        let startup = crate::patch::startup::StartupPatch {
            modules: vec![crate::patch::startup::StartupModule {
                binding: "proposalEvents".into(),
                specifier: "./socket/events/proposalEvents.js".into(),
            }],
            socket_init: "initSocketServer".into(),
            module_system: ModuleSystem::Esm,
        };
        let Outcome::Changed(added) = crate::patch::startup::add(Path::new("index.js"), &text, &startup).unwrap()
        else {
            panic!("startup patch did not apply")
        };
        assert!(
            added.contains("const io = initSocketServer(httpServer);\n  proposalEvents.initialize(io);\n"),
            "{added}"
        );
    }

    #[test]
    fn refuses_an_entry_without_listen() {
        let source = "import app from \"./app.js\";\n\nexport default app;\n";
        let error = add(Path::new("backend/src/index.js"), source, &patch()).unwrap_err();
        assert_eq!(error.line, 1);
        insta::assert_snapshot!(error.to_string());
    }

    #[test]
    fn refuses_two_listen_calls() {
        let source = "import app from \"./app.js\";\n\napp.listen(80);\napp.listen(443);\n";
        let error = add(Path::new("backend/src/index.js"), source, &patch()).unwrap_err();
        assert_eq!(error.line, 3);
        assert!(error.message.contains("lines 3, 4"), "{error}");
    }

    #[test]
    fn refuses_an_unknown_receiver() {
        let source = "const server = makeServer();\nserver.listen(80);\n";
        let error = add(Path::new("backend/src/index.js"), source, &patch()).unwrap_err();
        assert_eq!((error.line, error.column), (2, 1));
        assert!(error.message.contains("cannot tell what `server` is"), "{error}");
    }
}
