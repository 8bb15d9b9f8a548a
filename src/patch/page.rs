//! Step 7 of the recipe: the module's admin page subscribes to the module's
//! socket service in a `useEffect` and refreshes (or updates in place) its
//! list, unsubscribing on unmount.
//!
//! Two steps: [`detect`] names the page's list-state setter and loader (from
//! the spec, else by the module's names, else the only list state), then
//! [`add`] splices the effect after the component's last top-level effect
//! (else its last `useState`), importing what it needs.

use std::path::Path;

use oxc_ast::ast::*;
use oxc_ast_visit::Visit;
use oxc_span::{GetSpan, Span};

use super::{
    call_of, default_import_of, imports, insert_import, member_call_object, parse_host, statement_call, CallVisitor,
    Outcome, PatchError, SourceFile,
};
use crate::js::splice::Splice;
use crate::patch::is_referenced;

/// What the module's names suggest the page calls things.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageNames {
    /// e.g. `Proposals`: `setProposals`, `fetchProposals`, ...
    pub plural_pascal: String,
    /// e.g. `Proposal` (a query key may name the module in the singular).
    pub pascal: String,
    /// The list-state setter, when the spec names it.
    pub setter: Option<String>,
    /// The function that reloads the list, when the spec names it.
    pub loader: Option<String>,
}

/// Where the page's list lives and how an event refreshes it, as found by [`detect`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageAnchors {
    /// The page's own list state, updated from the event, reloaded by
    /// `loader` (a function in the page's scope) when it has one.
    State { setter: String, loader: Option<String> },
    /// A function in the page's scope that reloads the list: the page's own,
    /// or one a provider's hook hands out (`const { fetchOrders } = useOrders()`).
    Loader { loader: String },
    /// TanStack Query: `client.invalidateQueries({ queryKey: key })`, `key`
    /// the canonical text of the key's literal prefix (`["leads"]`); the page's
    /// own `useQueryClient()` result, else one rtgen adds, imported from `package`.
    Query { key: String, client: Option<String>, package: String },
    /// A zustand store's reload action, called outside React: `store.getState().action()`.
    Store { store: String, action: String },
    /// A Redux thunk the page dispatches on mount: `dispatch(thunk())`.
    Thunk { dispatch: String, thunk: String },
}

impl PageAnchors {
    /// The function in the page's scope the effect calls through a ref to
    /// its latest value: the effect subscribes once per mount, yet calls the
    /// loader of the last render (its filters, its page).
    fn loader(&self) -> Option<&str> {
        match self {
            PageAnchors::State { loader, .. } => loader.as_deref(),
            PageAnchors::Loader { loader } => Some(loader),
            _ => None,
        }
    }

    /// Names of the page's scope the added code uses: declared before it.
    fn uses(&self) -> Vec<&str> {
        match self {
            PageAnchors::State { loader, .. } => loader.as_deref().into_iter().collect(),
            PageAnchors::Loader { loader } => vec![loader],
            PageAnchors::Query { client, .. } => client.as_deref().into_iter().collect(),
            PageAnchors::Store { .. } => Vec::new(),
            PageAnchors::Thunk { dispatch, .. } => vec![dispatch],
        }
    }
}

/// Finds the files a page imports: a specifier as the page writes it
/// (`../hooks/useLeads`, `@/store/taskStore`) to that file's path and text.
pub type Resolve<'r> = &'r dyn Fn(&str) -> Option<(std::path::PathBuf, String)>;

/// The listener effect to add to a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PagePatch {
    /// The module's frontend socket service, e.g. `proposalSocketService`.
    pub binding: String,
    /// Its import source, e.g. `../services/proposalSocketService`.
    pub specifier: String,
    pub anchors: PageAnchors,
    /// The entity's id field, e.g. `id`.
    pub id_field: String,
    /// The payload key holding the entity, e.g. `proposal`.
    pub entity: String,
}

/// Where the page's list lives, read from the page alone (see [`detect_with`]).
#[cfg(test)]
pub fn detect(path: &Path, source: &str, names: &PageNames) -> Result<PageAnchors, PatchError> {
    detect_with(path, source, names, &|_| None)
}

/// Where the page's list lives: its own list state (named in the spec, else
/// by the module's names, else the only list state); else a query, store or
/// thunk read from the page and the files it imports (`resolve`); else a
/// loader in its scope. The error says what was found.
pub fn detect_with(
    path: &Path,
    source: &str,
    names: &PageNames,
    resolve: Resolve<'_>,
) -> Result<PageAnchors, PatchError> {
    parse_host(path, source, |program, host| {
        let component = component(program, host)?;
        let statements = &component.body.statements;
        if let Some(loader) = &names.loader {
            if !statements.iter().any(|s| declares(s, loader)) {
                return Err(host.error(
                    component.body.span.start,
                    format!(
                        "`page.loader: {loader}` names no function of the page component `{}`: looked for \
                         `const {loader} = ...`, `const {{ {loader} }} = ...` or `function {loader}()` in its body",
                        component.name
                    ),
                ));
            }
        }
        let loader = names.loader.clone().or_else(|| {
            ["fetch", "load", "get", "refresh"].iter().find_map(|prefix| {
                let name = format!("{prefix}{}", names.plural_pascal);
                statements.iter().any(|s| declares(s, &name)).then_some(name)
            })
        });
        let setter = match &names.setter {
            Some(setter) => {
                // A configured name must exist, or the page would throw when an event arrives.
                if !statements.iter().filter_map(state_setter).any(|(name, _)| name == *setter) {
                    return Err(host.error(
                        component.body.span.start,
                        format!(
                            "`page.setter: {setter}` names no state setter of the page component `{}`: looked for \
                             `const [..., {setter}] = useState(...)`",
                            component.name
                        ),
                    ));
                }
                setter.clone()
            }
            None => match pick_setter(host, &component, &names.plural_pascal) {
                Ok(setter) => setter,
                Err(error) => {
                    // The list lives outside the page's state: a query, a store, a thunk,
                    // or a loader the page (or a provider's hook) has.
                    let list_names =
                        super::page_list::ListNames { plural_pascal: &names.plural_pascal, pascal: &names.pascal };
                    if names.loader.is_none() {
                        if let Some(found) = super::page_list::find(program, statements, &list_names, resolve) {
                            return Ok(found);
                        }
                    }
                    return match loader {
                        Some(loader) => Ok(PageAnchors::Loader { loader }),
                        None => Err(error),
                    };
                }
            },
        };
        Ok(PageAnchors::State { setter, loader })
    })
}

