//! The socket's lifecycle in the AuthContext: an effect on the user that
//! connects when a user is signed in and disconnects otherwise and on unmount,
//! and a disconnect in `logout`. It is written in the shape the module patcher
//! (`crate::patch::auth_context`) anchors on: the ready handler is registered
//! with `<socketService>.on("<ready>", handleReady)` and every teardown site is
//! a block calling `<socketService>.disconnect();`, so `rtgen add` works next.
//!
//! Anchors: the provider's user state (`const [user, setUser] = useState(...)`)
//! and the one `logout` function.

use std::path::Path;

use oxc_ast::ast::*;
use oxc_ast_visit::{walk, Visit};
use oxc_span::{GetSpan, Span};

use crate::js::splice::Splice;
use crate::patch::page::{drop_unused_use_effect, ensure_use_effect};
use crate::patch::{
    default_import_of, imports, insert_import, is_member_call, parse_host, statement_call, CallVisitor, ListVisitor,
    Outcome, PatchError, SourceFile,
};

/// How the AuthContext reaches the socket service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LifecyclePatch {
    /// The default import's name, e.g. `socketService`.
    pub binding: String,
    /// Its import source, e.g. `../services/socketService`.
    pub specifier: String,
    /// The event after which the socket is usable, e.g. `connection:ready`.
    pub ready_event: String,
    /// An expression reading the current token, e.g. `localStorage.getItem("token")`.
    pub token: String,
}

/// What `add` did, beyond the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Added {
    pub outcome: Outcome,
    /// Things the user should know (e.g. no `logout` found).
    pub notes: Vec<String>,
}

/// Names the user state takes in providers.
const USER_STATES: &[&str] = &["user", "currentUser", "authUser"];
/// Names of the function that signs the user out.
const LOGOUTS: &[&str] = &["logout", "logOut", "signOut", "signout"];

/// Adds what is missing: the import, the effect, the disconnect in `logout`.
pub fn add(path: &Path, source: &str, patch: &LifecyclePatch) -> Result<Added, PatchError> {
    let mut notes = Vec::new();
    let outcome = parse_host(path, source, |program, host| {
        let mut splice = Splice::new();
        let local = default_import_of(program, &patch.specifier).map(|(local, _)| local);
        let socket = local.clone().unwrap_or_else(|| patch.binding.clone());
        let connects = connects(program, &socket);
        // The anchors first: a refusal must come before any edit is planned.
        let state = if connects { None } else { Some(user_state(program, host, patch)?) };
        let hook = if connects { None } else { Some(ensure_use_effect(program, host, &mut splice)?) };
        if local.is_none() {
            let import = format!("import {} from \"{}\";", patch.binding, patch.specifier);
            insert_import(host, program, &mut splice, &import)?;
        }
        if let (Some(state), Some(hook)) = (state, hook) {
            let code = effect_code(&hook, &state.name, &socket, patch);
            host.insert_after(&mut splice, state.statement, state.limit, &code, true)?;
        }
        let logouts = functions_named(program, LOGOUTS);
        match logouts.as_slice() {
            [] => notes.push(format!(
                "`{}` has no `logout`: the socket disconnects when the user becomes null; if you sign out elsewhere, call `{socket}.disconnect()` there",
                host.path.display()
            )),
            [logout] => {
                if !disconnects(program, logout.body, &socket) {
                    let code = format!("{socket}.disconnect();");
                    match logout.first {
                        Some(first) => host.insert_before(&mut splice, first, &code)?,
                        None => host.insert_into_empty_block(&mut splice, logout.body, &code)?,
                    }
                }
            }
            [first, ..] => {
                let lines: Vec<String> = logouts.iter().map(|l| host.line(l.body.start).to_string()).collect();
                return Err(host
                    .error(
                        first.body.start,
                        format!(
                            "more than one `logout` (lines {}): rtgen cannot tell which one signs the user out",
                            lines.join(", ")
                        ),
                    )
                    .with_snippet("first thing in the one that signs the user out", host.snippet(&format!("{socket}.disconnect();"))));
            }
        }
        host.finish(splice)
    })?;
    Ok(Added { outcome, notes })
}

