//! Following a name across the backend's modules: what a file imports
//! (`import`, `require`, destructured or whole), what it exports (`export`,
//! `module.exports = { ... }`, `exports.x = ...`, barrels that re-export
//! another file), and where a binding is finally defined. Used to go from a
//! route's `router.use(auth)` to the function that is `auth`, wherever it is
//! written.

use std::path::{Path, PathBuf};

use anyhow::Result;
use oxc_ast::ast::*;
use oxc_span::{GetSpan, Span};

use crate::read::host::Host;

/// What an imported binding is of its module.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    /// `import x from`, `const x = require(...)`: what the module exports as a whole.
    Whole,
    /// `import { n }`, `const { n } = require(...)`, `require(...).n`.
    Named(String),
}

/// One imported binding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    pub local: String,
    pub source: String,
    pub part: Part,
    /// `import * as x`: the namespace, not the default export.
    pub namespace: bool,
}

/// What an export is bound to in its file.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Bound {
    /// A top-level binding of the file.
    Local(String),
    /// An expression written in place (`module.exports = (req, res, next) => {}`).
    Inline(Span),
    /// Another module's export (`auth: require("./auth")`, `export { a } from`).
    From(String, Part),
}

/// The import and export facts of one file.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    pub imports: Vec<Imported>,
    /// Top-level `function` declarations and `const`/`let` bindings, by name.
    pub locals: Vec<String>,
    exports: Vec<(Part, Bound)>,
}

impl Facts {
    pub fn import_of(&self, local: &str) -> Option<&Imported> {
        self.imports.iter().find(|i| i.local == local)
    }

    /// Whether the file exports its top-level binding `local` under the same name.
    pub fn exports_local(&self, local: &str) -> bool {
        self.exports
            .iter()
            .any(|(part, bound)| *part == Part::Named(local.into()) && *bound == Bound::Local(local.into()))
    }
}

/// Where a binding is defined: a top-level binding of `file`, or an
/// expression written in place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Definition {
    Local { file: PathBuf, name: String },
    Inline { file: PathBuf, span: Span },
}

impl Definition {
    pub fn file(&self) -> &Path {
        match self {
            Definition::Local { file, .. } | Definition::Inline { file, .. } => file,
        }
    }
}

/// Reads `text`'s imports and exports.
pub fn facts(path: &Path, text: &str) -> Facts {
    crate::js::parse::with_program(path, text, |program| {
        let mut facts = Facts::default();
        for stmt in &program.body {
            collect(stmt, &mut facts);
        }
        facts
    })
    .unwrap_or_default()
}

fn collect(stmt: &Statement<'_>, facts: &mut Facts) {
    match stmt {
        Statement::ImportDeclaration(decl) => {
            let source = decl.source.value.to_string();
            for spec in decl.specifiers.iter().flatten() {
                let (local, part, namespace) = match spec {
                    ImportDeclarationSpecifier::ImportSpecifier(s) => {
                        let name = s.imported.name().to_string();
                        let part = if name == "default" { Part::Whole } else { Part::Named(name) };
                        (s.local.name.to_string(), part, false)
                    }
                    ImportDeclarationSpecifier::ImportDefaultSpecifier(s) => {
                        (s.local.name.to_string(), Part::Whole, false)
                    }
                    ImportDeclarationSpecifier::ImportNamespaceSpecifier(s) => {
                        (s.local.name.to_string(), Part::Whole, true)
                    }
                };
                facts.imports.push(Imported { local, source: source.clone(), part, namespace });
            }
        }
        Statement::VariableDeclaration(var) => declarations(var, facts, false),
        Statement::FunctionDeclaration(f) => {
            if let Some(id) = &f.id {
                facts.locals.push(id.name.to_string());
            }
        }
        Statement::ClassDeclaration(c) => {
            if let Some(id) = &c.id {
                facts.locals.push(id.name.to_string());
            }
        }
        Statement::ExportDeclaration(decl) => match &decl.declaration {
            Declaration::VariableDeclaration(var) => declarations(var, facts, true),
            Declaration::FunctionDeclaration(f) => {
                if let Some(id) = &f.id {
                    facts.locals.push(id.name.to_string());
                    facts.exports.push((Part::Named(id.name.to_string()), Bound::Local(id.name.to_string())));
                }
            }
            _ => {}
        },
        Statement::ExportNamedDeclaration(decl) => {
            for spec in &decl.specifiers {
                let exported = spec.exported.name().to_string();
                let part = if exported == "default" { Part::Whole } else { Part::Named(exported) };
                facts.exports.push((part, Bound::Local(spec.local.name().to_string())));
            }
        }
        Statement::ExportFromDeclaration(decl) => {
            for spec in &decl.specifiers {
                let exported = spec.exported.name().to_string();
                let part = if exported == "default" { Part::Whole } else { Part::Named(exported) };
                let local = spec.local.name().to_string();
                let inner = if local == "default" { Part::Whole } else { Part::Named(local) };
                facts.exports.push((part, Bound::From(decl.source.value.to_string(), inner)));
            }
        }
        Statement::ExportDefaultDeclaration(decl) => {
            let bound = match &decl.declaration {
                ExportDefaultDeclarationKind::FunctionDeclaration(f) => match &f.id {
                    Some(id) => {
                        facts.locals.push(id.name.to_string());
                        Bound::Local(id.name.to_string())
                    }
                    None => Bound::Inline(f.span),
                },
                ExportDefaultDeclarationKind::Identifier(id) => Bound::Local(id.name.to_string()),
                other => match other.as_expression() {
                    Some(expr) => Bound::Inline(expr.span()),
                    None => return,
                },
            };
            facts.exports.push((Part::Whole, bound));
        }
        Statement::ExpressionStatement(es) => {
            let Expression::AssignmentExpression(assign) = es.expression.get_inner_expression() else { return };
            let Some(target) = crate::read::commonjs::export_target(&assign.left) else { return };
            match target {
                None => {
                    facts.exports.push((Part::Whole, bound_of(&assign.right)));
                    if let Expression::ObjectExpression(object) = assign.right.get_inner_expression() {
                        for property in &object.properties {
                            let ObjectPropertyKind::ObjectProperty(p) = property else { continue };
                            let Some(key) = p.key.static_name() else { continue };
                            facts.exports.push((Part::Named(key.to_string()), bound_of(&p.value)));
                        }
                    }
                }
                Some(name) => facts.exports.push((Part::Named(name), bound_of(&assign.right))),
            }
        }
        _ => {}
    }
}