/// Adds the listener effect (with what it needs: a ref to the latest
/// loader, the page's query client), its service import, and the hooks it
/// calls if missing.
pub fn add(path: &Path, source: &str, patch: &PagePatch) -> Result<Outcome, PatchError> {
    parse_host(path, source, |program, host| {
        let component = component(program, host)?;
        let mut splice = Splice::new();
        let local = default_import_of(program, &patch.specifier).map(|(local, _)| local);
        if local.as_deref().is_some_and(|local| !effects(&component, local).is_empty()) {
            return host.finish(splice);
        }
        let statements = &component.body.statements;
        let anchors = &patch.anchors;
        let latest = anchors.loader().map(|loader| format!("{loader}Ref"));
        if let Some(latest) = &latest {
            if statements.iter().any(|s| declares(s, latest)) {
                return Err(host.error(
                    component.body.span.start,
                    format!(
                        "the page component `{}` already declares `{latest}`, the ref rtgen keeps the latest \
                         `{}` in",
                        component.name,
                        anchors.loader().unwrap_or_default()
                    ),
                ));
            }
        }
        let wanted: &[&str] = if latest.is_some() { &["useEffect", "useRef"] } else { &["useEffect"] };
        let hooks = ensure_react_hooks(program, host, &mut splice, wanted)?;
        let client = match anchors {
            PageAnchors::Query { client: None, package, .. } => {
                if statements.iter().any(|s| declares(s, "queryClient")) {
                    return Err(host.error(
                        component.body.span.start,
                        format!(
                            "the page component `{}` declares `queryClient` other than with `useQueryClient()`",
                            component.name
                        ),
                    ));
                }
                let hook = ensure_named_import(program, host, &mut splice, package, "useQueryClient")?;
                Some((hook, "queryClient".to_string()))
            }
            _ => None,
        };
        if local.is_none() {
            let import = format!("import {} from \"{}\";", patch.binding, patch.specifier);
            insert_import(host, program, &mut splice, &import)?;
        }
        let local = local.unwrap_or_else(|| patch.binding.clone());
        let code = effect_code(&hooks, latest.as_deref(), client.as_ref(), &local, patch);
        let is_effect = |s: &Statement<'_>| statement_call(s).is_some_and(|c| c.callee_name() == Some("useEffect"));
        let anchor = match anchors {
            PageAnchors::State { .. } => statements
                .iter()
                .rposition(is_effect)
                .or_else(|| statements.iter().rposition(is_state_declaration))
                .or_else(|| statements.iter().rposition(is_hook_declaration)),
            // After the hooks that give the page its list.
            _ => statements.iter().rposition(|s| is_effect(s) || is_hook_declaration(s)),
        };
        let anchor = anchor
            // Not before what the code uses: it reads like code written in
            // order (and `no-use-before-define` stays quiet).
            .map(|anchor| {
                let uses =
                    anchors.uses().into_iter().filter_map(|name| statements.iter().rposition(|s| declares(s, name)));
                uses.fold(anchor, usize::max)
            });
        let Some(anchor) = anchor else {
            return Err(host
                .error(
                    component.body.span.start,
                    format!(
                        "no hook call in the page component `{}` to place the listener after: looked for \
                         `useState`, `useEffect` or another hook among the component's top-level statements, \
                         found none",
                        component.name
                    ),
                )
                .with_snippet("in the component, after its state", host.snippet(&code)));
        };
        let limit = statements.get(anchor + 1).map(|s| s.span().start);
        host.insert_after(&mut splice, statements[anchor].span(), limit, &code, true)?;
        host.finish(splice)
    })
}

/// Deletes the listener effect, what was added with it (the latest-loader
/// ref and its effect, a query client nothing else uses), the service
/// import, and the hook imports nothing else uses any more.
pub fn remove(path: &Path, source: &str, patch: &PagePatch) -> Result<Outcome, PatchError> {
    parse_host(path, source, |program, host| {
        let component = component(program, host)?;
        let mut splice = Splice::new();
        let mut statements = Vec::new();
        let local = match default_import_of(program, &patch.specifier) {
            Some((local, span)) => {
                statements.push(span);
                local
            }
            None => patch.binding.clone(),
        };
        let mut removed = effects(&component, &local);
        if !removed.is_empty() {
            removed.extend(companions(program, &component, &removed));
            drop_unused_imports(program, host, &mut splice, &mut statements, &removed);
        }
        statements.extend(removed);
        host.remove_statements(&mut splice, &statements);
        host.finish(splice)
    })
}

/// Whether the page already subscribes to the module's socket service
/// anywhere in the file: the effect rtgen adds, or the lines its warning gave
/// to paste by hand. A page that does is wired; `add` leaves it alone.
pub fn subscribes(path: &Path, source: &str, specifier: &str) -> bool {
    parse_host(path, source, |program, _| {
        let Some((local, _)) = default_import_of(program, specifier) else { return Ok(false) };
        let mut found = false;
        CallVisitor {
            f: |c: &CallExpression<'_>| {
                found |= member_call_object(c, "subscribe") == Some(local.as_str());
            },
        }
        .visit_program(program);
        Ok(found)
    })
    .unwrap_or(false)
}

/// The lines to paste into a page rtgen could not wire, in the page's own
/// style (`source`: the page, or empty when there is none): the imports it
/// lacks and a `subscribe` in an effect, whose callback the user fills in.
pub fn manual_lines(path: &Path, source: &str, binding: &str, specifier: &str) -> String {
    let (has_effect, has_import) = parse_host(path, source, |program, _| {
        let has_effect = imports(program).iter().filter(|d| d.source.value == "react").any(|d| {
            d.specifiers.iter().flatten().any(|s| {
                matches!(s, ImportDeclarationSpecifier::ImportSpecifier(s) if s.imported.name() == "useEffect" && s.local.name == "useEffect")
            })
        });
        Ok((has_effect, default_import_of(program, specifier).is_some_and(|(local, _)| local == binding)))
    })
    .unwrap_or((false, false));
    let mut imports = String::new();
    if !has_effect {
        imports.push_str("import { useEffect } from \"react\";\n");
    }
    if !has_import {
        imports.push_str(&format!("import {binding} from \"{specifier}\";\n"));
    }
    let effect = format!(
        "useEffect(() => {{\n  return {binding}.subscribe(() => {{\n    // reload the list here (the query's refetch, the store's or the provider's fetch function)\n  }});\n}}, []);\n"
    );
    let style = crate::js::style::Style::detect(source);
    let adapt =
        |code: &str| crate::render::restyle::adapt_snippet(code, &style, "").unwrap_or_else(|_| code.to_string());
    let mut out = String::new();
    if !imports.is_empty() {
        out.push_str("// with the page's imports:\n");
        out.push_str(&adapt(&imports));
        out.push_str("\n\n// in the page component, after the hooks that give it the list:\n");
    }
    out.push_str(&adapt(&effect));
    out.push('\n');
    out
}

/// The page component: what the module exports by default.
struct Component<'b, 'a> {
    name: String,
    body: &'b FunctionBody<'a>,
}