// Only `remove` uses this; `init` has no inverse command yet, and the
// tests prove `remove(add(x)) == x` for every patcher.
#[cfg_attr(not(test), allow(dead_code))]
/// Deletes the import, the effect that connects, and the disconnect at the
/// start of `logout`; `useEffect` leaves the React import when nothing else
/// uses it.
pub fn remove(path: &Path, source: &str, patch: &LifecyclePatch) -> Result<Outcome, PatchError> {
    parse_host(path, source, |program, host| {
        let mut splice = Splice::new();
        let mut spans = Vec::new();
        let socket = match default_import_of(program, &patch.specifier) {
            Some((local, span)) => {
                spans.push(span);
                local
            }
            None => patch.binding.clone(),
        };
        let mut effects = Vec::new();
        ListVisitor {
            f: |list: &[Statement<'_>]| {
                for stmt in list {
                    let Some(call) = statement_call(stmt) else { continue };
                    let is_effect = matches!(
                        call.callee.get_inner_expression(),
                        Expression::Identifier(id) if id.name == "useEffect"
                    ) || call
                        .callee
                        .get_inner_expression()
                        .as_member_expression()
                        .and_then(|m| m.static_property_name())
                        == Some("useEffect");
                    if is_effect && within_connects(call, &socket) {
                        effects.push(stmt.span());
                    }
                }
            },
        }
        .visit_program(program);
        spans.extend(effects.iter().copied());
        for logout in functions_named(program, LOGOUTS) {
            if let Some(first) = logout.first_statement_disconnect(program, &socket) {
                spans.push(first);
            }
        }
        if !effects.is_empty() {
            drop_unused_use_effect(program, host, &mut splice, &mut spans, &effects);
        }
        host.remove_statements(&mut splice, &spans);
        host.finish(splice)
    })
}

/// Whether the file calls `<socket>.connect(...)`: the lifecycle is there.
pub fn connects(program: &Program<'_>, socket: &str) -> bool {
    let mut found = false;
    CallVisitor { f: |call: &CallExpression<'_>| found |= is_member_call(call, socket, "connect") }
        .visit_program(program);
    found
}

// Only `remove` uses this; `init` has no inverse command yet, and the
// tests prove `remove(add(x)) == x` for every patcher.
#[cfg_attr(not(test), allow(dead_code))]
fn within_connects(call: &CallExpression<'_>, socket: &str) -> bool {
    let mut found = false;
    let mut visitor = CallVisitor { f: |c: &CallExpression<'_>| found |= is_member_call(c, socket, "connect") };
    for argument in &call.arguments {
        if let Some(expr) = argument.as_expression() {
            visitor.visit_expression(expr);
        }
    }
    found
}

/// The canonical effect.
fn effect_code(hook: &str, user: &str, socket: &str, patch: &LifecyclePatch) -> String {
    let ready = crate::js::literal::js_string_literal(&patch.ready_event);
    format!(
        "{hook}(() => {{
  if (!{user}) {{
    {socket}.disconnect();
    return;
  }}

  // Module services start listening here once the socket is ready (`rtgen add` adds them).
  const handleReady = () => {{}};

  {socket}.on({ready}, handleReady);
  {socket}.connect(() => {token});

  return () => {{
    {socket}.off({ready}, handleReady);
    {socket}.disconnect();
  }};
}}, [{user}]);",
        token = patch.token
    )
}

/// The statement declaring the user state, and where the next one starts.
struct UserState {
    name: String,
    statement: Span,
    limit: Option<u32>,
}

fn user_state(program: &Program<'_>, host: &SourceFile<'_>, patch: &LifecyclePatch) -> Result<UserState, PatchError> {
    let mut found = Vec::new();
    ListVisitor {
        f: |list: &[Statement<'_>]| {
            for (index, stmt) in list.iter().enumerate() {
                if let Some(name) = state_name(stmt) {
                    if USER_STATES.contains(&name.as_str()) {
                        found.push(UserState {
                            name,
                            statement: stmt.span(),
                            limit: list.get(index + 1).map(|s| s.span().start),
                        });
                    }
                }
            }
        },
    }
    .visit_program(program);
    let snippet = || host.snippet(&effect_code("useEffect", "user", &patch.binding, patch));
    match found.len() {
        1 => Ok(found.pop().expect("one")),
        0 => Err(host
            .error(
                imports(program).last().map_or(0, |d| d.span.start),
                "no user state: looked for `const [user, setUser] = useState(...)` (or `currentUser`, \
                 `authUser`) in the provider, found none",
            )
            .with_snippet("in the provider, after its user state", snippet())),
        _ => {
            let lines: Vec<String> = found.iter().map(|s| host.line(s.statement.start).to_string()).collect();
            Err(host
                .error(
                    found[0].statement.start,
                    format!(
                        "more than one user state (lines {}): rtgen cannot tell which one the socket follows",
                        lines.join(", ")
                    ),
                )
                .with_snippet("in the provider, after its user state", snippet()))
        }
    }
}

