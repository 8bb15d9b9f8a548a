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
    /// The list-state setter, when the spec names it.
    pub setter: Option<String>,
    /// The function that reloads the list, when the spec names it.
    pub loader: Option<String>,
}

/// The page's list-state setter and loader, as found by [`detect`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageAnchors {
    pub setter: String,
    /// `None`: the effect updates the list from the event payload instead.
    pub loader: Option<String>,
}

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

/// Names the page's list-state setter and loader.
pub fn detect(path: &Path, source: &str, names: &PageNames) -> Result<PageAnchors, PatchError> {
    parse_host(path, source, |program, host| {
        let component = component(program, host)?;
        let statements = &component.body.statements;
        let setter = match &names.setter {
            Some(setter) => {
                // A configured name must exist, or the page would throw when an event arrives.
                if !component.body.statements.iter().filter_map(state_setter).any(|(name, _)| name == *setter) {
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
            None => pick_setter(host, &component, &names.plural_pascal)?,
        };
        if let Some(loader) = &names.loader {
            if !statements.iter().any(|s| declares(s, loader)) {
                return Err(host.error(
                    component.body.span.start,
                    format!(
                        "`page.loader: {loader}` names no function of the page component `{}`: looked for \
                         `const {loader} = ...` or `function {loader}()` in its body",
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
        Ok(PageAnchors { setter, loader })
    })
}

/// Adds the listener effect, its service import, and `useEffect` if missing.
pub fn add(path: &Path, source: &str, patch: &PagePatch) -> Result<Outcome, PatchError> {
    parse_host(path, source, |program, host| {
        let component = component(program, host)?;
        let mut splice = Splice::new();
        let local = default_import_of(program, &patch.specifier).map(|(local, _)| local);
        let present = local.as_deref().is_some_and(|local| !effects(&component, local).is_empty());
        let hook = if present { None } else { Some(ensure_use_effect(program, host, &mut splice)?) };
        if local.is_none() {
            let import = format!("import {} from \"{}\";", patch.binding, patch.specifier);
            insert_import(host, program, &mut splice, &import)?;
        }
        if let Some(hook) = hook {
            let local = local.unwrap_or_else(|| patch.binding.clone());
            let code = effect_code(&hook, &local, patch);
            let statements = &component.body.statements;
            let anchor = statements
                .iter()
                .rposition(|s| statement_call(s).is_some_and(|c| c.callee_name() == Some("useEffect")))
                .or_else(|| statements.iter().rposition(is_state_declaration))
                // Not before the loader's declaration: the effect reads like
                // code written in order (and `no-use-before-define` stays quiet).
                .map(|anchor| {
                    let loader = patch
                        .anchors
                        .loader
                        .as_deref()
                        .and_then(|loader| statements.iter().rposition(|s| declares(s, loader)));
                    loader.map_or(anchor, |loader| anchor.max(loader))
                });
            let Some(anchor) = anchor else {
                return Err(host
                    .error(
                        component.body.span.start,
                        format!(
                            "no `useState` or `useEffect` in the page component `{}` to place the \
                             listener after: looked for them among the component's top-level \
                             statements, found neither",
                            component.name
                        ),
                    )
                    .with_snippet("in the component, after its state", host.snippet(&code)));
            };
            let limit = statements.get(anchor + 1).map(|s| s.span().start);
            host.insert_after(&mut splice, statements[anchor].span(), limit, &code, true)?;
        }
        host.finish(splice)
    })
}

/// Deletes the listener effect and the service import, and the `useEffect`
/// import when nothing else uses it any more.
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
        let removed = effects(&component, &local);
        if !removed.is_empty() {
            drop_unused_use_effect(program, host, &mut splice, &mut statements, &removed);
        }
        statements.extend(removed);
        host.remove_statements(&mut splice, &statements);
        host.finish(splice)
    })
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
                 `{hook}()`, not from a `useState` of its own, and rtgen's listener updates the \
                 page's own list state (a list kept in a store is not patched yet); keep the list \
                 in the page (`const [{list}, {wanted}] = useState([])`, loaded by the page), or \
                 name a page that does in the module spec (`names.page`)",
                component.name
            ),
        ));
    }
    let found = if setters.is_empty() {
        "found no `useState`".to_string()
    } else {
        format!("found {}", crate::error::backticked(setters.iter().map(|(n, _)| n), ", "))
    };
    Err(host.error(
        component.body.span.start,
        format!(
            "no list state for `{plural}` in the page component `{}`: looked for \
             `const [..., {wanted}] = useState(...)`, {found}; name the setter in the module \
             spec (`page.setter`)",
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
fn declares(stmt: &Statement<'_>, name: &str) -> bool {
    match stmt {
        Statement::FunctionDeclaration(func) => func.id.as_ref().is_some_and(|id| id.name == name),
        Statement::VariableDeclaration(var) => {
            var.declarations.iter().any(|d| matches!(&d.id, BindingPattern::BindingIdentifier(id) if id.name == name))
        }
        _ => false,
    }
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
    let react: Vec<&ImportDeclaration<'_>> =
        imports(program).into_iter().filter(|d| d.source.value == "react" && d.import_kind.is_value()).collect();
    let specifiers = || react.iter().flat_map(|d| d.specifiers.iter().flatten());
    for specifier in specifiers() {
        if let ImportDeclarationSpecifier::ImportSpecifier(s) = specifier {
            if s.imported.name() == "useEffect" {
                return Ok(s.local.name.to_string());
            }
        }
    }
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
            let text = if rest[..close].contains('\n') {
                // One specifier a line, as Prettier wraps long imports.
                format!(",{}{}useEffect", host.style.line_ending.as_str(), host.line_indent(last.span.start))
            } else {
                ", useEffect".to_string()
            };
            splice.insert(last.span.end, text);
            return Ok("useEffect".to_string());
        }
    }
    for decl in &react {
        for specifier in decl.specifiers.iter().flatten() {
            match specifier {
                ImportDeclarationSpecifier::ImportNamespaceSpecifier(s) => {
                    return Ok(format!("{}.useEffect", s.local.name));
                }
                ImportDeclarationSpecifier::ImportDefaultSpecifier(s) => {
                    let name = s.local.name.as_str();
                    if uses_member_hooks(program, name) {
                        return Ok(format!("{name}.useEffect"));
                    }
                    splice.insert(s.span.end, ", { useEffect }");
                    return Ok("useEffect".to_string());
                }
                ImportDeclarationSpecifier::ImportSpecifier(_) => {}
            }
        }
    }
    insert_import(host, program, splice, "import { useEffect } from \"react\";")?;
    Ok("useEffect".to_string())
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

/// The listener effect, in canonical style.
fn effect_code(hook: &str, local: &str, patch: &PagePatch) -> String {
    let PagePatch { entity: key, id_field: id, anchors, .. } = patch;
    let setter = &anchors.setter;
    // The payload key becomes a binding; rename it where it would shadow a
    // name the effect uses (a module called `item`, `current`, ...).
    let taken = ["item", "current", "event", "exists", setter.as_str(), local];
    let clash = taken.contains(&key.as_str()) || anchors.loader.as_deref() == Some(key.as_str());
    let (pattern, entity) =
        if clash { (format!("{key}: changed"), "changed".to_string()) } else { (key.clone(), key.clone()) };
    let body = match &anchors.loader {
        Some(loader) => format!(
            r#"    if (event === "deleted") {{
      {setter}((current) => current.filter((item) => item.{id} !== {entity}.{id}));
      return;
    }}
    {loader}();"#
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
    let subscribe = format!("return {local}.subscribe((event, {{ {pattern} }}) => {{");
    // The loader is a dependency: a page whose loader reads filters or paging
    // re-subscribes with the current one instead of calling a stale closure
    // (subscribing is a Set insert). State setters are stable.
    let deps = anchors.loader.as_deref().unwrap_or_default();
    format!("{hook}(() => {{\n  {subscribe}\n{body}\n  }});\n}}, [{deps}]);")
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
        PageNames { plural_pascal: plural.into(), setter: None, loader: None }
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
            PageAnchors { setter: "setProposals".into(), loader: Some("fetchProposals".into()) }
        );
        assert_eq!(
            detect(path, CONTRACTS, &names("Contracts")).unwrap(),
            PageAnchors { setter: "setContracts".into(), loader: Some("loadContracts".into()) }
        );
        assert_eq!(
            detect(path, NO_LOADER, &names("Inquiries")).unwrap(),
            PageAnchors { setter: "setInquiries".into(), loader: None }
        );
        let given = |setter: &str, loader: &str| PageNames {
            plural_pascal: "Items".into(),
            setter: Some(setter.into()),
            loader: Some(loader.into()),
        };
        assert_eq!(
            detect(path, PROPOSALS, &given("setProposals", "fetchProposals")).unwrap(),
            PageAnchors { setter: "setProposals".into(), loader: Some("fetchProposals".into()) }
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
        assert_eq!(anchors, PageAnchors { setter: "setTasks".into(), loader: Some("fetchTasks".into()) });
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
        assert!(patched.starts_with("import { useEffect, useState } from \"react\";\n"));
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
        assert_eq!(anchors, PageAnchors { setter: "setTasks".into(), loader: Some("fetchTasks".into()) });
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