fn component<'b, 'a>(program: &'b Program<'a>, host: &SourceFile<'_>) -> Result<Component<'b, 'a>, PatchError> {
    let export = program.body.iter().find_map(|stmt| match stmt {
        Statement::ExportDefaultDeclaration(decl) => Some(decl),
        _ => None,
    });
    let Some(export) = export else {
        return named_component(program, host);
    };
    let found = match &export.declaration {
        ExportDefaultDeclarationKind::FunctionDeclaration(func) => func.body.as_deref().map(|body| {
            let name = func.id.as_ref().map_or("default".to_string(), |id| id.name.to_string());
            Component { name, body }
        }),
        other => other.as_expression().and_then(|expr| match expr.get_inner_expression() {
            Expression::Identifier(id) => {
                let name = id.name.as_str();
                declared_body(program, name).map(|body| Component { name: name.to_string(), body })
            }
            expr => expression_body(program, expr).map(|body| Component { name: "default".to_string(), body }),
        }),
    };
    found.ok_or_else(|| {
        host.error(
            export.span.start,
            format!(
                "no page component: looked for a function component with a block body exported \
                 by default, found `{}`",
                host.text(export.span).lines().next().unwrap_or_default()
            ),
        )
    })
}

/// A page without a default export (`export const KanbanPage: React.FC = () => {...}`):
/// the exported component named like the file, else the only exported PascalCase one.
fn named_component<'b, 'a>(program: &'b Program<'a>, host: &SourceFile<'_>) -> Result<Component<'b, 'a>, PatchError> {
    let mut exported = Vec::new();
    for stmt in &program.body {
        let Statement::ExportDeclaration(export) = stmt else { continue };
        match &export.declaration {
            Declaration::FunctionDeclaration(func) => exported.extend(func.id.as_ref().map(|id| id.name.to_string())),
            Declaration::VariableDeclaration(var) => {
                exported.extend(var.declarations.iter().filter_map(|d| match &d.id {
                    BindingPattern::BindingIdentifier(id) => Some(id.name.to_string()),
                    _ => None,
                }))
            }
            _ => {}
        }
    }
    exported.retain(|name| name.starts_with(|c: char| c.is_ascii_uppercase()));
    let components: Vec<(String, &'b FunctionBody<'a>)> =
        exported.iter().filter_map(|name| declared_body(program, name).map(|body| (name.clone(), body))).collect();
    let stem = host.path.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
    let chosen = match components.iter().position(|(name, _)| name == stem) {
        Some(at) => Some(at),
        None if components.len() == 1 => Some(0),
        None => None,
    };
    match chosen {
        Some(at) => {
            let (name, body) = components.into_iter().nth(at).expect("chosen among them");
            Ok(Component { name, body })
        }
        None if components.is_empty() && !exported.is_empty() => Err(host.error(
            0,
            format!(
                "no page component: looked for a function component with a block body (`() => {{ ... }}`), \
                 found {} without one",
                crate::error::backticked(exported.iter(), ", ")
            ),
        )),
        None if components.is_empty() => Err(host.error(
            0,
            "no page component: looked for a default export (`export default function Page()`, \
             `export default Page`) or an exported function component (`export const Page = () => {...}`), \
             found neither",
        )),
        None => Err(host.error(
            0,
            format!(
                "no page component: the file exports the components {}, none named like the file (`{stem}`) \
                 and none by default: export the page, the one holding the list state, by default \
                 (`export default <Page>;`), or name the file after it",
                crate::error::backticked(components.iter().map(|(n, _)| n), ", ")
            ),
        )),
    }
}

/// The body of a top-level function declared as `name`.
fn declared_body<'b, 'a>(program: &'b Program<'a>, name: &str) -> Option<&'b FunctionBody<'a>> {
    program.body.iter().find_map(|stmt| {
        let decl = match stmt {
            Statement::ExportDeclaration(export) => &export.declaration,
            other => other.as_declaration()?,
        };
        match decl {
            Declaration::FunctionDeclaration(func) if func.id.as_ref().is_some_and(|id| id.name == name) => {
                func.body.as_deref()
            }
            Declaration::VariableDeclaration(var) => var.declarations.iter().find_map(|d| match (&d.id, &d.init) {
                (BindingPattern::BindingIdentifier(id), Some(init)) if id.name == name => {
                    expression_body(program, init)
                }
                _ => None,
            }),
            _ => None,
        }
    })
}

/// The block body of a function expression or arrow, looking through
/// wrappers like `memo(...)` and names of other top-level functions.
fn expression_body<'b, 'a>(program: &'b Program<'a>, expr: &'b Expression<'a>) -> Option<&'b FunctionBody<'a>> {
    match expr.get_inner_expression() {
        Expression::ArrowFunctionExpression(arrow) => arrow.body.as_function_body(),
        Expression::FunctionExpression(func) => func.body.as_deref(),
        Expression::CallExpression(call) => {
            call.arguments.first().and_then(|a| a.as_expression()).and_then(|inner| expression_body(program, inner))
        }
        Expression::Identifier(id) => declared_body(program, id.name.as_str()),
        _ => None,
    }
}

/// `const [x, setX] = useState(...)` (or `React.useState`): the setter, and
/// whether the initial value is an array literal.
fn state_setter(stmt: &Statement<'_>) -> Option<(String, bool)> {
    let Statement::VariableDeclaration(var) = stmt else { return None };
    var.declarations.iter().find_map(|d| {
        let call = call_of(d.init.as_ref()?)?;
        if call.callee_name() != Some("useState") {
            return None;
        }
        let BindingPattern::ArrayPattern(pattern) = &d.id else { return None };
        let Some(Some(BindingPattern::BindingIdentifier(setter))) = pattern.elements.get(1) else {
            return None;
        };
        let is_list = call
            .arguments
            .first()
            .and_then(|a| a.as_expression())
            .is_some_and(|e| matches!(e.get_inner_expression(), Expression::ArrayExpression(_)));
        Some((setter.name.to_string(), is_list))
    })
}

fn is_state_declaration(stmt: &Statement<'_>) -> bool {
    let Statement::VariableDeclaration(var) = stmt else { return false };
    var.declarations
        .iter()
        .any(|d| d.init.as_ref().and_then(call_of).is_some_and(|c| c.callee_name() == Some("useState")))
}

