//! Where a page's list lives when it is not the page's own `useState`, read
//! from the page and the files it imports: a TanStack Query key (in the page,
//! or in a custom hook such as `useLeads()` defined in another file), a
//! zustand store's reload action, or a Redux thunk the page dispatches on
//! mount. Each is taken only when the file that defines it says so; anything
//! else is left to the page's loader, or to the user (`plan::page`'s warning).

use oxc_ast::ast::*;
use oxc_ast_visit::{walk, Visit};

use super::page::{PageAnchors, Resolve};
use super::{call_of, imports, statement_call};

/// The module's names as a page's data carries them.
pub(super) struct ListNames<'n> {
    /// `Leads`.
    pub plural_pascal: &'n str,
    /// `Lead`.
    pub pascal: &'n str,
}

impl ListNames<'_> {
    /// Whether a query key's first element names the module (`"leads"`, `"lead"`, `"contract-requests"`).
    fn is_module_key(&self, key: &str) -> bool {
        let norm = |s: &str| s.chars().filter(|c| c.is_ascii_alphanumeric()).collect::<String>().to_ascii_lowercase();
        let key = norm(key);
        key == norm(self.plural_pascal) || key == norm(self.pascal)
    }

    /// Whether a function name reloads the module's list: `fetchLeads`, `loadLeads`, `getAllLeads`.
    fn is_module_loader(&self, name: &str) -> bool {
        let plural = self.plural_pascal.to_ascii_lowercase();
        let lower = name.to_ascii_lowercase();
        ["fetch", "load", "get", "refresh", "reload"].iter().any(|verb| lower.starts_with(verb))
            && lower.contains(&plural)
    }
}

