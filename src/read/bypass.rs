//! Calls that bypass the socket-enabled service: modules of the backend
//! (other than the controller rtgen patches) that import the base service
//! and call one of its emitting methods directly. Those calls emit nothing;
//! `add` and `check` warn about each, with its file and line.

use std::path::{Path, PathBuf};

use anyhow::Result;
use oxc_ast::ast::*;
use oxc_ast_visit::{walk, Visit};

use crate::js::paths::slash;
use crate::read::host::Host;

/// One direct call of an emitting method of the base service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bypass {
    pub file: PathBuf,
    pub line: usize,
    /// As written: `proposalService.createProposal`.
    pub call: String,
}

impl Bypass {
    /// The warning line.
    pub fn describe(&self, with_socket: &Path) -> String {
        format!(
            "`{}:{}`: `{}(...)` calls the base service directly, so it emits no event; import it from `{}` there instead",
            slash(&self.file),
            self.line,
            self.call,
            crate::js::paths::specifier(&self.file, with_socket, true)
        )
    }
}

/// One module's base service, and what counts as bypassing it.
pub struct Target<'a> {
    pub base: &'a Path,
    /// Files that may import the base: the patched controller, the socket-enabled service.
    pub skip: Vec<&'a Path>,
    /// The base's emitting methods.
    pub methods: Vec<String>,
}

/// For every target, the backend modules importing its base service (other
/// than its `skip` files) that call one of its `methods`. The backend is
/// walked and each file read once, whatever the number of targets.
pub fn bypasses(host: &Host, backend: &Path, targets: &[Target]) -> Result<Vec<Vec<Bypass>>> {
    let mut found: Vec<Vec<Bypass>> = targets.iter().map(|_| Vec::new()).collect();
    if targets.is_empty() {
        return Ok(found);
    }
    // Each base service's file stem, to the targets it belongs to.
    let mut by_stem: std::collections::HashMap<String, Vec<usize>> = std::collections::HashMap::new();
    for (i, target) in targets.iter().enumerate() {
        let stem = target.base.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        by_stem.entry(stem).or_default().push(i);
    }
    for file in host.walk(backend, 6, 4000)? {
        if !file.extension().is_some_and(|e| matches!(e.to_str(), Some("js" | "mjs" | "ts"))) {
            continue;
        }
        let Some(text) = host.read(&file)? else { continue };
        // Cheap first: only files whose words name a base service's file are parsed.
        let mut relevant: Vec<usize> = text
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '$'))
            .filter_map(|word| by_stem.get(word))
            .flatten()
            .copied()
            .filter(|&i| targets[i].base != file && !targets[i].skip.contains(&file.as_path()))
            .collect();
        relevant.sort_unstable();
        relevant.dedup();
        if relevant.is_empty() {
            continue;
        }
        let dir = file.parent().unwrap_or(Path::new(""));
        let calls = crate::js::parse::with_program(&file, &text, |program| {
            let mut calls = Vec::new();
            for &i in &relevant {
                let locals = importers_of(program, dir, targets[i].base);
                if locals.is_empty() {
                    continue;
                }
                let mut finder =
                    Calls { locals: &locals, methods: &targets[i].methods, source: &text, found: Vec::new() };
                finder.visit_program(program);
                calls.extend(finder.found.into_iter().map(|c| (i, c)));
            }
            calls
        })
        .unwrap_or_default();
        for (i, (line, call)) in calls {
            found[i].push(Bypass { file: file.clone(), line, call });
        }
    }
    Ok(found)
}

/// Whether the relative specifier `source`, written in `dir`, names `base`.
fn names_base(dir: &Path, source: &str, base: &Path) -> bool {
    if !(source.starts_with("./") || source.starts_with("../")) {
        return false;
    }
    let resolved = crate::read::survey::normalize(&dir.join(source));
    resolved == base || resolved.with_extension("js") == base || resolved == base.with_extension("")
}