fn pick_setter(host: &SourceFile<'_>, component: &Component<'_, '_>, plural: &str) -> Result<String, PatchError> {
    let wanted = format!("set{plural}");
    let setters: Vec<(String, bool)> = component.body.statements.iter().filter_map(state_setter).collect();
    if setters.iter().any(|(name, _)| *name == wanted) {
        return Ok(wanted);
    }
    // The list held outside the page (`const { tasks, fetchAll } = useTaskStore();`): no setter
    // would be right, so `page.setter` is not the way forward.
    if let Some((list, hook, at)) = list_from_hook(component, plural) {
        return Err(host.error(
            at,
            format!(
                "no list state for `{plural}` in the page component `{}`: it reads `{list}` from \
                 `{hook}()`, not from a `useState` of its own, and rtgen found no way to reload it: \
                 no TanStack Query key naming the module, no store action, thunk or `refetch` named \
                 after it, no `fetch{plural}`/`load{plural}` function in the page",
                component.name
            ),
        ));
    }
    let found = if setters.is_empty() {
        "found no `useState`".to_string()
    } else {
        format!("found {}", crate::error::backticked(setters.iter().map(|(n, _)| n), ", "))
    };
    // Naming a setter helps only when one holds a list (`useState([])`): naming another
    // would put records into a filter or a flag.
    let lists: Vec<&String> = setters.iter().filter(|(_, list)| *list).map(|(n, _)| n).collect();
    let advice = match lists.as_slice() {
        [] => String::new(),
        lists => format!(
            "; if {} holds the module's list, name it in the module spec (`page.setter`)",
            crate::error::backticked(lists.iter().copied(), " or ")
        ),
    };
    Err(host.error(
        component.body.span.start,
        format!(
            "no list state for `{plural}` in the page component `{}`: looked for \
             `const [..., {wanted}] = useState(...)`, {found}{advice}",
            component.name
        ),
    ))
}

/// `const { tasks, ... } = useTaskStore(...)` among the component's statements:
/// the list (`tasks` for `Tasks`), the hook, and where.
fn list_from_hook(component: &Component<'_, '_>, plural: &str) -> Option<(String, String, u32)> {
    let list = heck::ToLowerCamelCase::to_lower_camel_case(plural);
    component.body.statements.iter().find_map(|stmt| {
        let Statement::VariableDeclaration(var) = stmt else { return None };
        var.declarations.iter().find_map(|d| {
            let BindingPattern::ObjectPattern(pattern) = &d.id else { return None };
            let call = call_of(d.init.as_ref()?)?;
            let hook = call.callee_name()?.to_string();
            let holds = pattern.properties.iter().any(|p| p.key.static_name().is_some_and(|k| k == list.as_str()));
            (holds && hook.starts_with("use")).then(|| (list.clone(), hook, stmt.span().start))
        })
    })
}

/// `const name = ...` or `function name() {}`.
/// `const name = ...`, `const { name } = useOrders()` (what a provider's hook
/// hands out) or `function name() {}`.
fn declares(stmt: &Statement<'_>, name: &str) -> bool {
    match stmt {
        Statement::FunctionDeclaration(func) => func.id.as_ref().is_some_and(|id| id.name == name),
        Statement::VariableDeclaration(var) => var.declarations.iter().any(|d| match &d.id {
            BindingPattern::BindingIdentifier(id) => id.name == name,
            BindingPattern::ObjectPattern(pattern) => pattern.properties.iter().any(|p| match &p.value {
                BindingPattern::BindingIdentifier(id) => id.name == name,
                BindingPattern::AssignmentPattern(a) => {
                    matches!(&a.left, BindingPattern::BindingIdentifier(id) if id.name == name)
                }
                _ => false,
            }),
            _ => false,
        }),
        _ => false,
    }
}

/// `const x = useSomething(...)` (or a destructuring of it): a hook's result.
fn is_hook_declaration(stmt: &Statement<'_>) -> bool {
    let Statement::VariableDeclaration(var) = stmt else { return false };
    var.declarations
        .iter()
        .any(|d| d.init.as_ref().and_then(call_of).and_then(|c| c.callee_name()).is_some_and(|n| n.starts_with("use")))
}

/// What the listener effect brought along, among the component's top-level
/// statements: `const xRef = useRef(...)` and the effect that keeps
/// `xRef.current` up to date, for each ref the removed effects read; and
/// `const queryClient = useQueryClient()` when nothing else uses it.
fn companions(program: &Program<'_>, component: &Component<'_, '_>, removed: &[Span]) -> Vec<Span> {
    let inside = |span: Span| removed.iter().any(|r| r.start <= span.start && span.end <= r.end);
    let mut refs = Vec::new();
    let mut clients = Vec::new();
    CallVisitor {
        f: |c: &CallExpression<'_>| {
            if !inside(c.span) {
                return;
            }
            if let Some(object) = member_call_object(c, "invalidateQueries") {
                clients.push(object.to_string());
            }
            if let Some(member) = c.callee.get_inner_expression().as_member_expression() {
                if member.static_property_name() == Some("current") {
                    if let Expression::Identifier(id) = member.object().get_inner_expression() {
                        refs.push(id.name.to_string());
                    }
                }
            }
        },
    }
    .visit_program(program);
    let mut found = Vec::new();
    for stmt in &component.body.statements {
        let Statement::VariableDeclaration(var) = stmt else {
            // `useEffect(() => { xRef.current = x; });`
            let Some(call) = statement_call(stmt) else { continue };
            if call.callee_name() == Some("useEffect")
                && call.arguments.len() == 1
                && refs.iter().any(|r| assigns_current(call, r))
            {
                found.push(stmt.span());
            }
            continue;
        };
        let [declarator] = var.declarations.as_slice() else { continue };
        let BindingPattern::BindingIdentifier(id) = &declarator.id else { continue };
        let callee = declarator.init.as_ref().and_then(call_of).and_then(|c| match c.callee.get_inner_expression() {
            Expression::Identifier(callee) => Some(callee.name.as_str()),
            other => other.as_member_expression().and_then(|m| m.static_property_name()),
        });
        let name = id.name.as_str();
        let ours = match callee {
            Some("useRef") => refs.iter().any(|r| r == name),
            Some("useQueryClient") => clients.iter().any(|c| c == name),
            _ => false,
        };
        if ours {
            found.push(stmt.span());
        }
    }
    // Kept when the page uses it elsewhere.
    let mut all: Vec<Span> = removed.to_vec();
    all.extend(found.iter().copied());
    found.retain(|span| {
        let name = component.body.statements.iter().find(|s| s.span() == *span).and_then(|s| match s {
            Statement::VariableDeclaration(var) => var.declarations.first().and_then(|d| match &d.id {
                BindingPattern::BindingIdentifier(id) => Some(id.name.to_string()),
                _ => None,
            }),
            _ => None,
        });
        name.is_none_or(|name| !is_referenced(program, &name, &all))
    });
    found
}