/// The first of: a TanStack Query key, a zustand store's reload action, a
/// Redux thunk; each read from the file that defines it.
pub(super) fn find(
    program: &Program<'_>,
    statements: &[Statement<'_>],
    names: &ListNames<'_>,
    resolve: Resolve<'_>,
) -> Option<PageAnchors> {
    query(program, statements, names, resolve)
        .or_else(|| store(program, statements, names, resolve))
        .or_else(|| thunk(program, statements, names, resolve))
        .or_else(|| refetch(statements, names))
}

/// `const { data, refetch: refetchLeads } = useGetLeadsQuery()` (RTK Query,
/// or a query hook of the app's): the hook's own reload, named after the module.
fn refetch(statements: &[Statement<'_>], names: &ListNames<'_>) -> Option<PageAnchors> {
    let plural = names.plural_pascal.to_ascii_lowercase();
    let mut found = Vec::new();
    for (declarator, call) in hook_calls(statements) {
        let Some(hook) = call.callee_name() else { continue };
        if !hook.starts_with("use") || !hook.to_ascii_lowercase().contains(&plural) {
            continue;
        }
        let BindingPattern::ObjectPattern(pattern) = &declarator.id else { continue };
        for property in &pattern.properties {
            if property.key.static_name().is_some_and(|k| k == "refetch") {
                if let BindingPattern::BindingIdentifier(id) = &property.value {
                    found.push(id.name.to_string());
                }
            }
        }
    }
    let [loader] = found.as_slice() else { return None };
    Some(PageAnchors::Loader { loader: loader.clone() })
}

/// An import of the page: `(specifier, imported name)`; `default` for a default import.
fn import_of(program: &Program<'_>, local: &str) -> Option<(String, String)> {
    imports(program).into_iter().find_map(|decl| {
        decl.specifiers.iter().flatten().find_map(|s| match s {
            ImportDeclarationSpecifier::ImportSpecifier(s) if s.local.name == local => {
                Some((decl.source.value.to_string(), s.imported.name().to_string()))
            }
            ImportDeclarationSpecifier::ImportDefaultSpecifier(s) if s.local.name == local => {
                Some((decl.source.value.to_string(), "default".to_string()))
            }
            _ => None,
        })
    })
}

/// A specifier of the app's own files (relative or through an alias), not a package.
fn is_own_file(specifier: &str) -> bool {
    specifier.starts_with('.') || specifier.starts_with("@/") || specifier.starts_with("~/")
}

/// Every call the component's top-level declarations make, with the name
/// they bind (or destructure) it to.
fn hook_calls<'b, 'a>(statements: &'b [Statement<'a>]) -> Vec<(&'b VariableDeclarator<'a>, &'b CallExpression<'a>)> {
    statements
        .iter()
        .filter_map(|s| match s {
            Statement::VariableDeclaration(var) => Some(var),
            _ => None,
        })
        .flat_map(|var| var.declarations.iter())
        .filter_map(|d| Some((d, call_of(d.init.as_ref()?)?)))
        .collect()
}

// ---- TanStack Query -------------------------------------------------------

const QUERY_PACKAGE: &str = "@tanstack/react-query";
const QUERY_HOOKS: &[&str] = &["useQuery", "useSuspenseQuery", "useInfiniteQuery", "useSuspenseInfiniteQuery"];

/// The module's query key, from a `useQuery` the page calls or one inside a
/// custom hook it imports from its own files.
fn query(
    program: &Program<'_>,
    statements: &[Statement<'_>],
    names: &ListNames<'_>,
    resolve: Resolve<'_>,
) -> Option<PageAnchors> {
    let mut keys = Vec::new();
    for (_, call) in hook_calls(statements) {
        let Some(callee) = call.callee_name() else { continue };
        if let Some((source, imported)) = import_of(program, callee) {
            if source == QUERY_PACKAGE && QUERY_HOOKS.contains(&imported.as_str()) {
                keys.extend(query_key(program, call));
            } else if is_own_file(&source) && callee.starts_with("use") {
                keys.extend(hook_query_keys(&source, &imported, resolve));
            }
        }
    }
    // Up to the element that names the module: `["admin", "bookings"]` invalidates the bookings only.
    let mut keys: Vec<String> = keys
        .into_iter()
        .filter_map(|prefix| {
            let at = prefix.iter().position(|part| names.is_module_key(part))?;
            let text =
                prefix[..=at].iter().map(|p| crate::js::literal::js_string_literal(p)).collect::<Vec<_>>().join(", ");
            Some(format!("[{text}]"))
        })
        .collect();
    keys.sort();
    keys.dedup();
    // One key prefix for the module, or rtgen cannot tell which list the page shows.
    let [key] = keys.as_slice() else { return None };
    let client = hook_calls(statements).into_iter().find_map(|(d, call)| {
        let callee = call.callee_name()?;
        let (source, imported) = import_of(program, callee)?;
        match (&d.id, source == QUERY_PACKAGE && imported == "useQueryClient") {
            (BindingPattern::BindingIdentifier(id), true) => Some(id.name.to_string()),
            _ => None,
        }
    });
    Some(PageAnchors::Query { key: key.clone(), client, package: QUERY_PACKAGE.to_string() })
}

/// `useQuery({ queryKey: ["leads", page] })`: the key's literal prefix
/// (`["leads"]`), read through key factories of the same file
/// (`queryKey: leadKeys.list(filters)` with `list: (f) => [...leadKeys.all, "list", f]`).
fn query_key(program: &Program<'_>, call: &CallExpression<'_>) -> Option<Vec<String>> {
    let arg = call.arguments.first()?.as_expression()?.get_inner_expression();
    let key = match arg {
        Expression::ObjectExpression(object) => object.properties.iter().find_map(|p| match p {
            ObjectPropertyKind::ObjectProperty(p) if p.key.static_name().is_some_and(|k| k == "queryKey") => {
                Some(&p.value)
            }
            _ => None,
        })?,
        _ => return None,
    };
    let prefix = key_prefix(program, key, 0)?.0;
    (!prefix.is_empty()).then_some(prefix)
}

/// The literal strings a key starts with, and whether the whole key is literal.
fn key_prefix(program: &Program<'_>, expr: &Expression<'_>, depth: u8) -> Option<(Vec<String>, bool)> {
    if depth > 6 {
        return None;
    }
    match expr.get_inner_expression() {
        Expression::ArrayExpression(array) => {
            let mut prefix = Vec::new();
            for element in &array.elements {
                match element {
                    ArrayExpressionElement::SpreadElement(spread) => {
                        let (inner, whole) = key_prefix(program, &spread.argument, depth + 1)?;
                        prefix.extend(inner);
                        if !whole {
                            return Some((prefix, false));
                        }
                    }
                    other => match other.as_expression().map(|e| e.get_inner_expression()) {
                        Some(Expression::StringLiteral(s)) => prefix.push(s.value.to_string()),
                        Some(Expression::TemplateLiteral(t)) if t.single_quasi().is_some() => {
                            prefix.push(t.single_quasi().expect("checked").to_string())
                        }
                        _ => return Some((prefix, false)),
                    },
                }
            }
            Some((prefix, true))
        }
        // `keys.all`, `keys.list(filters)`: a property of a top-level object.
        Expression::CallExpression(call) => {
            let member = call.callee.get_inner_expression().as_member_expression()?;
            let value = factory_property(program, member)?;
            match value.get_inner_expression() {
                Expression::ArrowFunctionExpression(arrow) => key_prefix(program, arrow.get_expression()?, depth + 1),
                _ => None,
            }
        }
        Expression::StaticMemberExpression(_) | Expression::ComputedMemberExpression(_) => {
            let member = expr.get_inner_expression().as_member_expression()?;
            key_prefix(program, factory_property(program, member)?, depth + 1)
        }
        Expression::Identifier(id) => key_prefix(program, top_level_init(program, &id.name)?, depth + 1),
        _ => None,
    }
}

/// `keys.list` where `const keys = { list: ... }` at the top level: the property's value.
fn factory_property<'b, 'a>(program: &'b Program<'a>, member: &'b MemberExpression<'a>) -> Option<&'b Expression<'a>> {
    let Expression::Identifier(object) = member.object().get_inner_expression() else { return None };
    let name = member.static_property_name()?;
    let Expression::ObjectExpression(init) = top_level_init(program, &object.name)?.get_inner_expression() else {
        return None;
    };
    init.properties.iter().find_map(|p| match p {
        ObjectPropertyKind::ObjectProperty(p) if p.key.static_name().is_some_and(|k| k == name) => Some(&p.value),
        _ => None,
    })
}

/// The query keys inside the custom hook `imported` of the file `specifier`.
fn hook_query_keys(specifier: &str, imported: &str, resolve: Resolve<'_>) -> Vec<Vec<String>> {
    let Some((path, text)) = resolve(specifier) else { return Vec::new() };
    crate::js::parse::with_program(&path, &text, |program| {
        let Some(body) = exported_function(program, imported) else { return Vec::new() };
        let query_hooks: Vec<String> = imports(program)
            .into_iter()
            .filter(|d| d.source.value == QUERY_PACKAGE)
            .flat_map(|d| d.specifiers.iter().flatten())
            .filter_map(|s| match s {
                ImportDeclarationSpecifier::ImportSpecifier(s) if QUERY_HOOKS.contains(&s.imported.name().as_str()) => {
                    Some(s.local.name.to_string())
                }
                _ => None,
            })
            .collect();
        let mut keys = Vec::new();
        let mut visitor = Calls {
            f: |call: &CallExpression<'_>| {
                if call.callee_name().is_some_and(|n| query_hooks.iter().any(|h| h == n)) {
                    keys.extend(query_key(program, call));
                }
            },
        };
        visitor.visit_function_body(body);
        keys
    })
    .unwrap_or_default()
}

/// The body of the function a module exports as `name` (`default` for its default export).
fn exported_function<'b, 'a>(program: &'b Program<'a>, name: &str) -> Option<&'b FunctionBody<'a>> {
    let local = if name == "default" {
        program.body.iter().find_map(|s| match s {
            Statement::ExportDefaultDeclaration(export) => match &export.declaration {
                ExportDefaultDeclarationKind::FunctionDeclaration(f) => Some(Err(f.body.as_deref())),
                other => match other.as_expression()?.get_inner_expression() {
                    Expression::Identifier(id) => Some(Ok(id.name.to_string())),
                    Expression::ArrowFunctionExpression(a) => Some(Err(a.body.as_function_body())),
                    _ => None,
                },
            },
            _ => None,
        })?
    } else {
        Ok(name.to_string())
    };
    let local = match local {
        Ok(local) => local,
        Err(body) => return body,
    };
    program.body.iter().find_map(|stmt| {
        let decl = match stmt {
            Statement::ExportDeclaration(export) => &export.declaration,
            other => other.as_declaration()?,
        };
        match decl {
            Declaration::FunctionDeclaration(f) if f.id.as_ref().is_some_and(|id| id.name == local.as_str()) => {
                f.body.as_deref()
            }
            Declaration::VariableDeclaration(var) => var.declarations.iter().find_map(|d| match (&d.id, &d.init) {
                (BindingPattern::BindingIdentifier(id), Some(init)) if id.name == local.as_str() => {
                    match init.get_inner_expression() {
                        Expression::ArrowFunctionExpression(a) => a.body.as_function_body(),
                        Expression::FunctionExpression(f) => f.body.as_deref(),
                        _ => None,
                    }
                }
                _ => None,
            }),
            _ => None,
        }
    })
}

/// Visits every call, nested ones too.
struct Calls<F> {
    f: F,
}

impl<'a, F: FnMut(&CallExpression<'a>)> Visit<'a> for Calls<F> {
    fn visit_call_expression(&mut self, call: &CallExpression<'a>) {
        (self.f)(call);
        walk::walk_call_expression(self, call);
    }
}