/// `const [name, setName] = useState(...)` (or `React.useState`) -> `name`.
fn state_name(stmt: &Statement<'_>) -> Option<String> {
    let Statement::VariableDeclaration(decl) = stmt else { return None };
    let [declarator] = decl.declarations.as_slice() else { return None };
    let BindingPattern::ArrayPattern(pattern) = &declarator.id else { return None };
    let Some(Some(BindingPattern::BindingIdentifier(first))) = pattern.elements.first() else { return None };
    let Expression::CallExpression(call) = declarator.init.as_ref()?.get_inner_expression() else { return None };
    let is_use_state = match call.callee.get_inner_expression() {
        Expression::Identifier(id) => id.name == "useState",
        callee => callee.as_member_expression().and_then(|m| m.static_property_name()) == Some("useState"),
    };
    is_use_state.then(|| first.name.to_string())
}

/// A function found by name: its body's braces and first statement.
struct Function {
    body: Span,
    first: Option<u32>,
}

impl Function {
    // Only `remove` uses this; `init` has no inverse command yet, and the
    // tests prove `remove(add(x)) == x` for every patcher.
    #[cfg_attr(not(test), allow(dead_code))]
    /// The body's first statement when it is `<socket>.disconnect();`.
    fn first_statement_disconnect(&self, program: &Program<'_>, socket: &str) -> Option<Span> {
        let mut found = None;
        ListVisitor {
            f: |list: &[Statement<'_>]| {
                if let Some(first) = list.first() {
                    if first.span().start == self.first.unwrap_or(u32::MAX)
                        && statement_call(first).is_some_and(|c| is_member_call(c, socket, "disconnect"))
                    {
                        found = Some(first.span());
                    }
                }
            },
        }
        .visit_program(program);
        found
    }
}

/// Functions declared under one of `names`: `function logout() {}`,
/// `const logout = () => {}`, `const logout = useCallback(() => {}, [])`.
fn functions_named(program: &Program<'_>, names: &[&str]) -> Vec<Function> {
    struct Finder<'s> {
        names: &'s [&'s str],
        found: Vec<Function>,
    }
    fn of(body: &FunctionBody<'_>) -> Function {
        Function { body: body.span, first: body.statements.first().map(|s| s.span().start) }
    }
    fn body_of<'b, 'a>(expr: &'b Expression<'a>) -> Option<&'b FunctionBody<'a>> {
        match expr.get_inner_expression() {
            Expression::ArrowFunctionExpression(arrow) => arrow.body.as_function_body(),
            Expression::FunctionExpression(func) => func.body.as_deref(),
            Expression::CallExpression(call) => {
                call.arguments.first().and_then(|a| a.as_expression()).and_then(body_of)
            }
            _ => None,
        }
    }
    impl<'a> Visit<'a> for Finder<'_> {
        fn visit_function(&mut self, it: &oxc_ast::ast::Function<'a>, flags: oxc_semantic::ScopeFlags) {
            if it.id.as_ref().is_some_and(|id| self.names.contains(&id.name.as_str())) {
                if let Some(body) = &it.body {
                    self.found.push(of(body));
                }
            }
            walk::walk_function(self, it, flags);
        }

        fn visit_variable_declarator(&mut self, it: &VariableDeclarator<'a>) {
            if let (BindingPattern::BindingIdentifier(id), Some(init)) = (&it.id, &it.init) {
                if self.names.contains(&id.name.as_str()) {
                    if let Some(body) = body_of(init) {
                        self.found.push(of(body));
                    }
                }
            }
            walk::walk_variable_declarator(self, it);
        }
    }
    let mut finder = Finder { names, found: Vec::new() };
    finder.visit_program(program);
    finder.found
}