fn bound_of(expr: &Expression<'_>) -> Bound {
    match expr.get_inner_expression() {
        Expression::Identifier(id) => Bound::Local(id.name.to_string()),
        Expression::CallExpression(call) if call.is_require_call() => match required(call) {
            Some(source) => Bound::From(source, Part::Whole),
            None => Bound::Inline(expr.span()),
        },
        other => Bound::Inline(other.span()),
    }
}

fn required(call: &CallExpression<'_>) -> Option<String> {
    match call.arguments.first()?.as_expression()?.get_inner_expression() {
        Expression::StringLiteral(s) => Some(s.value.to_string()),
        _ => None,
    }
}

fn declarations(var: &VariableDeclaration<'_>, facts: &mut Facts, exported: bool) {
    for d in &var.declarations {
        let init = d.init.as_ref().map(|i| i.get_inner_expression());
        // `require("x")`, `require("x").y`: an import, CommonJS style.
        let require = match init {
            Some(Expression::CallExpression(call)) if call.is_require_call() => required(call).map(|s| (s, None)),
            Some(Expression::StaticMemberExpression(m)) => match m.object.get_inner_expression() {
                Expression::CallExpression(call) if call.is_require_call() => {
                    required(call).map(|s| (s, Some(m.property.name.to_string())))
                }
                _ => None,
            },
            _ => None,
        };
        match (&d.id, require) {
            (BindingPattern::BindingIdentifier(id), Some((source, member))) => facts.imports.push(Imported {
                local: id.name.to_string(),
                source,
                part: member.map_or(Part::Whole, Part::Named),
                namespace: false,
            }),
            (BindingPattern::ObjectPattern(object), Some((source, None))) => {
                for p in &object.properties {
                    let (Some(key), BindingPattern::BindingIdentifier(local)) = (p.key.static_name(), &p.value) else {
                        continue;
                    };
                    facts.imports.push(Imported {
                        local: local.name.to_string(),
                        source: source.clone(),
                        part: Part::Named(key.to_string()),
                        namespace: false,
                    });
                }
            }
            (BindingPattern::BindingIdentifier(id), None) => {
                facts.locals.push(id.name.to_string());
                if exported {
                    facts.exports.push((Part::Named(id.name.to_string()), Bound::Local(id.name.to_string())));
                }
            }
            _ => {}
        }
    }
}

/// The backend's path aliases (`"@/*": ["./src/*"]` in its `tsconfig.json`),
/// as (prefix, folder) pairs relative to the host root.
pub fn aliases(host: &Host, backend: &Path) -> Result<Vec<(String, PathBuf)>> {
    let Some(text) = host.read(&backend.join("tsconfig.json"))? else { return Ok(Vec::new()) };
    // tsconfig allows comments and trailing commas; only `paths` matters here.
    let Some(start) = text.find("\"paths\"") else { return Ok(Vec::new()) };
    let rest = &text[start..];
    let Some(open) = rest.find('{') else { return Ok(Vec::new()) };
    let Some(close) = rest[open..].find('}') else { return Ok(Vec::new()) };
    let body = &rest[open + 1..open + close];
    let base_url = text
        .find("\"baseUrl\"")
        .and_then(|i| text[i + 9..].split('"').nth(1))
        .map(str::to_string)
        .unwrap_or_else(|| ".".into());
    let mut out = Vec::new();
    for entry in body.split(']') {
        let strings: Vec<&str> = entry.split('"').skip(1).step_by(2).collect();
        let (Some(key), Some(target)) = (strings.first(), strings.get(1)) else { continue };
        let (Some(prefix), Some(folder)) = (key.strip_suffix('*'), target.strip_suffix('*')) else { continue };
        let folder = crate::read::survey::normalize(&backend.join(&base_url).join(folder));
        out.push((prefix.to_string(), folder));
    }
    Ok(out)
}