// ---- zustand --------------------------------------------------------------

/// A zustand store the page reads (`useTaskStore((s) => s.tasks)`), whose
/// state holds the module's reload action (`fetchTasks`) taking no argument;
/// or the action the page calls on mount.
fn store(
    program: &Program<'_>,
    statements: &[Statement<'_>],
    names: &ListNames<'_>,
    resolve: Resolve<'_>,
) -> Option<PageAnchors> {
    let mut found = Vec::new();
    for (declarator, call) in hook_calls(statements) {
        let Some(hook) = call.callee_name() else { continue };
        let Some((source, imported)) = import_of(program, hook) else { continue };
        if !is_own_file(&source) || !hook.starts_with("use") {
            continue;
        }
        let Some(actions) = store_actions(&source, &imported, resolve) else { continue };
        let reads_list = reads_key(declarator, call, &heck::ToLowerCamelCase::to_lower_camel_case(names.plural_pascal));
        let mounted = mount_calls(statements);
        // The action the page itself calls on mount, else the one action named after the module.
        let on_mount = |a: &&String| mounted.contains(&taken_as(declarator, call, a));
        let named: Vec<&String> = actions.iter().filter(|a| names.is_module_loader(a)).collect();
        let action = match named.iter().copied().find(on_mount) {
            Some(action) => Some(action),
            None if named.len() == 1 => Some(named[0]),
            None if named.is_empty() && reads_list => actions.iter().find(on_mount),
            None => None,
        };
        if let Some(action) = action {
            found.push((hook.to_string(), action.clone()));
        }
    }
    found.sort();
    found.dedup();
    let [(store, action)] = found.as_slice() else { return None };
    Some(PageAnchors::Store { store: store.clone(), action: action.clone() })
}

/// The zustand store `imported` of `specifier`: its state's actions that take no argument.
fn store_actions(specifier: &str, imported: &str, resolve: Resolve<'_>) -> Option<Vec<String>> {
    let (path, text) = resolve(specifier)?;
    crate::js::parse::with_program(&path, &text, |program| {
        let creates: Vec<String> = imports(program)
            .into_iter()
            .filter(|d| d.source.value == "zustand")
            .flat_map(|d| d.specifiers.iter().flatten())
            .filter_map(|s| match s {
                ImportDeclarationSpecifier::ImportSpecifier(s) if s.imported.name() == "create" => {
                    Some(s.local.name.to_string())
                }
                _ => None,
            })
            .collect();
        let local = if imported == "default" { default_local(program)? } else { imported.to_string() };
        let init = top_level_init(program, &local)?;
        // `create(...)`, `create<T>()(...)`, `create(devtools(persist(...)))`.
        let call = call_of(init)?;
        let is_create = |c: &CallExpression<'_>| c.callee_name().is_some_and(|n| creates.iter().any(|x| x == n));
        let outer_ok = is_create(call)
            || matches!(call.callee.get_inner_expression(), Expression::CallExpression(inner) if is_create(inner));
        if !outer_ok {
            return None;
        }
        let state = state_object(call)?;
        Some(
            state
                .properties
                .iter()
                .filter_map(|p| match p {
                    ObjectPropertyKind::ObjectProperty(p) => {
                        let takes_nothing = match p.value.get_inner_expression() {
                            Expression::ArrowFunctionExpression(f) => f.params.items.is_empty(),
                            Expression::FunctionExpression(f) => f.params.items.is_empty(),
                            _ => false,
                        };
                        takes_nothing.then(|| p.key.static_name().map(|k| k.to_string())).flatten()
                    }
                    _ => None,
                })
                .collect(),
        )
    })
    .ok()
    .flatten()
}

/// The object the store's creator returns: `(set, get) => ({ ... })`, through wrappers.
fn state_object<'b, 'a>(call: &'b CallExpression<'a>) -> Option<&'b ObjectExpression<'a>> {
    for arg in &call.arguments {
        let expr = arg.as_expression()?.get_inner_expression();
        match expr {
            Expression::ArrowFunctionExpression(arrow) => {
                if let Some(expr) = arrow.get_expression() {
                    return match expr.get_inner_expression() {
                        Expression::ObjectExpression(o) => Some(&**o),
                        _ => None,
                    };
                }
                return arrow.body.as_function_body()?.statements.iter().find_map(|s| match s {
                    Statement::ReturnStatement(r) => match r.argument.as_ref()?.get_inner_expression() {
                        Expression::ObjectExpression(o) => Some(&**o),
                        _ => None,
                    },
                    _ => None,
                });
            }
            Expression::CallExpression(inner) => return state_object(inner),
            _ => {}
        }
    }
    None
}

fn default_local(program: &Program<'_>) -> Option<String> {
    program.body.iter().find_map(|s| match s {
        Statement::ExportDefaultDeclaration(export) => match export.declaration.as_expression()?.get_inner_expression()
        {
            Expression::Identifier(id) => Some(id.name.to_string()),
            _ => None,
        },
        _ => None,
    })
}

/// The initializer of the top-level `const name = ...` (exported or not).
fn top_level_init<'b, 'a>(program: &'b Program<'a>, name: &str) -> Option<&'b Expression<'a>> {
    program.body.iter().find_map(|stmt| {
        let decl = match stmt {
            Statement::ExportDeclaration(export) => &export.declaration,
            other => other.as_declaration()?,
        };
        let Declaration::VariableDeclaration(var) = decl else { return None };
        var.declarations.iter().find_map(|d| match (&d.id, &d.init) {
            (BindingPattern::BindingIdentifier(id), Some(init)) if id.name == name => Some(init),
            _ => None,
        })
    })
}

/// Whether the page takes `key` from the hook's result: `const { tasks } = useStore()`
/// or `const tasks = useStore((s) => s.tasks)`.
fn reads_key(declarator: &VariableDeclarator<'_>, call: &CallExpression<'_>, key: &str) -> bool {
    match &declarator.id {
        BindingPattern::ObjectPattern(pattern) => {
            pattern.properties.iter().any(|p| p.key.static_name().is_some_and(|k| k == key))
        }
        BindingPattern::BindingIdentifier(_) => selected(call).as_deref() == Some(key),
        _ => false,
    }
}

/// `(s) => s.tasks`: `tasks`.
fn selected(call: &CallExpression<'_>) -> Option<String> {
    let Expression::ArrowFunctionExpression(arrow) = call.arguments.first()?.as_expression()?.get_inner_expression()
    else {
        return None;
    };
    let member = arrow.get_expression()?.get_inner_expression().as_member_expression()?;
    member.static_property_name().map(str::to_string)
}

/// The local name the page gives the store's `action`: the destructured binding or the selector's.
fn taken_as(declarator: &VariableDeclarator<'_>, call: &CallExpression<'_>, action: &str) -> String {
    match &declarator.id {
        BindingPattern::ObjectPattern(pattern) => pattern
            .properties
            .iter()
            .find(|p| p.key.static_name().is_some_and(|k| k == action))
            .and_then(|p| match &p.value {
                BindingPattern::BindingIdentifier(id) => Some(id.name.to_string()),
                _ => None,
            })
            .unwrap_or_default(),
        BindingPattern::BindingIdentifier(id) if selected(call).as_deref() == Some(action) => id.name.to_string(),
        _ => String::new(),
    }
}

/// Names the page's top-level effects call with no argument (`fetchAll();`).
fn mount_calls(statements: &[Statement<'_>]) -> Vec<String> {
    let mut names = Vec::new();
    for stmt in statements {
        let Some(call) = statement_call(stmt) else { continue };
        if call.callee_name() != Some("useEffect") {
            continue;
        }
        let mut visitor = Calls {
            f: |c: &CallExpression<'_>| {
                if c.arguments.is_empty() {
                    if let Expression::Identifier(id) = c.callee.get_inner_expression() {
                        names.push(id.name.to_string());
                    }
                }
            },
        };
        for arg in &call.arguments {
            visitor.visit_argument(arg);
        }
    }
    names
}

// ---- Redux Toolkit --------------------------------------------------------

/// `dispatch(fetchOrders())` in the page's mount effect, `dispatch` from a
/// `use*Dispatch()` hook and `fetchOrders` a `createAsyncThunk` of the app's
/// own files, named after the module.
fn thunk(
    program: &Program<'_>,
    statements: &[Statement<'_>],
    names: &ListNames<'_>,
    resolve: Resolve<'_>,
) -> Option<PageAnchors> {
    let dispatch = hook_calls(statements).into_iter().find_map(|(d, call)| {
        let callee = call.callee_name()?;
        match &d.id {
            BindingPattern::BindingIdentifier(id) if callee.starts_with("use") && callee.ends_with("Dispatch") => {
                Some(id.name.to_string())
            }
            _ => None,
        }
    })?;
    let mut thunks = Vec::new();
    for stmt in statements {
        let Some(call) = statement_call(stmt) else { continue };
        if call.callee_name() != Some("useEffect") {
            continue;
        }
        let mut visitor = Calls {
            f: |c: &CallExpression<'_>| {
                if c.callee_name() != Some(dispatch.as_str()) {
                    return;
                }
                let Some(inner) = c.arguments.first().and_then(|a| a.as_expression()).and_then(call_of) else {
                    return;
                };
                if inner.arguments.is_empty() {
                    thunks.extend(inner.callee_name().map(str::to_string));
                }
            },
        };
        for arg in &call.arguments {
            visitor.visit_argument(arg);
        }
    }
    thunks.sort();
    thunks.dedup();
    thunks.retain(|t| names.is_module_loader(t));
    let [thunk] = thunks.as_slice() else { return None };
    let (source, imported) = import_of(program, thunk)?;
    if !is_own_file(&source) || !is_async_thunk(&source, &imported, resolve) {
        return None;
    }
    Some(PageAnchors::Thunk { dispatch, thunk: thunk.clone() })
}

/// Whether `imported` of `specifier` is made by `createAsyncThunk` from Redux Toolkit.
fn is_async_thunk(specifier: &str, imported: &str, resolve: Resolve<'_>) -> bool {
    let Some((path, text)) = resolve(specifier) else { return false };
    crate::js::parse::with_program(&path, &text, |program| {
        let creators: Vec<String> = imports(program)
            .into_iter()
            .filter(|d| d.source.value == "@reduxjs/toolkit")
            .flat_map(|d| d.specifiers.iter().flatten())
            .filter_map(|s| match s {
                ImportDeclarationSpecifier::ImportSpecifier(s) if s.imported.name() == "createAsyncThunk" => {
                    Some(s.local.name.to_string())
                }
                _ => None,
            })
            .collect();
        let local = if imported == "default" { default_local(program) } else { Some(imported.to_string()) };
        local
            .and_then(|local| {
                top_level_init(program, &local).and_then(call_of).and_then(|c| c.callee_name().map(str::to_string))
            })
            .is_some_and(|callee| creators.contains(&callee))
    })
    .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use super::super::page::{add, detect_with, remove, PageAnchors, PageNames, PagePatch};
    use crate::patch::test_support::{diff, roundtrip};

    /// A custom hook over TanStack Query, in a file of its own.
    const USE_LEADS: &str = r#"import { useQuery } from "@tanstack/react-query";
import { api } from "../services/api";

export function useLeads(filters) {
  return useQuery({
    queryKey: ["leads", filters],
    queryFn: () => api.get("/leads", { params: filters }),
  });
}
"#;

    const LEADS_PAGE: &str = r#"import { useState } from "react";
import { useLeads } from "../hooks/useLeads";

export default function Leads() {
  const [status, setStatus] = useState("open");
  const { data: leads = [], isLoading } = useLeads({ status });
  if (isLoading) return <p>Loading</p>;
  return (
    <ul onClick={() => setStatus("won")}>
      {leads.map((lead) => <li key={lead.id}>{lead.name}</li>)}
    </ul>
  );
}
"#;

    /// A zustand store whose page reads selectors.
    const TASK_STORE: &str = r#"import { create } from "zustand";
import { api } from "../services/api";

export const useTaskStore = create((set) => ({
  tasks: [],
  fetchTasks: async () => {
    const tasks = await api.get("/tasks");
    set({ tasks });
  },
  addTask: async (task) => {
    await api.post("/tasks", task);
  },
}));
"#;

    const TASKS_PAGE: &str = r#"import { useEffect } from 'react'
import { useTaskStore } from '../store/taskStore'

const Tasks = () => {
  const tasks = useTaskStore((state) => state.tasks)
  const fetchTasks = useTaskStore((state) => state.fetchTasks)

  useEffect(() => {
    fetchTasks()
  }, [fetchTasks])

  return <ul>{tasks.map((task) => <li key={task.id}>{task.title}</li>)}</ul>
}

export default Tasks
"#;

    /// A Redux Toolkit slice with a reload thunk.
    const ORDERS_SLICE: &str = r#"import { createAsyncThunk, createSlice } from "@reduxjs/toolkit";
import { api } from "../services/api";

export const fetchOrders = createAsyncThunk("orders/fetch", async () => api.get("/orders"));

const ordersSlice = createSlice({
  name: "orders",
  initialState: { items: [] },
  reducers: {},
  extraReducers: (builder) => {
    builder.addCase(fetchOrders.fulfilled, (state, action) => {
      state.items = action.payload;
    });
  },
});

export default ordersSlice.reducer;
"#;

    const ORDERS_PAGE: &str = r#"import { useEffect } from "react";
import { useDispatch, useSelector } from "react-redux";
import { fetchOrders } from "../store/ordersSlice";

export default function Orders() {
  const dispatch = useDispatch();
  const orders = useSelector((state) => state.orders.items);

  useEffect(() => {
    dispatch(fetchOrders());
  }, [dispatch]);

  return <ul>{orders.map((order) => <li key={order.id}>{order.total}</li>)}</ul>;
}
"#;

    /// A context/reducer provider handing out the list and its reload.
    const INVOICES_PAGE: &str = r#"import React, { useEffect } from "react";
import { useInvoices } from "../context/InvoiceContext";

function Invoices() {
    const { invoices, fetchInvoices } = useInvoices();

    useEffect(() => {
        fetchInvoices();
    }, [fetchInvoices]);

    return <ul>{invoices.map((invoice) => <li key={invoice.id}>{invoice.number}</li>)}</ul>;
}

export default Invoices;
"#;

    fn files(specifier: &str) -> Option<(PathBuf, String)> {
        let text = match specifier {
            "../hooks/useLeads" => USE_LEADS,
            "../store/taskStore" => TASK_STORE,
            "../store/ordersSlice" => ORDERS_SLICE,
            _ => return None,
        };
        Some((PathBuf::from(specifier.replace("../", "front/src/")).with_extension("js"), text.to_string()))
    }

    fn names(pascal: &str) -> PageNames {
        PageNames { plural_pascal: format!("{pascal}s"), pascal: pascal.into(), setter: None, loader: None }
    }

    fn run(source: &str, module: &str, pascal: &str) -> (PageAnchors, String) {
        let path = Path::new("front/src/pages/Page.jsx");
        let anchors = detect_with(path, source, &names(pascal), &files).unwrap();
        let patch = PagePatch {
            binding: format!("{module}SocketService"),
            specifier: format!("../services/{module}SocketService"),
            anchors: anchors.clone(),
            id_field: "id".into(),
            entity: module.into(),
        };
        let patched = roundtrip(source, |s| add(path, s, &patch), |s| remove(path, s, &patch));
        (anchors, diff(source, &patched))
    }

    #[test]
    fn react_query_behind_a_custom_hook_invalidates_its_key() {
        let (anchors, diff) = run(LEADS_PAGE, "lead", "Lead");
        assert_eq!(
            anchors,
            PageAnchors::Query { key: "[\"leads\"]".into(), client: None, package: "@tanstack/react-query".into() }
        );
        insta::assert_snapshot!(diff);
    }

    #[test]
    fn react_query_with_the_pages_own_client_uses_it() {
        let page = LEADS_PAGE
            .replace(
                "import { useLeads }",
                "import { useQueryClient } from \"@tanstack/react-query\";\nimport { useLeads }",
            )
            .replace(
                "  const [status, setStatus] = useState(\"open\");\n",
                "  const [status, setStatus] = useState(\"open\");\n  const client = useQueryClient();\n",
            )
            .replace("onClick={() => setStatus(\"won\")}", "onClick={() => { setStatus(\"won\"); client.clear(); }}");
        let (anchors, diff) = run(&page, "lead", "Lead");
        assert!(matches!(&anchors, PageAnchors::Query { client: Some(c), .. } if c == "client"), "{anchors:?}");
        assert!(diff.contains("+      client.invalidateQueries({ queryKey: [\"leads\"] });"), "{diff}");
        assert!(diff.contains("+  }, [client]);"), "{diff}");
        assert!(!diff.contains("+  const queryClient"), "{diff}");
    }

    #[test]
    fn a_query_of_another_module_is_not_taken() {
        let page = LEADS_PAGE.replace("lead", "user").replace("Lead", "User");
        let path = Path::new("front/src/pages/Page.jsx");
        let resolve = |s: &str| files(&s.replace("useUsers", "useLeads"));
        // `useUsers` is a hook over the `leads` key: no key names `users`.
        assert!(detect_with(path, &page, &names("User"), &resolve).is_err());
    }

    #[test]
    fn zustand_store_with_selectors_calls_its_reload_action() {
        let (anchors, diff) = run(TASKS_PAGE, "task", "Task");
        assert_eq!(anchors, PageAnchors::Store { store: "useTaskStore".into(), action: "fetchTasks".into() });
        insta::assert_snapshot!(diff);
    }

    #[test]
    fn redux_toolkit_page_dispatches_its_reload_thunk() {
        let (anchors, diff) = run(ORDERS_PAGE, "order", "Order");
        assert_eq!(anchors, PageAnchors::Thunk { dispatch: "dispatch".into(), thunk: "fetchOrders".into() });
        insta::assert_snapshot!(diff);
        // A thunk rtgen cannot read is not taken.
        let path = Path::new("front/src/pages/Page.jsx");
        assert!(detect_with(path, ORDERS_PAGE, &names("Order"), &|_| None).is_err());
    }

    #[test]
    fn key_factories_and_a_module_named_later_in_the_key_are_read() {
        let hook = "import { useQuery } from '@tanstack/react-query'\n\nconst KEYS = {\n  all: ['bookings'] as const,\n  lists: () => [...KEYS.all, 'list'] as const,\n  list: (filters: object) => [...KEYS.lists(), filters] as const,\n}\n\nexport function useBookingList(filters = {}) {\n  return useQuery({ queryKey: KEYS.list(filters), queryFn: () => fetch('/bookings') })\n}\n";
        let page = "import { useBookingList } from '../hooks/useBookings'\n\nexport default function Bookings() {\n  const { data = [] } = useBookingList({})\n  return data.length\n}\n";
        let resolve = |s: &str| {
            (s == "../hooks/useBookings").then(|| (PathBuf::from("front/src/hooks/useBookings.ts"), hook.to_string()))
        };
        let path = Path::new("front/src/pages/Bookings.tsx");
        let anchors = detect_with(path, page, &names("Booking"), &resolve).unwrap();
        assert!(matches!(&anchors, PageAnchors::Query { key, .. } if key == "[\"bookings\"]"), "{anchors:?}");
        // `['admin', 'bookings']` in the page: invalidated up to the module's name.
        let own = "import { useQuery, useQueryClient } from '@tanstack/react-query'\n\nexport default function AdminBookings() {\n  const queryClient = useQueryClient()\n  const { data = [] } = useQuery({ queryKey: ['admin', 'bookings', 'all'], queryFn: () => fetch('/b') })\n  return data.length + (queryClient ? 0 : 1)\n}\n";
        let anchors = detect_with(path, own, &names("Booking"), &|_| None).unwrap();
        assert_eq!(
            anchors,
            PageAnchors::Query {
                key: "[\"admin\", \"bookings\"]".into(),
                client: Some("queryClient".into()),
                package: "@tanstack/react-query".into()
            }
        );
    }

    #[test]
    fn a_query_hooks_refetch_is_the_pages_loader() {
        let page = "import { useGetLeadsQuery } from '../store/api'\n\nexport default function Leads() {\n  const { data = [], refetch: refetchLeads } = useGetLeadsQuery()\n  return <button onClick={refetchLeads}>{data.length}</button>\n}\n";
        let (anchors, diff) = run(page, "lead", "Lead");
        assert_eq!(anchors, PageAnchors::Loader { loader: "refetchLeads".into() });
        assert!(diff.contains("+      refetchLeadsRef.current()"), "{diff}");
    }

    #[test]
    fn provider_hook_loader_is_called_through_a_ref() {
        let (anchors, diff) = run(INVOICES_PAGE, "invoice", "Invoice");
        assert_eq!(anchors, PageAnchors::Loader { loader: "fetchInvoices".into() });
        insta::assert_snapshot!(diff);
    }
}
