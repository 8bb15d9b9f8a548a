//! Step 4 of the recipe: the server start-up imports each module's socket
//! events and calls `<module>Events.initialize(io)` once the socket.io server
//! exists, before the server starts listening.
//!
//! The anchor is the statement list that creates the socket server
//! (`const io = initSocketServer(server);`): inside `startServer`, however it
//! is declared, or the top level when there is no start-up function.
//!
//! A CommonJS entry loads each module with `const <module>Events =
//! require("...");` after its last top-level `require`, never an `import`.

use std::path::Path;

use oxc_ast::ast::*;
use oxc_ast_visit::{walk, Visit};
use oxc_span::{GetSpan, Span};

use super::{
    call_of, default_import_of, insert_import, member_call_object, parse_host, same_module, statement_call,
    CallVisitor, DefaultImports, ListVisitor, Outcome, PatchError, SourceFile,
};
use crate::js::splice::Splice;
use crate::patch::bound_name;
use crate::patch::commonjs::{insert_require, whole_require_of};
use crate::read::commonjs::ModuleSystem;
use crate::read::socket_layer::NEW_SERVER;

/// One module's backend socket events.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StartupModule {
    /// The default import's name, e.g. `proposalEvents`.
    pub binding: String,
    /// Its import source, e.g. `./socket/events/proposalEvents.js`.
    pub specifier: String,
}

/// The modules to initialise, and how the host creates its socket server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StartupPatch {
    pub modules: Vec<StartupModule>,
    /// The function that creates the socket.io server, e.g. `initSocketServer`.
    pub socket_init: String,
    /// The entry's own: how its new lines load the modules.
    pub module_system: ModuleSystem,
}

/// Imports and initialises every module that is not yet, in the order given,
/// after the modules already initialised.
pub fn add(path: &Path, source: &str, patch: &StartupPatch) -> Result<Outcome, PatchError> {
    parse_host(path, source, |program, host| {
        let mut splice = Splice::new();
        let mut uninitialised = Vec::new();
        // Every module's local name: their own `initialize(io)` lines never create the server.
        let mut locals = Vec::new();
        // One walk for every module: the file holds all their lines.
        let initialised = initialised_objects(program);
        let imported = DefaultImports::of(program);
        for module in &patch.modules {
            let found = imported.get(&module.specifier).map(|(local, _)| local);
            let local = match found.or_else(|| module_binding(program, &module.specifier)) {
                Some(local) => local,
                None => {
                    match patch.module_system {
                        ModuleSystem::CommonJs => {
                            let line = format!("const {} = require(\"{}\");", module.binding, module.specifier);
                            insert_require(host, program, &mut splice, &line)?;
                        }
                        ModuleSystem::Esm => {
                            let import = format!("import {} from \"{}\";", module.binding, module.specifier);
                            insert_import(host, program, &mut splice, &import)?;
                        }
                    }
                    module.binding.clone()
                }
            };
            if !initialised.contains(&local) {
                uninitialised.push(local.clone());
            }
            locals.push(local);
        }
        if !uninitialised.is_empty() {
            let site = find_site(program, host, &patch.socket_init, &uninitialised, &locals)?;
            for local in &uninitialised {
                let code = format!("{local}.initialize({});", site.io);
                host.insert_after(&mut splice, site.anchor, site.limit, &code, false)?;
            }
        }
        host.finish(splice)
    })
}

/// Deletes each module's import and its `initialize(...)` calls.
pub fn remove(path: &Path, source: &str, patch: &StartupPatch) -> Result<Outcome, PatchError> {
    parse_host(path, source, |program, host| {
        let mut spans = Vec::new();
        for module in &patch.modules {
            let loaded = default_import_of(program, &module.specifier).or_else(|| {
                whole_require_of(program, &module.specifier).filter(|_| patch.module_system == ModuleSystem::CommonJs)
            });
            let local = match loaded {
                Some((local, span)) => {
                    spans.push(span);
                    local
                }
                // A dynamic import is the host's own line: leave it.
                None => module_binding(program, &module.specifier).unwrap_or_else(|| module.binding.clone()),
            };
            ListVisitor {
                f: |list: &[Statement<'_>]| {
                    for stmt in list {
                        if statement_call(stmt)
                            .is_some_and(|call| member_call_object(call, "initialize") == Some(&local))
                        {
                            spans.push(stmt.span());
                        }
                    }
                },
            }
            .visit_program(program);
        }
        let mut splice = Splice::new();
        host.remove_statements(&mut splice, &spans);
        host.finish(splice)
    })
}