/// `useEffect(() => { xRef.current = ...; })`, and nothing else in it.
fn assigns_current(call: &CallExpression<'_>, name: &str) -> bool {
    let Some(Expression::ArrowFunctionExpression(arrow)) = call.arguments.first().and_then(|a| a.as_expression())
    else {
        return false;
    };
    let Some(body) = arrow.body.as_function_body() else { return false };
    let [Statement::ExpressionStatement(es)] = body.statements.as_slice() else { return false };
    let Expression::AssignmentExpression(assign) = es.expression.get_inner_expression() else { return false };
    let Some(member) = assign.left.as_member_expression() else { return false };
    member.static_property_name() == Some("current")
        && matches!(member.object().get_inner_expression(), Expression::Identifier(id) if id.name == name)
}

/// The component's top-level `useEffect(...)` statements whose callback
/// calls `<local>.subscribe(...)`.
fn effects(component: &Component<'_, '_>, local: &str) -> Vec<Span> {
    component
        .body
        .statements
        .iter()
        .filter(|stmt| {
            let Some(call) = statement_call(stmt) else { return false };
            if call.callee_name() != Some("useEffect") {
                return false;
            }
            let mut subscribes = false;
            let mut visitor = CallVisitor {
                f: |c: &CallExpression<'_>| {
                    subscribes |= member_call_object(c, "subscribe") == Some(local);
                },
            };
            for arg in &call.arguments {
                visitor.visit_argument(arg);
            }
            subscribes
        })
        .map(|stmt| stmt.span())
        .collect()
}

/// Makes `useEffect` callable and returns how to call it: an existing
/// import's name, `React.useEffect` when React is only imported whole and
/// used that way, or `useEffect` after adding it to the React import.
/// Makes `useEffect` callable and returns how to call it: an existing
/// import's name, `React.useEffect` when React is only imported whole and
/// used that way, or `useEffect` after adding it to the React import.
pub(crate) fn ensure_use_effect(
    program: &Program<'_>,
    host: &SourceFile<'_>,
    splice: &mut Splice,
) -> Result<String, PatchError> {
    Ok(ensure_react_hooks(program, host, splice, &["useEffect"])?.remove(0))
}

/// Makes each of React's hooks `wanted` callable and returns how to call
/// each: an existing import's name, `React.useX` when React is only
/// imported whole and used that way, or `useX` after adding the missing ones
/// to the React import (one new import when there is none).
pub(crate) fn ensure_react_hooks(
    program: &Program<'_>,
    host: &SourceFile<'_>,
    splice: &mut Splice,
    wanted: &[&str],
) -> Result<Vec<String>, PatchError> {
    let react: Vec<&ImportDeclaration<'_>> =
        imports(program).into_iter().filter(|d| d.source.value == "react" && d.import_kind.is_value()).collect();
    let specifiers = || react.iter().flat_map(|d| d.specifiers.iter().flatten());
    let imported = |hook: &str| {
        specifiers().find_map(|specifier| match specifier {
            ImportDeclarationSpecifier::ImportSpecifier(s) if s.imported.name() == hook => {
                Some(s.local.name.to_string())
            }
            _ => None,
        })
    };
    let mut calls: Vec<Option<String>> = wanted.iter().map(|hook| imported(hook)).collect();
    let missing: Vec<&str> = wanted.iter().zip(&calls).filter(|(_, c)| c.is_none()).map(|(h, _)| *h).collect();
    if missing.is_empty() {
        return Ok(calls.into_iter().flatten().collect());
    }
    let fill = |calls: &mut Vec<Option<String>>, prefix: &str| {
        for (hook, call) in wanted.iter().zip(calls.iter_mut()) {
            if call.is_none() {
                *call = Some(format!("{prefix}{hook}"));
            }
        }
    };
    // Extend a named import: `{ useState }` -> `{ useState, useEffect }`.
    for decl in &react {
        let named: Vec<&ImportSpecifier<'_>> = decl
            .specifiers
            .iter()
            .flatten()
            .filter_map(|s| match s {
                ImportDeclarationSpecifier::ImportSpecifier(s) => Some(&**s),
                _ => None,
            })
            .collect();
        if let Some(last) = named.last() {
            let rest = &host.source[last.span.end as usize..decl.source.span.start as usize];
            let close = rest.find('}').unwrap_or(rest.len());
            let separator = if rest[..close].contains('\n') {
                // One specifier a line, as Prettier wraps long imports.
                format!(",{}{}", host.style.line_ending.as_str(), host.line_indent(last.span.start))
            } else {
                ", ".to_string()
            };
            let text: String = missing.iter().map(|hook| format!("{separator}{hook}")).collect();
            splice.insert(last.span.end, text);
            fill(&mut calls, "");
            return Ok(calls.into_iter().flatten().collect());
        }
    }
    for decl in &react {
        for specifier in decl.specifiers.iter().flatten() {
            match specifier {
                ImportDeclarationSpecifier::ImportNamespaceSpecifier(s) => {
                    fill(&mut calls, &format!("{}.", s.local.name));
                    return Ok(calls.into_iter().flatten().collect());
                }
                ImportDeclarationSpecifier::ImportDefaultSpecifier(s) => {
                    let name = s.local.name.as_str();
                    if uses_member_hooks(program, name) {
                        fill(&mut calls, &format!("{name}."));
                    } else {
                        splice.insert(s.span.end, format!(", {{ {} }}", missing.join(", ")));
                        fill(&mut calls, "");
                    }
                    return Ok(calls.into_iter().flatten().collect());
                }
                ImportDeclarationSpecifier::ImportSpecifier(_) => {}
            }
        }
    }
    insert_import(host, program, splice, &format!("import {{ {} }} from \"react\";", missing.join(", ")))?;
    fill(&mut calls, "");
    Ok(calls.into_iter().flatten().collect())
}

/// Makes `name` of `package` callable: an existing import's local name, or
/// `name` added to the package's named import, or a new import.
fn ensure_named_import(
    program: &Program<'_>,
    host: &SourceFile<'_>,
    splice: &mut Splice,
    package: &str,
    name: &str,
) -> Result<String, PatchError> {
    let decls: Vec<&ImportDeclaration<'_>> =
        imports(program).into_iter().filter(|d| d.source.value == package && d.import_kind.is_value()).collect();
    for decl in &decls {
        for specifier in decl.specifiers.iter().flatten() {
            if let ImportDeclarationSpecifier::ImportSpecifier(s) = specifier {
                if s.imported.name() == name {
                    return Ok(s.local.name.to_string());
                }
            }
        }
    }
    for decl in &decls {
        let last = decl.specifiers.iter().flatten().filter_map(|s| match s {
            ImportDeclarationSpecifier::ImportSpecifier(s) => Some(s.span),
            _ => None,
        });
        if let Some(last) = last.last() {
            let rest = &host.source[last.end as usize..decl.source.span.start as usize];
            let close = rest.find('}').unwrap_or(rest.len());
            let text = if rest[..close].contains('\n') {
                format!(",{}{}{name}", host.style.line_ending.as_str(), host.line_indent(last.start))
            } else {
                format!(", {name}")
            };
            splice.insert(last.end, text);
            return Ok(name.to_string());
        }
    }
    insert_import(host, program, splice, &format!("import {{ {name} }} from \"{package}\";"))?;
    Ok(name.to_string())
}