/// What a module binds from `base`: a default or namespace import (`Some`
/// local), or named imports (the functions themselves); also what it binds
/// from a dynamic import of it (`const s = (await import("./s.js")).default`,
/// `const { default: s } = await import(...)`, `const { createX } = await
/// import(...)`), often used inside a function to break an import cycle.
fn importers_of(program: &Program<'_>, dir: &Path, base: &Path) -> Vec<(String, bool)> {
    let mut locals = Vec::new();
    let mut dynamic = DynamicImports { dir, base, locals: Vec::new() };
    dynamic.visit_program(program);
    locals.append(&mut dynamic.locals);
    for decl in crate::js::ast::imports(program) {
        if !names_base(dir, decl.source.value.as_str(), base) {
            continue;
        }
        for specifier in decl.specifiers.iter().flatten() {
            match specifier {
                ImportDeclarationSpecifier::ImportDefaultSpecifier(s) => locals.push((s.local.name.to_string(), true)),
                ImportDeclarationSpecifier::ImportNamespaceSpecifier(s) => {
                    locals.push((s.local.name.to_string(), true))
                }
                ImportDeclarationSpecifier::ImportSpecifier(s) => locals.push((s.local.name.to_string(), false)),
            }
        }
    }
    locals
}

/// Bindings of a dynamic `import()` of the base service, at any depth.
struct DynamicImports<'d> {
    dir: &'d Path,
    base: &'d Path,
    locals: Vec<(String, bool)>,
}

impl<'a> Visit<'a> for DynamicImports<'_> {
    fn visit_variable_declarator(&mut self, it: &VariableDeclarator<'a>) {
        if let Some(init) = &it.init {
            match &it.id {
                // `const s = (await import("./s.js")).default`
                BindingPattern::BindingIdentifier(id) => {
                    if crate::js::ast::dynamic_default_source(init)
                        .is_some_and(|source| names_base(self.dir, &source, self.base))
                    {
                        self.locals.push((id.name.to_string(), true));
                    }
                }
                // `const { default: s, createX } = await import("./s.js")`
                BindingPattern::ObjectPattern(pattern)
                    if imported_source(init).is_some_and(|source| names_base(self.dir, &source, self.base)) =>
                {
                    for property in &pattern.properties {
                        let BindingPattern::BindingIdentifier(local) = &property.value else { continue };
                        let is_default = property.key.static_name().is_some_and(|key| key == "default");
                        self.locals.push((local.name.to_string(), is_default));
                    }
                }
                _ => {}
            }
        }
        walk::walk_variable_declarator(self, it);
    }
}

/// The specifier of `await import("...")`.
fn imported_source(expr: &Expression<'_>) -> Option<String> {
    let Expression::AwaitExpression(await_expr) = expr.get_inner_expression() else { return None };
    let Expression::ImportExpression(import) = await_expr.argument.get_inner_expression() else { return None };
    match import.source.get_inner_expression() {
        Expression::StringLiteral(s) => Some(s.value.to_string()),
        Expression::TemplateLiteral(t) => t.single_quasi().map(|s| s.to_string()),
        _ => None,
    }
}

struct Calls<'s> {
    /// `(local, is_object)`: `proposalService` (object) or `createProposal` (function).
    locals: &'s [(String, bool)],
    methods: &'s [String],
    source: &'s str,
    found: Vec<(usize, String)>,
}

impl<'a> Visit<'a> for Calls<'_> {
    fn visit_call_expression(&mut self, it: &CallExpression<'a>) {
        let call = match it.callee.get_inner_expression() {
            Expression::StaticMemberExpression(m) => match m.object.get_inner_expression() {
                Expression::Identifier(object)
                    if self.locals.iter().any(|(l, obj)| *obj && l == object.name.as_str())
                        && self.methods.iter().any(|x| x == m.property.name.as_str()) =>
                {
                    Some(format!("{}.{}", object.name, m.property.name))
                }
                _ => None,
            },
            Expression::Identifier(id)
                if self.locals.iter().any(|(l, obj)| !*obj && l == id.name.as_str())
                    && self.methods.iter().any(|x| x == id.name.as_str()) =>
            {
                Some(id.name.to_string())
            }
            _ => None,
        };
        if let Some(call) = call {
            self.found.push((crate::js::parse::line_col(self.source, it.span.start).0, call));
        }
        walk::walk_call_expression(self, it);
    }
}