/// The name a module is bound to: a default import, a top-level
/// `const x = require("...")`, or a dynamic
/// `const x = (await import("...")).default;` however Prettier wrapped it.
fn module_binding(program: &Program<'_>, specifier: &str) -> Option<String> {
    if let Some((local, _)) = default_import_of(program, specifier).or_else(|| whole_require_of(program, specifier)) {
        return Some(local);
    }
    struct Dynamic<'s> {
        specifier: &'s str,
        found: Option<String>,
    }
    impl<'a> Visit<'a> for Dynamic<'_> {
        fn visit_variable_declarator(&mut self, it: &VariableDeclarator<'a>) {
            if let (BindingPattern::BindingIdentifier(id), Some(init)) = (&it.id, &it.init) {
                if self.found.is_none() && is_dynamic_default(init, self.specifier) {
                    self.found = Some(id.name.as_str().to_string());
                }
            }
            walk::walk_variable_declarator(self, it);
        }
    }
    let mut finder = Dynamic { specifier, found: None };
    finder.visit_program(program);
    finder.found
}

/// `(await import("<specifier>")).default`
fn is_dynamic_default(expr: &Expression<'_>, specifier: &str) -> bool {
    super::dynamic_default_source(expr).is_some_and(|source| same_module(&source, specifier))
}

/// Whether `<local>.initialize(...)` is called anywhere in the file.
/// Every `x` that a call `x.initialize(...)` anywhere in the file names.
fn initialised_objects(program: &Program<'_>) -> std::collections::HashSet<String> {
    let mut found = std::collections::HashSet::new();
    CallVisitor {
        f: |call: &CallExpression<'_>| {
            if let Some(object) = member_call_object(call, "initialize") {
                found.insert(object.to_string());
            }
        },
    }
    .visit_program(program);
    found
}

/// Where module initialisations go.
struct Site {
    /// The statement to insert after.
    anchor: Span,
    /// The start of the statement after it, if any.
    limit: Option<u32>,
    /// The socket.io server's variable.
    io: String,
}

/// What one statement list says about the socket server created in it.
struct Candidate {
    call: Span,
    result: Result<Site, PatchError>,
}

fn find_site(
    program: &Program<'_>,
    host: &SourceFile<'_>,
    socket_init: &str,
    modules: &[String],
    module_locals: &[String],
) -> Result<Site, PatchError> {
    let snippet: Vec<String> = modules.iter().map(|m| format!("{m}.initialize(io);")).collect();
    let snippet = host.snippet(&snippet.join("\n"));
    let hint = "after the socket server is created, before the server starts listening";
    let mut candidates = Vec::new();
    ListVisitor {
        f: |list: &[Statement<'_>]| {
            for (index, stmt) in list.iter().enumerate() {
                if let Some(call) = direct_call(stmt, socket_init, module_locals) {
                    let result = analyse(host, list, index, call, socket_init, modules);
                    candidates.push(Candidate { call, result });
                }
            }
        },
    }
    .visit_program(program);

    match candidates.len() {
        0 => Err(host
            .error(
                program.body.first().map_or(0, |s| s.span().start),
                format!(
                    "no call to `{socket_init}(...)`: looked for the statement that creates the \
                     socket server during start-up, found none"
                ),
            )
            .with_snippet(hint, snippet)),
        1 => candidates.pop().expect("one").result.map_err(|e| match e.snippet {
            Some(_) => e,
            None => e.with_snippet(hint, snippet),
        }),
        _ => {
            let lines: Vec<String> = candidates.iter().map(|c| host.line(c.call.start).to_string()).collect();
            Err(host
                .error(
                    candidates[0].call.start,
                    format!(
                        "more than one call to `{socket_init}(...)` (lines {}): rtgen cannot tell \
                         which one starts the server",
                        lines.join(", ")
                    ),
                )
                .with_snippet(hint, snippet))
        }
    }
}