/// Whether the function whose body is at `body` has a
/// `<socket>.disconnect();` statement (at any depth).
fn disconnects(program: &Program<'_>, body: Span, socket: &str) -> bool {
    let mut found = false;
    ListVisitor {
        f: |list: &[Statement<'_>]| {
            for stmt in list {
                let inside = body.start <= stmt.span().start && stmt.span().end <= body.end;
                found |= inside && statement_call(stmt).is_some_and(|c| is_member_call(c, socket, "disconnect"));
            }
        },
    }
    .visit_program(program);
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::patch::auth_context::{self, AuthContextPatch, AuthModule};
    use crate::patch::test_support::{diff, roundtrip};

    const PATH: &str = "front/src/admin/contexts/AuthContext.jsx";

    fn patch() -> LifecyclePatch {
        LifecyclePatch {
            binding: "socketService".into(),
            specifier: "../services/socketService".into(),
            ready_event: "connection:ready".into(),
            token: "localStorage.getItem(\"token\")".into(),
        }
    }

    fn added(source: &str) -> Outcome {
        add(Path::new(PATH), source, &patch()).unwrap_or_else(|e| panic!("{e}")).outcome
    }

    fn run(source: &str) -> String {
        let p = patch();
        let path = Path::new(PATH);
        let patched = roundtrip(source, |s| add(path, s, &p).map(|a| a.outcome), |s| remove(path, s, &p));
        diff(source, &patched)
    }

    /// examples/plain's AuthContext.
    const PLAIN: &str = r#"import { createContext, useContext, useState } from "react";
import { api } from "../services/api";

const AuthContext = createContext(null);

export const AuthProvider = ({ children }) => {
  const [user, setUser] = useState(null);

  const login = async (email, password) => {
    const { token, user: signedIn } = await api.post("/api/auth/login", { email, password });
    localStorage.setItem("token", token);
    setUser(signedIn);
  };

  const logout = () => {
    localStorage.removeItem("token");
    setUser(null);
  };

  return <AuthContext.Provider value={{ user, login, logout }}>{children}</AuthContext.Provider>;
};

export const useAuth = () => useContext(AuthContext);
"#;

    #[test]
    fn arrow_provider_gets_the_effect_and_the_logout_disconnect() {
        insta::assert_snapshot!(run(PLAIN));
    }

    #[test]
    fn function_provider_with_react_default_import_and_async_logout() {
        let source = "import React from 'react'\nimport api from '../services/api'\n\nexport function AuthProvider({ children }) {\n    const [currentUser, setCurrentUser] = React.useState(null)\n\n    async function logout() {\n        try {\n            await api.post('/auth/logout')\n        } finally {\n            setCurrentUser(null)\n        }\n    }\n\n    return children\n}\n";
        insta::assert_snapshot!(run(source));
    }

    #[test]
    fn then_the_module_patcher_finds_its_anchors() {
        let Outcome::Changed(text) = added(PLAIN) else { panic!("unchanged") };
        let modules = AuthContextPatch {
            modules: vec![AuthModule {
                binding: "proposalSocketService".into(),
                specifier: "../services/proposalSocketService".into(),
            }],
            socket_service_stem: "socketService".into(),
            ready_event: "connection:ready".into(),
        };
        let path = Path::new(PATH);
        let with_module =
            roundtrip(&text, |s| auth_context::add(path, s, &modules), |s| auth_context::remove(path, s, &modules));
        // The ready handler and all three teardown sites.
        assert!(
            with_module.contains("const handleReady = () => {\n      proposalSocketService.initialize();\n    };"),
            "{with_module}"
        );
        assert_eq!(with_module.matches("proposalSocketService.cleanup();").count(), 3, "{with_module}");
    }

    #[test]
    fn without_logout_it_says_so() {
        let source = "import { useState } from \"react\";\n\nexport const AuthProvider = ({ children }) => {\n  const [user] = useState(null);\n  return children;\n};\n";
        let result = add(Path::new(PATH), source, &patch()).unwrap();
        assert!(matches!(result.outcome, Outcome::Changed(_)));
        assert_eq!(result.notes.len(), 1, "{:?}", result.notes);
        assert!(result.notes[0].contains("has no `logout`"));
    }

    #[test]
    fn refuses_a_provider_without_user_state() {
        let source = "import { useState } from \"react\";\n\nexport const AuthProvider = ({ children }) => {\n  const [session, setSession] = useState(null);\n  return children;\n};\n";
        let error = add(Path::new(PATH), source, &patch()).unwrap_err();
        insta::assert_snapshot!(error.to_string());
    }

    #[test]
    fn reformatted_lifecycle_is_still_present() {
        let Outcome::Changed(text) = added(PLAIN) else { panic!("unchanged") };
        let reformatted = text.replace(
            "socketService.connect(() => localStorage.getItem(\"token\"));",
            "socketService.connect(\n      () => localStorage.getItem(\"token\"),\n    );",
        );
        assert_ne!(reformatted, text);
        assert_eq!(added(&reformatted), Outcome::Unchanged);
    }
}