/// Whether the file calls hooks as `React.useX(...)`.
fn uses_member_hooks(program: &Program<'_>, react: &str) -> bool {
    let mut found = false;
    CallVisitor {
        f: |c: &CallExpression<'_>| {
            let Some(member) = c.callee.get_inner_expression().as_member_expression() else {
                return;
            };
            found |= member.object().is_specific_id(react)
                && member.static_property_name().is_some_and(|p| p.starts_with("use"));
        },
    }
    .visit_program(program);
    found
}

/// After the effects in `removed` are gone, drops the `useEffect` import
/// specifier if no other code refers to it (the whole import, by adding it
/// to `statements`, when it imports nothing else).
pub(crate) fn drop_unused_use_effect(
    program: &Program<'_>,
    host: &SourceFile<'_>,
    splice: &mut Splice,
    statements: &mut Vec<Span>,
    removed: &[Span],
) {
    for decl in imports(program) {
        if decl.source.value != "react" {
            continue;
        }
        let Some(specifiers) = &decl.specifiers else { continue };
        let is_use_effect = |s: &ImportDeclarationSpecifier<'_>| match s {
            ImportDeclarationSpecifier::ImportSpecifier(s) => s.imported.name() == "useEffect",
            _ => false,
        };
        let Some(index) = specifiers.iter().position(is_use_effect) else {
            continue;
        };
        let local = specifiers[index].local().name.as_str();
        if is_referenced(program, local, removed) {
            return;
        }
        let this = specifiers[index].span();
        let named_before = index > 0 && matches!(specifiers[index - 1], ImportDeclarationSpecifier::ImportSpecifier(_));
        if specifiers.len() == 1 {
            statements.push(decl.span);
        } else if named_before {
            splice.delete(specifiers[index - 1].span().end, this.end);
        } else if let Some(next) = specifiers.get(index + 1) {
            splice.delete(this.start, next.span().start);
        } else {
            // `React, { useEffect }`: drop the braces too.
            let after = &host.source[this.end as usize..decl.source.span.start as usize];
            let close = this.end + after.find('}').map_or(0, |i| i as u32 + 1);
            splice.delete(specifiers[index - 1].span().end, close);
        }
        return;
    }
}

/// After the statements in `removed` are gone, drops each hook import rtgen
/// may have added (`useEffect`, `useRef` from React, `useQueryClient`) that
/// no other code refers to: the specifiers, or the whole import (added to
/// `statements`) when it imports nothing else.
fn drop_unused_imports(
    program: &Program<'_>,
    host: &SourceFile<'_>,
    splice: &mut Splice,
    statements: &mut Vec<Span>,
    removed: &[Span],
) {
    for decl in imports(program) {
        let source = decl.source.value.as_str();
        let candidates: &[&str] = match source {
            "react" => &["useEffect", "useRef"],
            "@tanstack/react-query" => &["useQueryClient"],
            _ => continue,
        };
        let Some(specifiers) = &decl.specifiers else { continue };
        let drop: Vec<bool> = specifiers
            .iter()
            .map(|s| match s {
                ImportDeclarationSpecifier::ImportSpecifier(s) => {
                    candidates.contains(&s.imported.name().as_str()) && !is_referenced(program, &s.local.name, removed)
                }
                _ => false,
            })
            .collect();
        if !drop.contains(&true) {
            continue;
        }
        if drop.iter().all(|d| *d) {
            statements.push(decl.span);
            continue;
        }
        // Each run of dropped specifiers, with the separator before it (or after it, first in the braces).
        let mut i = 0;
        while i < specifiers.len() {
            if !drop[i] {
                i += 1;
                continue;
            }
            let mut j = i;
            while j + 1 < specifiers.len() && drop[j + 1] {
                j += 1;
            }
            let named_before = i > 0 && matches!(specifiers[i - 1], ImportDeclarationSpecifier::ImportSpecifier(_));
            if named_before {
                splice.delete(specifiers[i - 1].span().end, specifiers[j].span().end);
            } else if let Some(next) = specifiers.get(j + 1) {
                splice.delete(specifiers[i].span().start, next.span().start);
            } else {
                // `React, { useEffect }`: drop the braces too.
                let end = specifiers[j].span().end;
                let after = &host.source[end as usize..decl.source.span.start as usize];
                let close = end + after.find('}').map_or(0, |i| i as u32 + 1);
                splice.delete(specifiers[i - 1].span().end, close);
            }
            i = j + 1;
        }
    }
}

/// The listener effect, in canonical style, after what it needs: the ref
/// that keeps the latest loader (the effect subscribes once per mount) and
/// the page's query client when it has none. `hooks`: how `useEffect` (and
/// `useRef`) are called.
fn effect_code(
    hooks: &[String],
    latest: Option<&str>,
    client: Option<&(String, String)>,
    local: &str,
    patch: &PagePatch,
) -> String {
    let PagePatch { entity: key, id_field: id, anchors, .. } = patch;
    let use_effect = &hooks[0];
    let mut before = String::new();
    if let (Some(latest), Some(loader), Some(use_ref)) = (latest, anchors.loader(), hooks.get(1)) {
        before.push_str(&format!(
            "const {latest} = {use_ref}({loader});\n{use_effect}(() => {{\n  {latest}.current = {loader};\n}});\n"
        ));
    }
    if let Some((use_query_client, name)) = client {
        before.push_str(&format!("const {name} = {use_query_client}();\n"));
    }
    let reload = |indent: &str| match anchors {
        PageAnchors::State { .. } | PageAnchors::Loader { .. } => {
            format!("{indent}{}.current();", latest.unwrap_or_default())
        }
        PageAnchors::Query { key: query_key, client: own, .. } => {
            let client = own.as_deref().or(client.map(|(_, name)| name.as_str())).unwrap_or_default();
            format!("{indent}{client}.invalidateQueries({{ queryKey: {query_key} }});")
        }
        PageAnchors::Store { store, action } => format!("{indent}{store}.getState().{action}();"),
        PageAnchors::Thunk { dispatch, thunk } => format!("{indent}{dispatch}({thunk}());"),
    };
    let (subscribe, body, deps) = match anchors {
        PageAnchors::State { setter, loader } => {
            // The payload key becomes a binding; rename it where it would shadow a
            // name the effect uses (a module called `item`, `current`, ...).
            let taken = ["item", "current", "event", "exists", setter.as_str(), local];
            let clash = taken.contains(&key.as_str())
                || loader.as_deref() == Some(key.as_str())
                || latest == Some(key.as_str());
            let (pattern, entity) =
                if clash { (format!("{key}: changed"), "changed".to_string()) } else { (key.clone(), key.clone()) };
            let body = match loader {
                Some(_) => format!(
                    r#"    if (event === "deleted") {{
      {setter}((current) => current.filter((item) => item.{id} !== {entity}.{id}));
      return;
    }}
{}"#,
                    reload("    ")
                ),
                None => format!(
                    r#"    {setter}((current) => {{
      if (event === "deleted") {{
        return current.filter((item) => item.{id} !== {entity}.{id});
      }}
      const exists = current.some((item) => item.{id} === {entity}.{id});
      return exists
        ? current.map((item) => (item.{id} === {entity}.{id} ? {{ ...item, ...{entity} }} : item))
        : [{entity}, ...current];
    }});"#
                ),
            };
            (format!("return {local}.subscribe((event, {{ {pattern} }}) => {{"), body, String::new())
        }
        // The query client and `dispatch` are stable: listed, they never re-subscribe.
        PageAnchors::Query { client: own, .. } => {
            let client = own.as_deref().or(client.map(|(_, name)| name.as_str())).unwrap_or_default().to_string();
            (format!("return {local}.subscribe(() => {{"), reload("    "), client)
        }
        PageAnchors::Thunk { dispatch, .. } => {
            (format!("return {local}.subscribe(() => {{"), reload("    "), dispatch.clone())
        }
        PageAnchors::Loader { .. } | PageAnchors::Store { .. } => {
            (format!("return {local}.subscribe(() => {{"), reload("    "), String::new())
        }
    };
    format!("{before}{use_effect}(() => {{\n  {subscribe}\n{body}\n  }});\n}}, [{deps}]);")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::patch::test_support::{diff, roundtrip};

    /// The example app's proposals page.
    const PROPOSALS: &str = r#"import { useEffect, useState } from "react";