/// The socket-server call a statement makes itself: not one in a nested
/// function or block, which are statement lists of their own.
fn direct_call(stmt: &Statement<'_>, socket_init: &str, module_locals: &[String]) -> Option<Span> {
    struct Direct<'s> {
        name: &'s str,
        module_locals: &'s [String],
        found: Option<Span>,
    }
    impl<'a> Visit<'a> for Direct<'_> {
        fn visit_call_expression(&mut self, it: &CallExpression<'a>) {
            // `proposalEvents.initialize(io)` passes the server on; it never creates one.
            let on_module = matches!(it.callee.get_inner_expression(), Expression::StaticMemberExpression(m)
                if matches!(&m.object, Expression::Identifier(id) if self.module_locals.iter().any(|l| l == id.name.as_str())));
            if self.found.is_none() && it.callee_name() == Some(self.name) && !on_module {
                self.found = Some(it.span);
            }
            walk::walk_call_expression(self, it);
        }
        fn visit_new_expression(&mut self, it: &NewExpression<'a>) {
            // `new Server(...)` when the entry creates the server itself.
            let is_server = match it.callee.get_inner_expression() {
                Expression::Identifier(id) => id.name == "Server",
                Expression::StaticMemberExpression(m) => m.property.name == "Server",
                _ => false,
            };
            if self.found.is_none() && self.name == NEW_SERVER && is_server {
                self.found = Some(it.span);
            }
            walk::walk_new_expression(self, it);
        }
        fn visit_statements(&mut self, _: &oxc_allocator::Vec<'a, Statement<'a>>) {}
        fn visit_function(&mut self, _: &Function<'a>, _: oxc_semantic::ScopeFlags) {}
        fn visit_arrow_function_expression(&mut self, _: &ArrowFunctionExpression<'a>) {}
        fn visit_class(&mut self, _: &Class<'a>) {}
    }
    let mut finder = Direct { name: socket_init, module_locals, found: None };
    finder.visit_statement(stmt);
    finder.found
}

/// Finds, in the list that creates the socket server at `index`, the
/// variable holding it, the last module initialisation after it, and the
/// first `listen(...)`/`return` the new code must stay before.
fn analyse(
    host: &SourceFile<'_>,
    list: &[Statement<'_>],
    index: usize,
    call: Span,
    socket_init: &str,
    modules: &[String],
) -> Result<Site, PatchError> {
    let creates = |expr: &Expression<'_>| {
        call_of(expr).is_some_and(|c| c.span == call)
            || matches!(expr.get_inner_expression(), Expression::NewExpression(n) if n.span == call)
    };
    let Some(io) = bound_name(&list[index], creates) else {
        let call_text = host.text(call);
        let mut snippet = format!("const io = {call_text};");
        for module in modules {
            snippet.push_str(&format!("\n{module}.initialize(io);"));
        }
        return Err(host
            .error(
                call.start,
                format!(
                    "the socket server that `{socket_init}(...)` returns is not kept in a \
                     variable: looked for `const io = {socket_init}(...)`, found `{}`",
                    first_line(host.text(list[index].span()))
                ),
            )
            .with_snippet("in place of that statement", host.snippet(&snippet)));
    };
    let barrier = list.iter().position(is_barrier);
    if let Some(barrier) = barrier.filter(|&b| b <= index) {
        return Err(host.error(
            list[barrier].span().start,
            format!(
                "the server starts listening or returns (line {}) before the socket server is \
                 created (line {}): looked for `{socket_init}(...)` before any `listen(...)` or \
                 `return` in the same block, found it after",
                host.line(list[barrier].span().start),
                host.line(call.start)
            ),
        ));
    }
    let end = barrier.unwrap_or(list.len());
    let last_init = (index + 1..end).rev().find(|&j| initialises_with(&list[j], &io));
    let anchor_index = last_init.unwrap_or(index);
    Ok(Site { anchor: list[anchor_index].span(), limit: list.get(anchor_index + 1).map(|s| s.span().start), io })
}

/// `<module>.initialize(<io>);`: another module's initialisation.
fn initialises_with(stmt: &Statement<'_>, io: &str) -> bool {
    let Some(call) = statement_call(stmt) else { return false };
    let first = call.arguments.first().and_then(|a| a.as_expression());
    member_call_object(call, "initialize").is_some()
        && first.is_some_and(|a| a.get_inner_expression().is_specific_id(io))
}

/// A statement after which code in the same block may never run before the
/// server accepts connections: `return ...;`, `x.listen(...);`,
/// `const s = x.listen(...);`.
fn is_barrier(stmt: &Statement<'_>) -> bool {
    let is_listen = |expr: &Expression<'_>| {
        call_of(expr).is_some_and(|c| {
            c.callee.get_inner_expression().as_member_expression().and_then(|m| m.static_property_name())
                == Some("listen")
        })
    };
    match stmt {
        Statement::ReturnStatement(_) => true,
        Statement::ExpressionStatement(es) => is_listen(&es.expression),
        Statement::VariableDeclaration(decl) => {
            decl.declarations.iter().any(|d| d.init.as_ref().is_some_and(is_listen))
        }
        _ => false,
    }
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or(text).trim_end()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::patch::test_support::{diff, roundtrip};

    const INDEX: &str = r#"import http from "http";
import app from "./app.js";
import { initDb } from "./db/index.js";
import { initSocketServer } from "./socket/socketServer.js";
import ticketEvents from "./socket/events/ticketEvents.js";

const PORT = process.env.PORT || 4000;

const startServer = async () => {
  await initDb();
  const server = http.createServer(app);
  const io = initSocketServer(server);
  ticketEvents.initialize(io);

  server.listen(PORT, () => {
    console.log(`CRM backend listening on http://localhost:${server.address().port}`);
  });
  return server;
};

startServer();
"#;

    const FUNCTION_DECLARATION: &str = r#"import http from "http";
import app from "./app.js";
import { initSocketServer } from "./socket/socketServer.js";

async function startServer() {
  const server = http.createServer(app);
  // Sockets share the HTTP server.
  const io = initSocketServer(server); // one io per process
  server.listen(process.env.PORT || 4000);
}

startServer();
"#;

    const TOP_LEVEL: &str = "import http from \"http\";\nimport app from \"./app.js\";\nimport { initSocketServer } from \"./socket/socketServer.js\";\n\nconst server = http.createServer(app);\nconst io = initSocketServer(server);\n\nserver.listen(4000, () => console.log(\"listening\"));\n";

    const DYNAMIC: &str = r#"import http from "http";
import { initSocketServer } from "./socket/socketServer.js";

const startServer = async () => {
  const server = http.createServer();
  const io = initSocketServer(server);
  const ticketEvents = (
    await import("./socket/events/ticketEvents.js")
  ).default;
  ticketEvents.initialize(io);
  const auditEvents = (await import("./socket/events/auditEvents.js")).default;
  auditEvents.initialize(io);
  server.listen(0);
  return server;
};

startServer();
"#;

    fn module(name: &str) -> StartupModule {
        StartupModule { binding: format!("{name}Events"), specifier: format!("./socket/events/{name}Events.js") }
    }

    fn patch(names: &[&str]) -> StartupPatch {
        StartupPatch {
            modules: names.iter().map(|n| module(n)).collect(),
            socket_init: "initSocketServer".into(),
            module_system: ModuleSystem::Esm,
        }
    }

    fn run(source: &str, names: &[&str]) -> String {
        let p = patch(names);
        let path = Path::new("backend/src/index.js");
        let patched = roundtrip(source, |s| add(path, s, &p), |s| remove(path, s, &p));
        diff(source, &patched)
    }

    /// What `rtgen init` makes of a CommonJS entry with `app.listen`.
    const COMMONJS: &str = "require(\"dotenv\").config();\nconst app = require(\"./src/app\");\nconst { connectDb } = require(\"./src/db\");\nconst http = require(\"http\");\nconst { initSocketServer } = require(\"./src/socket/socketServer\");\n\nconst PORT = process.env.PORT || 5000;\n\nconnectDb().then(() => {\n  // socket.io shares the HTTP server: create it before listening.\n  const server = http.createServer(app);\n  const io = initSocketServer(server);\n  server.listen(PORT, () => console.log(`API listening on http://localhost:${PORT}`));\n});\n";

    fn commonjs_patch(names: &[&str]) -> StartupPatch {
        StartupPatch {
            modules: names
                .iter()
                .map(|n| StartupModule {
                    binding: format!("{n}Events"),
                    specifier: format!("./src/socket/events/{n}Events"),
                })
                .collect(),
            socket_init: "initSocketServer".into(),
            module_system: ModuleSystem::CommonJs,
        }
    }

    #[test]
    fn commonjs_entry_requires_each_module() {
        let p = commonjs_patch(&["proposal", "contract"]);
        let path = Path::new("server/index.js");
        let patched = roundtrip(COMMONJS, |s| add(path, s, &p), |s| remove(path, s, &p));
        assert!(!patched.contains("import"), "{patched}");
        insta::assert_snapshot!(diff(COMMONJS, &patched));
    }

    #[test]
    fn commonjs_second_module_keeps_the_first() {
        let path = Path::new("server/index.js");
        let Outcome::Changed(once) = add(path, COMMONJS, &commonjs_patch(&["proposal"])).unwrap() else { panic!() };
        let Outcome::Changed(both) = add(path, &once, &commonjs_patch(&["proposal", "contract"])).unwrap() else {
            panic!()
        };
        let Outcome::Changed(direct) = add(path, COMMONJS, &commonjs_patch(&["proposal", "contract"])).unwrap() else {
            panic!()
        };
        assert_eq!(both, direct);
        let Outcome::Changed(back) = remove(path, &both, &commonjs_patch(&["contract"])).unwrap() else { panic!() };
        assert_eq!(back, once);
    }

    #[test]
    fn arrow_start_up_after_existing_module() {
        insta::assert_snapshot!(run(INDEX, &["proposal"]));
    }

    #[test]
    fn async_function_declaration_with_comments() {
        insta::assert_snapshot!(run(FUNCTION_DECLARATION, &["proposal"]));
    }

    #[test]
    fn top_level_without_start_up_function() {
        insta::assert_snapshot!(run(TOP_LEVEL, &["proposal"]));
    }

    #[test]
    fn two_modules_at_once_keep_their_order() {
        insta::assert_snapshot!(run(INDEX, &["proposal", "contract"]));
    }

    #[test]
    fn dynamic_imports_count_as_modules() {
        insta::assert_snapshot!(run(DYNAMIC, &["proposal"]));
    }

    #[test]
    fn code_sharing_the_anchor_line_stays_after_the_insert() {
        let source = "import { initSocketServer } from \"./socket/socketServer.js\";\nconst server = makeServer();\nconst io = initSocketServer(server); /* io */ server.listen(4000);\n";
        let out = run(source, &["proposal", "contract"]);
        assert!(
            out.contains("+const io = initSocketServer(server); proposalEvents.initialize(io); contractEvents.initialize(io); /* io */ server.listen(4000);"),
            "{out}"
        );
    }

    #[test]
    fn second_module_added_later_goes_after_the_first() {
        let p1 = patch(&["proposal"]);
        let p2 = patch(&["proposal", "contract"]);
        let path = Path::new("backend/src/index.js");
        let Outcome::Changed(once) = add(path, INDEX, &p1).unwrap() else { panic!() };
        let Outcome::Changed(both) = add(path, &once, &p2).unwrap() else { panic!() };
        let Outcome::Changed(direct) = add(path, INDEX, &p2).unwrap() else { panic!() };
        assert_eq!(both, direct);
    }

    #[test]
    fn reformatted_patch_is_still_present() {
        // What Prettier with single quotes and no semicolons makes of the patch.
        let source = "import http from 'http'\nimport { initSocketServer } from './socket/socketServer.js'\nimport proposalEvents from './socket/events/proposalEvents'\n\nconst server = http.createServer()\nconst io = initSocketServer(\n  server,\n)\nproposalEvents\n  .initialize(io)\nserver.listen(4000)\n";
        let p = patch(&["proposal"]);
        assert_eq!(add(Path::new("index.js"), source, &p).unwrap(), Outcome::Unchanged);
    }

    #[test]
    fn refuses_unbound_socket_server() {
        let source = "import http from \"http\";\nimport { initSocketServer } from \"./socket/socketServer.js\";\n\nconst server = http.createServer();\ninitSocketServer(server);\nserver.listen(4000);\n";
        let error = add(Path::new("backend/src/index.js"), source, &patch(&["proposal"])).unwrap_err();
        assert_eq!((error.line, error.column), (5, 1));
        insta::assert_snapshot!(error.to_string());
    }

    #[test]
    fn refuses_missing_socket_server() {
        let source =
            "import http from \"http\";\nimport app from \"./app.js\";\n\nhttp.createServer(app).listen(4000);\n";
        let error = add(Path::new("backend/src/index.js"), source, &patch(&["proposal"])).unwrap_err();
        assert_eq!(error.line, 1);
        insta::assert_snapshot!(error.to_string());
    }

    #[test]
    fn refuses_listen_before_socket_server() {
        let source = "import http from \"http\";\nimport { initSocketServer } from \"./socket/socketServer.js\";\n\nconst server = http.createServer();\nserver.listen(4000);\nconst io = initSocketServer(server);\n";
        let error = add(Path::new("backend/src/index.js"), source, &patch(&["proposal"])).unwrap_err();
        assert_eq!(error.line, 5);
        insta::assert_snapshot!(error.to_string());
    }

    #[test]
    fn refuses_file_that_does_not_parse() {
        let source = "import http from \"http\";\n\nconst startServer = async () => {\n  const io = initSocketServer(server;\n};\n";
        let error = add(Path::new("backend/src/index.js"), source, &patch(&["proposal"])).unwrap_err();
        assert_eq!(error.line, 4);
        insta::assert_snapshot!(error.to_string());
    }
}