/// The file `specifier` names from `from`: relative, or through an alias;
/// `None` for a package or a file that is not there.
pub fn resolve(host: &Host, from: &Path, specifier: &str, aliases: &[(String, PathBuf)]) -> Result<Option<PathBuf>> {
    if specifier.starts_with('.') {
        let dir = from.parent().unwrap_or(Path::new(""));
        return crate::read::survey::resolve(host, dir, specifier);
    }
    for (prefix, folder) in aliases {
        if let Some(rest) = specifier.strip_prefix(prefix.as_str()) {
            return crate::read::survey::resolve(host, folder, &format!("./{rest}"));
        }
    }
    Ok(None)
}

/// Follows imports, barrels and re-exports from `name` in `file` to its definition.
pub struct Graph<'h> {
    pub host: &'h Host,
    pub aliases: Vec<(String, PathBuf)>,
}

impl Graph<'_> {
    pub fn facts(&self, file: &Path) -> Result<Facts> {
        Ok(self.host.read(file)?.map(|text| facts(file, &text)).unwrap_or_default())
    }

    /// Where the binding `name` of `file` is defined.
    pub fn define(&self, file: &Path, name: &str) -> Result<Option<Definition>> {
        self.define_at(file, name, 0)
    }

    fn define_at(&self, file: &Path, name: &str, depth: usize) -> Result<Option<Definition>> {
        if depth > 8 {
            return Ok(None);
        }
        let facts = self.facts(file)?;
        if facts.locals.iter().any(|l| l == name) {
            return Ok(Some(Definition::Local { file: file.to_path_buf(), name: name.to_string() }));
        }
        let Some(import) = facts.import_of(name) else { return Ok(None) };
        let Some(target) = resolve(self.host, file, &import.source, &self.aliases)? else { return Ok(None) };
        self.export_at(&target, &import.part, depth + 1)
    }

    fn export_at(&self, file: &Path, part: &Part, depth: usize) -> Result<Option<Definition>> {
        if depth > 8 {
            return Ok(None);
        }
        let facts = self.facts(file)?;
        let Some((_, bound)) = facts.exports.iter().rev().find(|(p, _)| p == part) else { return Ok(None) };
        match bound {
            Bound::Local(local) => self.define_at(file, local, depth + 1),
            Bound::Inline(span) => Ok(Some(Definition::Inline { file: file.to_path_buf(), span: *span })),
            Bound::From(source, inner) => match resolve(self.host, file, source, &self.aliases)? {
                Some(target) => self.export_at(&target, inner, depth + 1),
                None => Ok(None),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::read::host::temp_host as host;

    #[test]
    fn follows_a_barrel_to_the_default_export() {
        let (_dir, host) = host(&[
            ("src/routes/sales.js", "const { auth } = require('../middlewares');\n"),
            ("src/middlewares/index.js", "const auth = require('./auth');\nmodule.exports = { auth };\n"),
            ("src/middlewares/auth.js", "module.exports = (req, res, next) => next();\n"),
        ]);
        let graph = Graph { host: &host, aliases: Vec::new() };
        let def = graph.define(Path::new("src/routes/sales.js"), "auth").unwrap().unwrap();
        assert!(
            matches!(def, Definition::Inline { ref file, .. } if file == Path::new("src/middlewares/auth.js")),
            "{def:?}"
        );
    }

    #[test]
    fn follows_an_alias_and_a_named_export() {
        let (_dir, host) = host(&[
            ("api/tsconfig.json", "{ \"compilerOptions\": { \"paths\": { \"@/*\": [\"./src/*\"] } } }"),
            ("api/src/routes/a.ts", "import { protect } from '@/middleware/auth';\n"),
            ("api/src/middleware/auth.ts", "export function protect(req, res, next) { next(); }\n"),
        ]);
        let graph = Graph { host: &host, aliases: aliases(&host, Path::new("api")).unwrap() };
        let def = graph.define(Path::new("api/src/routes/a.ts"), "protect").unwrap().unwrap();
        assert_eq!(def, Definition::Local { file: "api/src/middleware/auth.ts".into(), name: "protect".into() });
    }
}
