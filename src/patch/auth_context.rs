//! Step 6 of the recipe: the AuthContext initialises each module's socket
//! service when the socket becomes ready, and cleans it up wherever the
//! socket is torn down.
//!
//! Anchors: the one handler registered with
//! `<socketService>.on("<ready event>", handler)` (inline, or a function
//! declared in the file), and every statement list that calls
//! `<socketService>.disconnect()` (effect cleanup, the no-user branch,
//! `logout` in any of its shapes). Hand edits make those sites drift apart,
//! so each one is checked and repaired on its own.

use std::path::Path;

use oxc_ast::ast::*;
use oxc_ast_visit::{walk, Visit};
use oxc_span::{GetSpan, Span};

use super::{
    default_import_of, import_stem, imports, insert_import, is_member_call, member_call_object, parse_host,
    statement_call, static_string, CallVisitor, DefaultImports, ListVisitor, Outcome, PatchError, SourceFile,
};
use crate::js::splice::Splice;

/// One module's frontend socket service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthModule {
    /// The default import's name, e.g. `proposalSocketService`.
    pub binding: String,
    /// Its import source, e.g. `../services/proposalSocketService`.
    pub specifier: String,
}

/// The modules to wire in, and how the host names its socket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthContextPatch {
    pub modules: Vec<AuthModule>,
    /// File stem of the shared socket service, e.g. `socketService`.
    pub socket_service_stem: String,
    /// The event after which the socket is usable, e.g. `connection:ready`.
    pub ready_event: String,
}

/// Imports each module's service, initialises it in the ready handler and
/// cleans it up at every teardown site; only what is missing is added, in
/// the order given, after what is there.
pub fn add(path: &Path, source: &str, patch: &AuthContextPatch) -> Result<Outcome, PatchError> {
    parse_host(path, source, |program, host| {
        let socket = socket_binding(program, host, &patch.socket_service_stem)?;
        let mut splice = Splice::new();
        let mut locals = Vec::new();
        let imported = DefaultImports::of(program);
        for module in &patch.modules {
            let local = match imported.get(&module.specifier) {
                Some((local, _)) => local,
                None => {
                    let import = format!("import {} from \"{}\";", module.binding, module.specifier);
                    insert_import(host, program, &mut splice, &import)?;
                    module.binding.clone()
                }
            };
            locals.push(local);
        }

        // Initialised somewhere already (say by hand in one of two ready
        // handlers rtgen could not choose between): nothing to find or add.
        let mut initialized = std::collections::HashSet::new();
        CallVisitor {
            f: |call: &CallExpression<'_>| {
                if let Some(object) = member_call_object(call, "initialize") {
                    initialized.insert(object.to_string());
                }
            },
        }
        .visit_program(program);
        let all_initialized = locals.iter().all(|local| initialized.contains(local));
        if !all_initialized {
            let handler = ready_handler(program, host, &socket, &patch.ready_event, &locals)?;
            let missing: Vec<String> = locals
                .iter()
                .zip(&handler.present)
                .filter(|(_, present)| !**present)
                .map(|(local, _)| format!("{local}.initialize();"))
                .collect();
            match handler.last {
                Some(last) => {
                    for code in &missing {
                        host.insert_after(&mut splice, last, Some(handler.body.end - 1), code, false)?;
                    }
                }
                // An empty handler is filled once: two fills of the same braces would interleave.
                None => host.insert_into_empty_block(&mut splice, handler.body, &missing.join("\n"))?,
            }
        }

        let sites = teardown_sites(program, host, &socket, &locals)?;
        for site in &sites {
            for (local, present) in locals.iter().zip(&site.present) {
                if !present {
                    let code = format!("{local}.cleanup();");
                    host.insert_before(&mut splice, site.disconnect.start, &code)?;
                }
            }
        }
        host.finish(splice)
    })
}