import { api } from "../services/api";

export default function Proposals() {
  const [proposals, setProposals] = useState([]);
  const [loading, setLoading] = useState(true);

  const fetchProposals = async () => {
    setLoading(true);
    const { data } = await api.get("/proposals");
    setProposals(data);
    setLoading(false);
  };

  useEffect(() => {
    fetchProposals();
  }, []);

  return (
    <ul>
      {proposals.map((p) => (
        <li key={p.id}>{p.title}</li>
      ))}
    </ul>
  );
}
"#;

    /// Arrow component exported separately; `useEffect` not imported yet.
    const CONTRACTS: &str = r#"import { useState } from "react";
import { api } from "../services/api";

const ContractRequests = () => {
  const [contracts, setContracts] = useState([]);

  const loadContracts = async () => {
    const { data } = await api.get("/contracts");
    setContracts(data);
  };

  return <button onClick={loadContracts}>{contracts.length} contracts</button>;
};

export default ContractRequests;
"#;

    /// No loader, React imported whole and used as `React.useState`.
    const NO_LOADER: &str = r#"import React from "react";

function Inquiries() {
  const [inquiries, setInquiries] = React.useState([]);
  const [filter, setFilter] = React.useState("");
  return <div>{inquiries.length}{filter}</div>;
}

export default React.memo(Inquiries);
"#;

    /// A long React import Prettier wrapped one specifier a line.
    const WRAPPED_IMPORT: &str = "import {\n  useCallback,\n  useMemo,\n  useState,\n} from \"react\";\n\nexport default function Proposals() {\n  const [proposals, setProposals] = useState([]);\n  const count = useMemo(() => proposals.length, [proposals]);\n  const refreshProposals = useCallback(() => {}, []);\n  return count;\n}\n";

    fn names(plural: &str) -> PageNames {
        PageNames {
            plural_pascal: plural.into(),
            pascal: plural.trim_end_matches('s').into(),
            setter: None,
            loader: None,
        }
    }

    fn patch(entity: &str, anchors: PageAnchors) -> PagePatch {
        PagePatch {
            binding: format!("{entity}SocketService"),
            specifier: format!("../services/{entity}SocketService"),
            anchors,
            id_field: "id".into(),
            entity: entity.into(),
        }
    }

    fn run(source: &str, entity: &str, plural: &str) -> String {
        let path = Path::new("front/src/admin/pages/Page.jsx");
        let anchors = detect(path, source, &names(plural)).unwrap();
        let p = patch(entity, anchors);
        let patched = roundtrip(source, |s| add(path, s, &p), |s| remove(path, s, &p));
        diff(source, &patched)
    }

    #[test]
    fn detects_by_module_names() {
        let path = Path::new("Page.jsx");
        assert_eq!(
            detect(path, PROPOSALS, &names("Proposals")).unwrap(),
            PageAnchors::State { setter: "setProposals".into(), loader: Some("fetchProposals".into()) }
        );
        assert_eq!(
            detect(path, CONTRACTS, &names("Contracts")).unwrap(),
            PageAnchors::State { setter: "setContracts".into(), loader: Some("loadContracts".into()) }
        );
        assert_eq!(
            detect(path, NO_LOADER, &names("Inquiries")).unwrap(),
            PageAnchors::State { setter: "setInquiries".into(), loader: None }
        );
        let given = |setter: &str, loader: &str| PageNames {
            plural_pascal: "Items".into(),
            pascal: "Item".into(),
            setter: Some(setter.into()),
            loader: Some(loader.into()),
        };
        assert_eq!(
            detect(path, PROPOSALS, &given("setProposals", "fetchProposals")).unwrap(),
            PageAnchors::State { setter: "setProposals".into(), loader: Some("fetchProposals".into()) }
        );
        // Configured names must exist in the page.
        let error = detect(path, PROPOSALS, &given("setRows", "fetchProposals")).unwrap_err();
        assert!(error.message.contains("`page.setter: setRows` names no state setter"), "{error}");
        let error = detect(path, PROPOSALS, &given("setProposals", "reload")).unwrap_err();
        assert!(error.message.contains("`page.loader: reload` names no function"), "{error}");
    }

    #[test]
    fn named_export_page_is_the_component_named_like_the_file() {
        // project_manager's pages: `export const KanbanPage: React.FC = () => {...}`, no default export.
        let source = "import { useEffect, useState } from 'react';\n\nexport const TaskCard = () => {\n  return null;\n};\n\nexport const TaskBoard = () => {\n  const [tasks, setTasks] = useState([]);\n  const fetchTasks = async () => setTasks([]);\n  useEffect(() => {\n    fetchTasks();\n  }, []);\n  return null;\n};\n";
        let path = Path::new("front/src/pages/TaskBoard.tsx");
        let anchors = detect(path, source, &names("Tasks")).unwrap();
        assert_eq!(anchors, PageAnchors::State { setter: "setTasks".into(), loader: Some("fetchTasks".into()) });
        let p = patch("task", anchors);
        let patched = roundtrip(source, |s| add(path, s, &p), |s| remove(path, s, &p));
        assert!(patched.contains("export const TaskBoard = () => {\n  const [tasks, setTasks]"), "{patched}");
        assert!(patched.contains("    return taskSocketService.subscribe("), "{patched}");
        // Not named like the file and not the only one: refused, saying how to choose.
        let error = detect(Path::new("front/src/pages/Board.tsx"), source, &names("Tasks")).unwrap_err();
        assert!(
            error
                .message
                .contains("exports the components `TaskCard`, `TaskBoard`, none named like the file (`Board`)"),
            "{error}"
        );
        assert!(error.message.contains("export the page, the one holding the list state, by default"), "{error}");
        let error = detect(path, "export const x = 1;\n", &names("Tasks")).unwrap_err();
        assert!(error.message.contains("found neither"), "{error}");
    }

    #[test]
    fn function_page_with_loader() {
        insta::assert_snapshot!(run(PROPOSALS, "proposal", "Proposals"));
    }

    #[test]
    fn arrow_page_with_separate_export() {
        insta::assert_snapshot!(run(CONTRACTS, "contract", "Contracts"));
    }

    #[test]
    fn page_without_loader_uses_react_namespace() {
        insta::assert_snapshot!(run(NO_LOADER, "inquiry", "Inquiries"));
    }

    #[test]
    fn wrapped_react_import_gets_one_more_line() {
        insta::assert_snapshot!(run(WRAPPED_IMPORT, "proposal", "Proposals"));
    }

    #[test]
    fn default_react_import_gains_named_use_effect() {
        let source = "import React from \"react\";\n\nconst Proposals = () => {\n  const [proposals, setProposals] = useState([]);\n  return proposals;\n};\n\nexport default Proposals;\n";
        insta::assert_snapshot!(run(source, "proposal", "Proposals"));
    }

    #[test]
    fn file_without_imports_gets_both_at_the_top() {
        let source = "const Proposals = () => {\n  const [proposals, setProposals] = useState([]);\n  return proposals;\n};\n\nexport default Proposals;\n";
        let out = run(source, "proposal", "Proposals");
        assert!(out.contains("+import { useEffect } from \"react\";\n+import proposalSocketService"), "{out}");
    }

    #[test]
    fn keeps_use_effect_import_used_elsewhere_on_remove() {
        let path = Path::new("Page.jsx");
        let anchors = detect(path, PROPOSALS, &names("Proposals")).unwrap();
        let p = patch("proposal", anchors);
        let Outcome::Changed(patched) = add(path, PROPOSALS, &p).unwrap() else { panic!() };
        assert!(patched.starts_with("import { useEffect, useState, useRef } from \"react\";\n"));
        let Outcome::Changed(removed) = remove(path, &patched, &p).unwrap() else { panic!() };
        assert_eq!(removed, PROPOSALS);
    }

    #[test]
    fn reformatted_patch_is_still_present() {
        // The patched page as Prettier prints it with single quotes and a
        // narrow width: the effect wrapped, the import split over lines.
        let source = r#"import { useEffect, useState } from 'react'
import {
  default as proposalSocketService,
} from '../services/proposalSocketService.js'

export default function Proposals() {
  const [proposals, setProposals] = useState([])
  useEffect(
    () =>
      proposalSocketService.subscribe(
        (event, { proposal }) => {
          setProposals((current) => current)
        },
      ),
    [],
  )
  return proposals
}
"#;
        let path = Path::new("Page.jsx");
        let anchors = detect(path, source, &names("Proposals")).unwrap();
        assert_eq!(add(path, source, &patch("proposal", anchors)).unwrap(), Outcome::Unchanged);
    }

    #[test]
    fn refuses_page_without_list_state() {
        let source = "import { useState } from \"react\";\n\nexport default function Proposals() {\n  const [rows, setRows] = useState([]);\n  const [archived, setArchived] = useState([]);\n  return rows.concat(archived);\n}\n";
        let error = detect(Path::new("front/src/admin/pages/Proposals.jsx"), source, &names("Proposals")).unwrap_err();
        assert_eq!(error.line, 3);
        insta::assert_snapshot!(error.to_string());
    }

    /// A page exported by its own name (routes lazy-load it with
    /// `.then((m) => ({ default: m.TasksPage }))`), as two public TSX apps write them.
    #[test]
    fn r_page_exported_by_the_file_name_is_the_component() {
        let source = "import React, { useEffect, useState } from 'react';\n\n\
            export const TasksPage = () => {\n  const [tasks, setTasks] = useState([]);\n\
            \n  const fetchTasks = async () => {\n    setTasks([]);\n  };\n\n  useEffect(() => {\n    fetchTasks();\n  }, []);\n\n\
              return <ul>{tasks.length}</ul>;\n};\n";
        let path = Path::new("front/src/pages/TasksPage.jsx");
        let anchors = detect(path, source, &names("Tasks")).unwrap();
        assert_eq!(anchors, PageAnchors::State { setter: "setTasks".into(), loader: Some("fetchTasks".into()) });
        let p = patch("task", anchors);
        let patched = roundtrip(source, |s| add(path, s, &p), |s| remove(path, s, &p));
        assert!(patched.contains("taskSocketService.subscribe"), "{patched}");
        // Under another file name it is still the only exported component: the page.
        assert!(detect(Path::new("front/src/pages/Other.jsx"), source, &names("Tasks")).is_ok());
    }

    /// A page whose list lives in a store (a public project manager's Kanban
    /// page): the refusal says so instead of asking for `page.setter`.
    #[test]
    fn r_page_reading_its_list_from_a_store_is_refused_with_the_store_named() {
        let source = "import { useState } from 'react';\nimport { useTaskStore } from '../store/taskStore';\n\n\
            export default function KanbanPage() {\n  const [filter, setFilter] = useState('');\n\
              const { tasks, fetchAll } = useTaskStore();\n  return <ul>{tasks.length}{filter}</ul>;\n}\n";
        let error =
            detect(Path::new("front/src/pages/KanbanPage.jsx"), source, &names("Tasks")).unwrap_err().to_string();
        assert!(error.contains("KanbanPage.jsx:6:"), "{error}");
        assert!(error.contains("it reads `tasks` from `useTaskStore()`"), "{error}");
        assert!(!error.contains("page.setter"), "{error}");
    }

    #[test]
    fn refuses_page_without_component() {
        let source = "export const Proposals = () => null;\n";
        let error = detect(Path::new("front/src/admin/pages/Proposals.jsx"), source, &names("Proposals")).unwrap_err();
        insta::assert_snapshot!(error.to_string());
    }
}