/// Deletes each module's import, `initialize()` and `cleanup()` calls.
pub fn remove(path: &Path, source: &str, patch: &AuthContextPatch) -> Result<Outcome, PatchError> {
    parse_host(path, source, |program, host| {
        let mut spans = Vec::new();
        for module in &patch.modules {
            let local = match default_import_of(program, &module.specifier) {
                Some((local, span)) => {
                    spans.push(span);
                    local
                }
                None => module.binding.clone(),
            };
            ListVisitor {
                f: |list: &[Statement<'_>]| {
                    for stmt in list {
                        let calls = |property| {
                            statement_call(stmt).is_some_and(|c| member_call_object(c, property) == Some(&local))
                        };
                        if calls("initialize") || calls("cleanup") {
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

/// The local name of the shared socket service's default import.
fn socket_binding(program: &Program<'_>, host: &SourceFile<'_>, stem: &str) -> Result<String, PatchError> {
    let all = imports(program);
    for decl in &all {
        if import_stem(decl.source.value.as_str()) != stem {
            continue;
        }
        let default = decl.specifiers.iter().flatten().find_map(|s| match s {
            ImportDeclarationSpecifier::ImportDefaultSpecifier(d) => Some(d.local.name.as_str()),
            _ => None,
        });
        if let Some(local) = default {
            return Ok(local.to_string());
        }
    }
    let found = crate::error::backticked(all.iter().map(|d| d.source.value.as_str()), ", ");
    Err(host.error(
        all.first().map_or(0, |d| d.span.start),
        format!(
            "no import of the socket service `{stem}`: looked for a default import whose source \
             ends in `{stem}`, found {}; set the socket service's path in `rtgen.yaml`",
            if found.is_empty() { "no imports".to_string() } else { found }
        ),
    ))
}

/// A function body rtgen adds statements to.
struct Body {
    /// From `{` to `}`.
    span: Span,
    /// The last statement, if any.
    last: Option<Span>,
}

impl Body {
    fn of(body: &FunctionBody<'_>) -> Self {
        Body { span: body.span, last: body.statements.last().map(|s| s.span()) }
    }
}

/// The ready handler's body, and which modules it initialises already.
struct Handler {
    body: Span,
    last: Option<Span>,
    present: Vec<bool>,
}

/// What the second argument of a ready registration is.
enum HandlerArg {
    Inline(Body, Vec<bool>),
    Named(String),
    /// An arrow with an expression body, or something that is no function.
    Unusable(Span),
}

fn ready_handler(
    program: &Program<'_>,
    host: &SourceFile<'_>,
    socket: &str,
    event: &str,
    locals: &[String],
) -> Result<Handler, PatchError> {
    let snippet: Vec<String> = locals.iter().map(|l| format!("{l}.initialize();")).collect();
    let snippet = host.snippet(&snippet.join("\n"));
    let hint = "where the socket becomes ready";

    let mut registrations: Vec<(Span, HandlerArg)> = Vec::new();
    let mut other_events: Vec<(String, Span)> = Vec::new();
    let mut connect = None;
    CallVisitor {
        f: |call: &CallExpression<'_>| {
            if is_member_call(call, socket, "connect") && connect.is_none() {
                connect = Some(call.span);
            }
            if !is_member_call(call, socket, "on") {
                return;
            }
            match call.arguments.first().and_then(static_string) {
                Some(name) if name == event => {
                    let arg = call.arguments.get(1).and_then(|a| a.as_expression());
                    registrations.push((call.span, classify(arg, call.span, locals)));
                }
                Some(name) => other_events.push((name.to_string(), call.span)),
                None => {}
            }
        },
    }
    .visit_program(program);

    let looked_for = format!("`{socket}.on(\"{event}\", ...)`");
    let (registration, arg) = match registrations.len() {
        0 => {
            let found = if other_events.is_empty() {
                "found none".to_string()
            } else {
                let list: Vec<String> = other_events
                    .iter()
                    .map(|(name, span)| format!("`{name}` (line {})", host.line(span.start)))
                    .collect();
                format!("found handlers for {} only", list.join(", "))
            };
            let at = connect.map_or_else(|| imports(program).last().map_or(0, |d| d.span.start), |span| span.start);
            return Err(host
                .error(at, format!("no handler for the ready event `{event}`: looked for {looked_for}, {found}"))
                .with_snippet(hint, snippet));
        }
        1 => registrations.pop().expect("one"),
        _ => {
            let lines: Vec<String> = registrations.iter().map(|(s, _)| host.line(s.start).to_string()).collect();
            return Err(host
                .error(
                    registrations[0].0.start,
                    format!(
                        "more than one handler for the ready event `{event}`: looked for one \
                         {looked_for}, found them at lines {}",
                        lines.join(", ")
                    ),
                )
                .with_snippet(hint, snippet));
        }
    };

    registered_handler(program, host, registration, arg, locals, event, snippet)
}

/// The body of the handler registered at `registration`: inline, or the one
/// function of that name declared in the file.
fn registered_handler(
    program: &Program<'_>,
    host: &SourceFile<'_>,
    registration: Span,
    arg: HandlerArg,
    locals: &[String],
    event: &str,
    snippet: String,
) -> Result<Handler, PatchError> {
    let hint = "where the socket becomes ready";
    match arg {
        HandlerArg::Inline(body, present) => Ok(Handler { body: body.span, last: body.last, present }),
        HandlerArg::Named(name) => {
            let mut found: Vec<(Body, Vec<bool>)> = Vec::new();
            let mut finder = NamedFunction { name: &name, locals, found: &mut found };
            finder.visit_program(program);
            match found.len() {
                1 => {
                    let (body, present) = found.pop().expect("one");
                    Ok(Handler { body: body.span, last: body.last, present })
                }
                0 => Err(host
                    .error(
                        registration.start,
                        format!(
                            "the ready handler `{name}` is not a function declared in this \
                             file: looked for `const {name} = () => {{...}}` or \
                             `function {name}() {{...}}`, found none"
                        ),
                    )
                    .with_snippet(format!("in `{name}`"), snippet)),
                _ => Err(host
                    .error(
                        registration.start,
                        format!(
                            "the ready handler `{name}` is declared more than once in this file: \
                             rtgen cannot tell which one is registered"
                        ),
                    )
                    .with_snippet(format!("in the `{name}` registered for `{event}`"), snippet)),
            }
        }
        HandlerArg::Unusable(span) => Err(host
            .error(
                span.start,
                format!(
                    "the ready handler for `{event}` has no block body to add to: looked for a \
                     function with `{{ ... }}`, found `{}`",
                    host.text(span).lines().next().unwrap_or_default()
                ),
            )
            .with_snippet(hint, snippet)),
    }
}

/// What a registration's handler argument is.
fn classify(arg: Option<&Expression<'_>>, call: Span, locals: &[String]) -> HandlerArg {
    let Some(arg) = arg else {
        return HandlerArg::Unusable(call);
    };
    if let Expression::Identifier(id) = arg.get_inner_expression() {
        return HandlerArg::Named(id.name.as_str().to_string());
    }
    match function_body(arg) {
        Some(body) => HandlerArg::Inline(Body::of(body), initialised(body, locals)),
        None => HandlerArg::Unusable(arg.span()),
    }
}

/// The block body of a function expression, an arrow, or one wrapped in a
/// hook call (`useCallback(() => {...}, [])`).
fn function_body<'b, 'a>(expr: &'b Expression<'a>) -> Option<&'b FunctionBody<'a>> {
    match expr.get_inner_expression() {
        Expression::ArrowFunctionExpression(arrow) => arrow.body.as_function_body(),
        Expression::FunctionExpression(func) => func.body.as_deref(),
        Expression::CallExpression(call) => {
            call.arguments.first().and_then(|a| a.as_expression()).and_then(function_body)
        }
        _ => None,
    }
}

/// For each module: does the body call `<module>.initialize()` (at any depth)?
fn initialised(body: &FunctionBody<'_>, locals: &[String]) -> Vec<bool> {
    let mut called = std::collections::HashSet::new();
    let mut visitor = ListVisitor {
        f: |list: &[Statement<'_>]| {
            for stmt in list {
                if let Some(object) = statement_call(stmt).and_then(|call| member_call_object(call, "initialize")) {
                    called.insert(object.to_string());
                }
            }
        },
    };
    visitor.visit_function_body(body);
    locals.iter().map(|local| called.contains(local)).collect()
}

/// Finds functions declared under a name: `function name() {}`,
/// `const name = () => {}`, `const name = useCallback(() => {}, [])`.
struct NamedFunction<'s> {
    name: &'s str,
    locals: &'s [String],
    found: &'s mut Vec<(Body, Vec<bool>)>,
}

impl<'a> Visit<'a> for NamedFunction<'_> {
    fn visit_function(&mut self, it: &Function<'a>, flags: oxc_semantic::ScopeFlags) {
        if it.id.as_ref().is_some_and(|id| id.name == self.name) {
            if let Some(body) = &it.body {
                self.found.push((Body::of(body), initialised(body, self.locals)));
            }
        }
        walk::walk_function(self, it, flags);
    }

    fn visit_variable_declarator(&mut self, it: &VariableDeclarator<'a>) {
        if let (BindingPattern::BindingIdentifier(id), Some(init)) = (&it.id, &it.init) {
            if id.name == self.name {
                if let Some(body) = function_body(init) {
                    self.found.push((Body::of(body), initialised(body, self.locals)));
                }
            }
        }
        walk::walk_variable_declarator(self, it);
    }
}

/// A statement list that tears the socket down.
struct Teardown {
    /// The first `<socket>.disconnect();` statement in the list.
    disconnect: Span,
    /// For each module: does the list already call `<module>.cleanup()`?
    present: Vec<bool>,
}

fn teardown_sites(
    program: &Program<'_>,
    host: &SourceFile<'_>,
    socket: &str,
    locals: &[String],
) -> Result<Vec<Teardown>, PatchError> {
    let mut sites = Vec::new();
    let mut statements = Vec::new();
    ListVisitor {
        f: |list: &[Statement<'_>]| {
            let disconnects: Vec<Span> = list
                .iter()
                .filter_map(|stmt| {
                    statement_call(stmt)
                        .filter(|c| is_member_call(c, socket, "disconnect"))
                        .map(|c| c.span)
                        .map(|_| stmt.span())
                })
                .collect();
            let Some(first) = disconnects.first() else { return };
            let cleaned: std::collections::HashSet<&str> = list
                .iter()
                .filter_map(|stmt| statement_call(stmt).and_then(|c| member_call_object(c, "cleanup")))
                .collect();
            let present = locals.iter().map(|local| cleaned.contains(local.as_str())).collect();
            sites.push(Teardown { disconnect: *first, present });
            statements.extend(disconnects);
        },
    }
    .visit_program(program);

    let snippet: Vec<String> = locals.iter().map(|l| format!("{l}.cleanup();")).collect();
    let snippet = host.snippet(&snippet.join("\n"));
    let hint = format!("before each `{socket}.disconnect()`");

    // A disconnect that is not a statement of its own (`() => s.disconnect()`,
    // `a && s.disconnect()`) is a teardown site rtgen cannot extend.
    let mut stray = None;
    CallVisitor {
        f: |call: &CallExpression<'_>| {
            if stray.is_none()
                && is_member_call(call, socket, "disconnect")
                && !statements.iter().any(|s: &Span| s.start <= call.span.start && call.span.end <= s.end)
            {
                stray = Some(call.span);
            }
        },
    }
    .visit_program(program);
    if let Some(span) = stray {
        return Err(host
            .error(
                span.start,
                format!(
                    "the socket is torn down by `{}` inside an expression: rtgen adds cleanups \
                     before `{socket}.disconnect();` statements only; make it a statement in a \
                     block",
                    host.text(span)
                ),
            )
            .with_snippet(hint, snippet));
    }
    if sites.is_empty() {
        let at = imports(program)
            .iter()
            .find(|d| d.specifiers.iter().flatten().any(|s| s.local().name == socket))
            .map_or(0, |d| d.span.start);
        return Err(host
            .error(
                at,
                format!(
                    "no teardown of the socket: looked for `{socket}.disconnect();` statements, \
                     found none"
                ),
            )
            .with_snippet(format!("wherever the socket is torn down, {hint}"), snippet));
    }
    Ok(sites)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::patch::test_support::{diff, roundtrip};

    /// The example app's AuthContext: arrow provider, named ready handler,
    /// three teardown sites.
    const ARROW: &str = r#"import { createContext, useContext, useEffect, useState } from "react";
import { api } from "../services/api";
import socketService from "../services/socketService";
import ticketSocketService from "../services/ticketSocketService";

const AuthContext = createContext(null);

export const AuthProvider = ({ children }) => {
  const [user, setUser] = useState(() => JSON.parse(localStorage.getItem("user") || "null"));

  useEffect(() => {
    if (!user) {
      ticketSocketService.cleanup();
      socketService.disconnect();
      return;
    }

    const handleReady = () => {
      ticketSocketService.initialize();
    };

    socketService.on("connection:ready", handleReady);
    socketService.connect(localStorage.getItem("token"));

    return () => {
      socketService.off("connection:ready", handleReady);
      ticketSocketService.cleanup();
      socketService.disconnect();
    };
  }, [user]);

  const login = async (email, password) => {
    const { data } = await api.post("/auth/login", { email, password });
    setUser(data.user);
  };

  const logout = () => {
    ticketSocketService.cleanup();
    socketService.disconnect();
    localStorage.removeItem("token");
    localStorage.removeItem("user");
    setUser(null);
  };

  return <AuthContext.Provider value={{ user, login, logout }}>{children}</AuthContext.Provider>;
};

export const useAuth = () => useContext(AuthContext);
"#;

    /// Function-declaration provider, inline ready handler, `useCallback`
    /// logout, teardown without any module yet.
    const FUNCTION: &str = r#"import { createContext, useCallback, useEffect, useState } from "react";
import socketService from "../services/socketService.js";

export const AuthContext = createContext(null);

export function AuthProvider({ children }) {
  const [user, setUser] = useState(null);

  useEffect(() => {
    if (!user) return;
    socketService.on("connection:ready", () => {
      console.debug("socket ready"); // nothing else yet
    });
    socketService.connect();
    return () => {
      socketService.disconnect();
    };
  }, [user]);

  const logout = useCallback(() => {
    socketService.disconnect();
    setUser(null);
  }, []);

  return <AuthContext.Provider value={{ user, logout }}>{children}</AuthContext.Provider>;
}
"#;

    /// `function handleReady() {}` and an async logout with try/finally.
    const ASYNC_LOGOUT: &str = r#"import { createContext, useEffect, useState } from "react";
import socketService from "../services/socketService";
import { api } from "../services/api";

const AuthContext = createContext(null);

function handleReady() {}

export function AuthProvider({ children }) {
  const [user, setUser] = useState(null);

  useEffect(() => {
    socketService.on("connection:ready", handleReady);
    return () => socketService.off("connection:ready", handleReady);
  }, []);

  async function logout() {
    try {
      await api.post("/auth/logout");
    } finally {
      socketService.disconnect();
      setUser(null);
    }
  }

  return <AuthContext.Provider value={{ user, logout }}>{children}</AuthContext.Provider>;
}
"#;

    /// Single quotes, no semicolons, four spaces (CRLF is added by the test).
    const FOUR_SPACES: &str = "import { createContext, useEffect, useState } from 'react'\nimport socketService from '../services/socketService'\n\nexport const AuthProvider = ({ children }) => {\n    const [user, setUser] = useState(null)\n\n    useEffect(() => {\n        const handleReady = () => {\n            console.log('ready')\n        }\n        socketService.on('connection:ready', handleReady)\n        return () => {\n            socketService.disconnect()\n        }\n    }, [user])\n\n    const logout = () => {\n        socketService.disconnect()\n        setUser(null)\n    }\n\n    return children\n}\n";

    fn module(name: &str) -> AuthModule {
        AuthModule { binding: format!("{name}SocketService"), specifier: format!("../services/{name}SocketService") }
    }

    fn patch(names: &[&str]) -> AuthContextPatch {
        AuthContextPatch {
            modules: names.iter().map(|n| module(n)).collect(),
            socket_service_stem: "socketService".into(),
            ready_event: "connection:ready".into(),
        }
    }

    const PATH: &str = "front/src/admin/contexts/AuthContext.jsx";

    fn run(source: &str, names: &[&str]) -> String {
        let p = patch(names);
        let path = Path::new(PATH);
        let patched = roundtrip(source, |s| add(path, s, &p), |s| remove(path, s, &p));
        diff(source, &patched)
    }

    fn patched(source: &str, names: &[&str]) -> String {
        match add(Path::new(PATH), source, &patch(names)).unwrap() {
            Outcome::Changed(text) => text,
            Outcome::Unchanged => panic!("unchanged"),
        }
    }

    #[test]
    fn arrow_provider_with_named_handler() {
        insta::assert_snapshot!(run(ARROW, &["proposal"]));
    }

    #[test]
    fn function_provider_inline_handler_use_callback_logout() {
        insta::assert_snapshot!(run(FUNCTION, &["proposal"]));
    }

    #[test]
    fn empty_handler_declaration_and_async_logout_with_finally() {
        insta::assert_snapshot!(run(ASYNC_LOGOUT, &["proposal"]));
    }

    /// Regression: two modules at once into an empty ready handler (the one
    /// `rtgen init` scaffolds) gave an indented blank line between them, and
    /// a tree other than one module after the other.
    #[test]
    fn two_modules_at_once_into_an_empty_handler_equal_one_after_the_other() {
        let at_once = patched(ASYNC_LOGOUT, &["proposal", "contract"]);
        let one = patched(ASYNC_LOGOUT, &["proposal"]);
        let two = patched(&one, &["proposal", "contract"]);
        assert_eq!(at_once, two);
        assert!(!at_once.lines().any(|l| !l.is_empty() && l.trim().is_empty()), "{at_once}");
    }

    #[test]
    fn two_modules_at_once() {
        insta::assert_snapshot!(run(ARROW, &["proposal", "contract"]));
    }

    #[test]
    fn crlf_four_spaces_single_quotes_no_semicolons() {
        let source = FOUR_SPACES.replace('\n', "\r\n");
        let out = run(&source, &["proposal"]);
        let text = patched(&source, &["proposal"]);
        // Every line break in the result is still CRLF.
        assert_eq!(text.matches('\n').count(), text.matches("\r\n").count());
        assert!(text.contains("\r\n            proposalSocketService.initialize()\r\n"));
        assert!(text.contains("import proposalSocketService from '../services/proposalSocketService'\r\n"));
        insta::assert_snapshot!(out);
    }

    #[test]
    fn repairs_a_site_that_drifted() {
        // Someone removed the module's cleanup from `logout` by hand.
        let full = patched(ARROW, &["proposal"]);
        let drifted = full.replacen(
            "    ticketSocketService.cleanup();\n    proposalSocketService.cleanup();\n    socketService.disconnect();\n    localStorage",
            "    ticketSocketService.cleanup();\n    socketService.disconnect();\n    localStorage",
            1,
        );
        assert_ne!(drifted, full);
        assert_eq!(add(Path::new(PATH), &drifted, &patch(&["proposal"])).unwrap(), Outcome::Changed(full));
    }

    #[test]
    fn second_module_added_later_goes_after_the_first() {
        let once = patched(ARROW, &["proposal"]);
        let both = patched(&once, &["proposal", "contract"]);
        assert_eq!(both, patched(ARROW, &["proposal", "contract"]));
    }

    #[test]
    fn reformatted_patch_is_still_present() {
        // The patched example as Prettier would print it with single quotes,
        // no semicolons and a narrow print width.
        let source = r#"import { createContext, useEffect, useState } from 'react'
import socketService from '../services/socketService'
import {
  default as unused,
} from '../services/api'
import proposalSocketService
  from '../services/proposalSocketService.js'

export const AuthProvider = ({ children }) => {
  const [user, setUser] = useState(null)
  useEffect(() => {
    if (!user) {
      proposalSocketService.cleanup(); socketService.disconnect()
      return
    }
    const handleReady = () => {
      if (user) {
        proposalSocketService
          .initialize()
      }
    }
    socketService.on(
      'connection:ready',
      handleReady,
    )
    return () => {
      proposalSocketService.cleanup()
      socketService.disconnect()
    }
  }, [user])
  return children
}
"#;
        assert_eq!(add(Path::new(PATH), source, &patch(&["proposal"])).unwrap(), Outcome::Unchanged);
    }

    #[test]
    fn refuses_without_ready_handler() {
        let source = ARROW.replace(
            "    socketService.on(\"connection:ready\", handleReady);\n",
            "    socketService.on(\"connection:success\", handleReady);\n",
        );
        let error = add(Path::new(PATH), &source, &patch(&["proposal"])).unwrap_err();
        assert_eq!(error.line, 23);
        insta::assert_snapshot!(error.to_string());
    }

    #[test]
    fn refuses_two_ready_handlers() {
        let source = ARROW.replace(
            "    socketService.connect(",
            "    socketService.on(\"connection:ready\", () => {});\n    socketService.connect(",
        );
        let error = add(Path::new(PATH), &source, &patch(&["proposal"])).unwrap_err();
        assert_eq!(error.line, 22);
        insta::assert_snapshot!(error.to_string());
        // Regression: after following the advice (import + initialize by hand in
        // one handler), add must go on with the rest instead of refusing again.
        let by_hand = source
            .replace(
                "import ticketSocketService",
                "import proposalSocketService from \"../services/proposalSocketService\";\nimport ticketSocketService",
            )
            .replace("    socketService.on(\"connection:ready\", () => {});", "    socketService.on(\"connection:ready\", () => {\n      proposalSocketService.initialize();\n    });");
        let Outcome::Changed(done) = add(Path::new(PATH), &by_hand, &patch(&["proposal"])).unwrap() else {
            panic!("the cleanups were not added")
        };
        assert_eq!(done.matches("proposalSocketService.cleanup();").count(), 3);
        assert_eq!(add(Path::new(PATH), &done, &patch(&["proposal"])).unwrap(), Outcome::Unchanged);
    }

    #[test]
    fn refuses_disconnect_inside_an_expression() {
        let source = FUNCTION.replace(
            "    return () => {\n      socketService.disconnect();\n    };\n",
            "    return () => socketService.disconnect();\n",
        );
        let error = add(Path::new(PATH), &source, &patch(&["proposal"])).unwrap_err();
        assert_eq!(error.line, 15);
        insta::assert_snapshot!(error.to_string());
    }

    #[test]
    fn refuses_duplicate_import() {
        let source =
            ARROW.replace("import { api }", "import socketService from \"../services/socketService\";\nimport { api }");
        let error = add(Path::new(PATH), &source, &patch(&["proposal"])).unwrap_err();
        assert_eq!(error.line, 4);
        insta::assert_snapshot!(error.to_string());
    }
}
