//! What a host already has of a socket layer, read from its syntax trees: a
//! socket.io server (at the profile's path, or created by a module the server
//! entry imports), a frontend socket service, the function that verifies a
//! JWT, the URL the frontend calls and where it keeps the token.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use anyhow::Result;
use oxc_ast::ast::*;
use oxc_ast_visit::{walk, Visit};
use oxc_span::Span;

use crate::patch::{imports, static_string};
use crate::read::host::Host;
use crate::read::profile::VerifyFunction;

/// The first line of every file `rtgen init` scaffolds: files carrying it are
/// rtgen's to complete on a later `init` (a missing edit of its own is added
/// again); any other file is the host's and is left alone.
pub const MARKER: &str = "// Scaffolded by `rtgen init`";

/// Whether `text` is a file `rtgen init` scaffolded.
pub fn is_scaffolded(text: &str) -> bool {
    text.trim_start_matches('\u{feff}').starts_with(MARKER)
}

/// Exports that verify a token, by the names hosts give them.
const VERIFY_NAMES: &[&str] = &["verifyToken", "verifyJwt", "verifyJWT", "verifyAccessToken", "decodeToken"];

/// Exports holding the backend's base URL in a frontend module.
const URL_NAMES: &[&str] = &["API_URL", "API_BASE_URL", "BASE_URL", "BACKEND_URL", "SERVER_URL", "API_ORIGIN"];

/// The modules of the entry's import graph rtgen reads, at most.
const MAX_GRAPH_FILES: usize = 40;

/// The spans of `new Server(...)` calls whose `Server` comes from `socket.io`
/// (`import { Server } from "socket.io"`, aliased or through a namespace).
pub fn socket_io_servers(program: &Program<'_>) -> Vec<Span> {
    let mut named = Vec::new();
    let mut namespaces = Vec::new();
    for decl in imports(program) {
        if decl.source.value != "socket.io" {
            continue;
        }
        for specifier in decl.specifiers.iter().flatten() {
            match specifier {
                ImportDeclarationSpecifier::ImportSpecifier(s) if s.imported.name() == "Server" => {
                    named.push(s.local.name.to_string())
                }
                ImportDeclarationSpecifier::ImportNamespaceSpecifier(s) => namespaces.push(s.local.name.to_string()),
                // `import SocketIO from "socket.io"`: `new SocketIO.Server(...)`.
                ImportDeclarationSpecifier::ImportDefaultSpecifier(s) => namespaces.push(s.local.name.to_string()),
                _ => {}
            }
        }
    }
    // CommonJS: `const { Server } = require("socket.io")`, `const socketIo = require("socket.io")`.
    let mut calls = Vec::new();
    for (binding, destructured) in socket_io_requires(program) {
        match destructured {
            Some(name) if name == "Server" => named.push(binding),
            Some(_) => {}
            None => {
                namespaces.push(binding.clone());
                calls.push(binding);
            }
        }
    }
    struct News<'s> {
        named: &'s [String],
        namespaces: &'s [String],
        calls: &'s [String],
        found: Vec<Span>,
    }
    impl<'a> Visit<'a> for News<'_> {
        fn visit_new_expression(&mut self, it: &NewExpression<'a>) {
            let hit = match it.callee.get_inner_expression() {
                Expression::Identifier(id) => self.named.iter().any(|n| n == id.name.as_str()),
                callee => self.namespaces.iter().any(|ns| callee.is_specific_member_access(ns, "Server")),
            };
            if hit {
                self.found.push(it.span);
            }
            walk::walk_new_expression(self, it);
        }
        fn visit_call_expression(&mut self, it: &CallExpression<'a>) {
            // `socketIo(server)` and `require("socket.io")(server)` create a server too.
            let hit = match it.callee.get_inner_expression() {
                Expression::Identifier(id) => self.calls.iter().any(|n| n == id.name.as_str()),
                Expression::CallExpression(inner) => is_require_of(inner, "socket.io"),
                _ => false,
            };
            if hit {
                self.found.push(it.span);
            }
            walk::walk_call_expression(self, it);
        }
    }
    let mut news = News { named: &named, namespaces: &namespaces, calls: &calls, found: Vec::new() };
    news.visit_program(program);
    news.found
}

/// Whether a module is CommonJS: `.cjs`, or no `import`/`export` statement
/// and a `require(...)` call or a `module.exports`/`exports.x` assignment.
pub fn is_commonjs(path: &Path, source: &str) -> bool {
    if path.extension().is_some_and(|e| e == "cjs") {
        return true;
    }
    if path.extension().is_some_and(|e| e == "mjs") {
        return false;
    }
    crate::js::parse::with_program(path, source, |program| {
        let esm = program.body.iter().any(|s| s.is_module_declaration());
        !esm && (source.contains("require(") || source.contains("module.exports") || source.contains("exports."))
    })
    .unwrap_or(false)
}

/// `require("<module>")`.
pub(crate) fn is_require_of(call: &CallExpression<'_>, module: &str) -> bool {
    call.callee.is_specific_id("require")
        && matches!(call.arguments.first().and_then(|a| a.as_expression()), Some(Expression::StringLiteral(s)) if s.value == module)
}

/// Bindings of `require("socket.io")` anywhere in the module: the binding,
/// and the property destructured (`const { Server } = ...`) if any.
fn socket_io_requires(program: &Program<'_>) -> Vec<(String, Option<String>)> {
    #[derive(Default)]
    struct Finder(Vec<(String, Option<String>)>);
    impl<'a> Visit<'a> for Finder {
        fn visit_variable_declarator(&mut self, it: &VariableDeclarator<'a>) {
            let required = it.init.as_ref().and_then(|init| match init.get_inner_expression() {
                Expression::CallExpression(call) if is_require_of(call, "socket.io") => Some(None),
                // `require("socket.io").Server`
                Expression::StaticMemberExpression(m) => match m.object.get_inner_expression() {
                    Expression::CallExpression(call) if is_require_of(call, "socket.io") => {
                        Some(Some(m.property.name.to_string()))
                    }
                    _ => None,
                },
                _ => None,
            });
            match (required, &it.id) {
                (Some(None), BindingPattern::BindingIdentifier(id)) => self.0.push((id.name.to_string(), None)),
                (Some(Some(property)), BindingPattern::BindingIdentifier(id)) => {
                    self.0.push((id.name.to_string(), Some(property)))
                }
                (Some(None), BindingPattern::ObjectPattern(object)) => {
                    for p in &object.properties {
                        let Some(key) = p.key.static_name() else { continue };
                        if let BindingPattern::BindingIdentifier(local) = &p.value {
                            self.0.push((local.name.to_string(), Some(key.to_string())));
                        }
                    }
                }
                _ => {}
            }
            walk::walk_variable_declarator(self, it);
        }
    }
    let mut finder = Finder::default();
    finder.visit_program(program);
    finder.0
}

/// Where a `connectionStateRecovery: { ... }` option leaves out
/// `skipMiddlewares: false`: socket.io then lets recovered sockets skip the
/// middlewares, the auth among them.
pub fn recovery_skipping_auth(program: &Program<'_>) -> Option<u32> {
    struct Finder {
        found: Option<u32>,
    }
    impl<'a> Visit<'a> for Finder {
        fn visit_object_property(&mut self, it: &ObjectProperty<'a>) {
            if self.found.is_none() && it.key.static_name().is_some_and(|k| k == "connectionStateRecovery") {
                if let Expression::ObjectExpression(options) = it.value.get_inner_expression() {
                    let safe = options.properties.iter().any(|p| match p {
                        ObjectPropertyKind::ObjectProperty(p) => {
                            p.key.static_name().is_some_and(|k| k == "skipMiddlewares")
                                && matches!(p.value.get_inner_expression(), Expression::BooleanLiteral(b) if !b.value)
                        }
                        ObjectPropertyKind::SpreadProperty(_) => false,
                    });
                    if !safe {
                        self.found = Some(it.span.start);
                    }
                }
            }
            walk::walk_object_property(self, it);
        }
    }
    let mut finder = Finder { found: None };
    finder.visit_program(program);
    finder.found
}

/// A module of the entry's import graph that creates a socket.io server:
/// the entry itself or what it imports, up to a few levels deep.
pub fn find_socket_server(host: &Host, entry: &Path) -> Result<Option<PathBuf>> {
    let mut queue = vec![entry.to_path_buf()];
    let mut seen: BTreeSet<PathBuf> = BTreeSet::new();
    while let Some(path) = queue.first().cloned() {
        queue.remove(0);
        if !seen.insert(path.clone()) || seen.len() > MAX_GRAPH_FILES {
            continue;
        }
        let Some(text) = host.read(&path)? else { continue };
        let found = crate::js::parse::with_program(&path, &text, |program| {
            let creates = !socket_io_servers(program).is_empty();
            let relative = relative_specifiers(program);
            (creates, relative)
        });
        // A module that does not parse is the host's business: skip it here.
        let Ok((creates, relative)) = found else { continue };
        if creates {
            return Ok(Some(path));
        }
        let dir = path.parent().unwrap_or(Path::new(""));
        for specifier in relative {
            if let Some(resolved) = resolve(host, dir, &specifier)? {
                queue.push(resolved);
            }
        }
    }
    Ok(None)
}

/// Relative specifiers a module imports or requires (`./socket`, `../db/index.js`).
fn relative_specifiers(program: &Program<'_>) -> Vec<String> {
    #[derive(Default)]
    struct Requires(Vec<String>);
    impl<'a> Visit<'a> for Requires {
        fn visit_call_expression(&mut self, it: &CallExpression<'a>) {
            if it.callee.is_specific_id("require") {
                if let Some(Expression::StringLiteral(s)) = it.arguments.first().and_then(|a| a.as_expression()) {
                    self.0.push(s.value.to_string());
                }
            }
            walk::walk_call_expression(self, it);
        }
    }
    let mut found: Vec<String> = imports(program).iter().map(|d| d.source.value.to_string()).collect();
    let mut requires = Requires::default();
    requires.visit_program(program);
    found.extend(requires.0);
    found.retain(|s| s.starts_with("./") || s.starts_with("../"));
    found
}

/// Whether the relative imports of `path` carry an extension (`./a.js`:
/// true) or leave it off (`./a`: false); `None` when it has none, or both
/// kinds (then the other files decide).
pub fn writes_extensions(path: &Path, source: &str) -> Option<bool> {
    let specifiers = crate::js::parse::with_program(path, source, relative_specifiers).ok()?;
    let with = specifiers.iter().filter(|s| has_script_extension(s)).count();
    match (with, specifiers.len() - with) {
        (0, 0) => None,
        (_, 0) => Some(true),
        (0, _) => Some(false),
        _ => None,
    }
}

/// `./a.js`, `../b.tsx`: a specifier that names a script file's extension
/// (not `./task.service`, whose dot is part of the name).
fn has_script_extension(specifier: &str) -> bool {
    let name = specifier.rsplit('/').next().unwrap_or(specifier);
    name.rsplit_once('.')
        .is_some_and(|(_, ext)| matches!(ext, "js" | "jsx" | "mjs" | "cjs" | "ts" | "tsx" | "mts" | "cts"))
}

/// The files `from` imports with relative specifiers, that exist.
pub fn relative_imports(host: &Host, from: &Path) -> Result<Vec<PathBuf>> {
    let Some(text) = host.read(from)? else { return Ok(Vec::new()) };
    let specifiers = crate::js::parse::with_program(from, &text, relative_specifiers).unwrap_or_default();
    let dir = from.parent().unwrap_or(Path::new(""));
    let mut found = Vec::new();
    for specifier in specifiers {
        if let Some(resolved) = resolve(host, dir, &specifier)? {
            found.push(resolved);
        }
    }
    Ok(found)
}

/// An import specifier relative to `dir` as a file that exists, trying the
/// extensions node and bundlers add.
pub(crate) fn resolve(host: &Host, dir: &Path, specifier: &str) -> Result<Option<PathBuf>> {
    let base = normalize(&dir.join(specifier));
    let mut candidates = vec![base.clone()];
    // TypeScript sources are imported as the `.js` they compile to (`NodeNext`),
    // or without an extension (bundlers, `ts-node`).
    match base.extension().and_then(|e| e.to_str()) {
        Some("js" | "jsx") => candidates.extend([base.with_extension("ts"), base.with_extension("tsx")]),
        Some("mjs") => candidates.push(base.with_extension("mts")),
        Some("cjs") => candidates.push(base.with_extension("cts")),
        _ => {}
    }
    for ext in ["js", "mjs", "cjs", "jsx", "ts", "tsx"] {
        candidates.push(with_added_extension(&base, ext));
    }
    candidates.extend([base.join("index.js"), base.join("index.ts"), base.join("index.tsx")]);
    for candidate in candidates {
        // `./routes` may be a folder: only its `index.js` is a module.
        if host.root().join(&candidate).is_dir() {
            continue;
        }
        if host.read(&candidate)?.is_some() {
            return Ok(Some(candidate));
        }
    }
    Ok(None)
}

/// `a/b` -> `a/b.ts`; unlike `with_extension`, `a/task.service` -> `a/task.service.ts`.
fn with_added_extension(path: &Path, ext: &str) -> PathBuf {
    let mut text = path.as_os_str().to_owned();
    text.push(".");
    text.push(ext);
    PathBuf::from(text)
}

/// `a/b/../c` -> `a/c`, without touching the disk.
pub(crate) fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// Whether `program` exports `name` (`export const name`, `export function
/// name`, `export { x as name }`; `default` for a default export).
pub(crate) fn exports(program: &Program<'_>, name: &str) -> bool {
    program.body.iter().any(|statement| match statement {
        Statement::ExportDefaultDeclaration(_) => name == "default",
        Statement::ExportDeclaration(decl) => match &decl.declaration {
            Declaration::VariableDeclaration(vars) => vars
                .declarations
                .iter()
                .any(|d| matches!(&d.id, BindingPattern::BindingIdentifier(id) if id.name == name)),
            Declaration::FunctionDeclaration(f) => f.id.as_ref().is_some_and(|id| id.name == name),
            _ => false,
        },
        Statement::ExportNamedDeclaration(decl) => decl.specifiers.iter().any(|s| s.exported.name() == name),
        Statement::ExpressionStatement(_) => crate::read::commonjs::exported_names(statement).iter().any(|n| n == name),
        _ => false,
    })
}

/// The backend's token-verifying function: `configured` (from `rtgen.yaml`),
/// checked to exist, else one of the usual names exported by
/// `src/middleware/auth.js`. `None`: the scaffold verifies with
/// `jsonwebtoken` itself.
pub fn verify_function(
    host: &Host,
    backend_root: &Path,
    configured: Option<&VerifyFunction>,
) -> Result<Option<VerifyFunction>> {
    if let Some(verify) = configured {
        let path = backend_root.join(&verify.module);
        let text = host.require(
            &path,
            "the module of `socket.verify` in `rtgen.yaml`",
            "set `socket.verify.module` to the module that exports the function, relative to the backend root",
        )?;
        let found =
            crate::js::parse::with_program(&path, &text, |program| exports(program, &verify.export)).map_err(|e| {
                anyhow::anyhow!("`{}:{}:{}`: does not parse: {}", path.display(), e.line, e.column, e.message)
            })?;
        if !found {
            anyhow::bail!(
                "`{}` does not export `{}`: looked for it because `socket.verify` in `rtgen.yaml` names it\n  help: set `socket.verify.export` to the function that verifies a token",
                path.display(),
                verify.export
            );
        }
        return Ok(Some(verify.clone()));
    }
    // The JavaScript module, else the TypeScript one.
    let mut found = None;
    for module in ["src/middleware/auth.js", "src/middleware/auth.ts"] {
        if let Some(text) = host.read(&backend_root.join(module))? {
            found = Some((module, text));
            break;
        }
    }
    let Some((module, text)) = found else { return Ok(None) };
    let path = backend_root.join(module);
    let export = crate::js::parse::with_program(&path, &text, |program| {
        VERIFY_NAMES.iter().find(|name| exports(program, name)).map(|name| name.to_string())
    })
    .unwrap_or(None);
    Ok(export.map(|export| VerifyFunction { module: module.into(), export }))
}

/// An exported base URL in the frontend's services folder, else anywhere in its sources.
pub fn api_url(host: &Host, services_dir: &Path, front_src: &Path) -> Result<Option<ApiUrl>> {
    // The services folder first (beside the API module), then anywhere in the front's sources
    // (`src/utils/constants.js`, `src/config.js`).
    let mut candidates = host.list(services_dir, ".js")?;
    candidates.extend(host.list(services_dir, ".ts")?);
    candidates.extend(host.walk(front_src, 4, 2000)?.into_iter().filter(|p| {
        p.extension().is_some_and(|e| matches!(e.to_str(), Some("js" | "jsx" | "ts" | "tsx")))
            && !p.starts_with(services_dir)
    }));
    for path in candidates {
        let text = host.read(&path)?.unwrap_or_default();
        if !URL_NAMES.iter().any(|name| text.contains(name)) {
            continue;
        }
        let found = crate::js::parse::with_program(&path, &text, |program| {
            URL_NAMES
                .iter()
                .find(|name| exports(program, name))
                .map(|name| (name.to_string(), url_has_path(program, name)))
        })
        .unwrap_or(None);
        if let Some((name, has_path)) = found {
            return Ok(Some(ApiUrl { module: path, name, has_path }));
        }
    }
    Ok(None)
}

/// The front's exported API URL constant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiUrl {
    pub module: PathBuf,
    pub name: String,
    /// A URL literal in its definition ends in a path (`https://host/api`):
    /// socket.io would take that path for a namespace, so the socket connects
    /// to the URL's origin.
    pub has_path: bool,
}

/// Whether a string literal in the definition of `const name = ...` is an
/// absolute URL with a path (`https://x.example/api`, not `http://localhost:4000/`).
fn url_has_path(program: &Program<'_>, name: &str) -> bool {
    struct Literals(Vec<String>);
    impl<'a> Visit<'a> for Literals {
        fn visit_string_literal(&mut self, lit: &StringLiteral<'a>) {
            self.0.push(lit.value.to_string());
        }
    }
    let mut literals = Literals(Vec::new());
    for statement in &program.body {
        let vars = match statement {
            Statement::ExportDeclaration(export) => match &export.declaration {
                Declaration::VariableDeclaration(vars) => vars,
                _ => continue,
            },
            Statement::VariableDeclaration(vars) => vars,
            _ => continue,
        };
        for d in &vars.declarations {
            if let (BindingPattern::BindingIdentifier(id), Some(init)) = (&d.id, &d.init) {
                if id.name == name {
                    literals.visit_expression(init);
                }
            }
        }
    }
    literals.0.iter().any(|url| {
        let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"));
        rest.and_then(|r| r.split_once('/')).is_some_and(|(_, path)| !path.trim_end_matches('/').is_empty())
    })
}

/// How the frontend reads the stored token: the first
/// `localStorage.getItem("...token...")` (or `sessionStorage`) in `sources`,
/// as an expression; `None` when none is found.
pub fn token_getter(sources: &[(&Path, &str)]) -> Option<String> {
    for (path, text) in sources {
        let found = crate::js::parse::with_program(path, text, |program| {
            let mut found = None;
            crate::patch::CallVisitor {
                f: |call: &CallExpression<'_>| {
                    if found.is_some() {
                        return;
                    }
                    for storage in ["localStorage", "sessionStorage"] {
                        let is_read = call.callee.is_specific_member_access(storage, "getItem")
                            || call.callee.is_specific_member_access(storage, "setItem");
                        if !is_read {
                            continue;
                        }
                        if let Some(key) = call.arguments.first().and_then(static_string) {
                            if key.to_ascii_lowercase().contains("token") {
                                found = Some(format!("{storage}.getItem({})", crate::render::js_string_literal(key)));
                            }
                        }
                    }
                },
            }
            .visit_program(program);
            found
        });
        if let Ok(Some(getter)) = found {
            return Some(getter);
        }
    }
    None
}

/// The packages of `names` that `package.json` (text) does not depend on.
pub fn missing_dependencies(package_json: Option<&str>, names: &[&str]) -> Vec<String> {
    let manifest: serde_json::Value =
        package_json.and_then(|text| serde_json::from_str(text).ok()).unwrap_or(serde_json::Value::Null);
    names
        .iter()
        .filter(|name| {
            !["dependencies", "devDependencies", "peerDependencies"]
                .iter()
                .any(|section| manifest.get(section).and_then(|s| s.get(**name)).is_some())
        })
        .map(|name| name.to_string())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn import_style_is_read_from_relative_specifiers() {
        let ts = Path::new("src/index.ts");
        let nodenext =
            "import type { A } from \"./a.js\";\nimport b from \"./b.js\";\nimport express from \"express\";\n";
        assert_eq!(writes_extensions(ts, nodenext), Some(true));
        let bundler = "import type { A } from \"./a\";\nimport b from \"../services/task.service\";\n";
        assert_eq!(writes_extensions(ts, bundler), Some(false));
        assert_eq!(writes_extensions(ts, "import express from \"express\";\n"), None);
        assert_eq!(writes_extensions(ts, "import a from \"./a.js\";\nimport b from \"./b\";\n"), None);
        assert_eq!(
            writes_extensions(
                Path::new("P.tsx"),
                "import x from \"./x.tsx\";\nconst P = (): JSX.Element => <div />;\n"
            ),
            Some(true)
        );
    }

    fn servers(source: &str) -> usize {
        crate::js::parse::with_program(Path::new("s.js"), source, |p| socket_io_servers(p).len()).unwrap()
    }

    #[test]
    fn finds_socket_io_servers_only() {
        assert_eq!(servers("import { Server } from \"socket.io\";\nconst io = new Server(1);"), 1);
        assert_eq!(servers("import { Server as IO } from \"socket.io\";\nexport const x = () => new IO(1);"), 1);
        assert_eq!(servers("import * as sio from \"socket.io\";\nnew sio.Server(1);"), 1);
        assert_eq!(servers("import { Server } from \"http\";\nnew Server();"), 0);
        assert_eq!(servers("class Server {}\nnew Server();"), 0);
    }

    #[test]
    fn recovery_without_skip_middlewares_false_is_found() {
        let at =
            |source: &str| crate::js::parse::with_program(Path::new("s.js"), source, recovery_skipping_auth).unwrap();
        assert_eq!(at("new Server(s, { connectionStateRecovery: {} });"), Some(16));
        assert_eq!(at("new Server(s, { connectionStateRecovery: { skipMiddlewares: true } });"), Some(16));
        assert_eq!(at("new Server(s, { connectionStateRecovery: { skipMiddlewares: false } });"), None);
        assert_eq!(at("new Server(s, { cors: {} });"), None);
    }

    #[test]
    fn token_getter_reads_the_storage_key() {
        let source = "localStorage.setItem(\"user\", 1);\nlocalStorage.setItem(\"authToken\", t);\n";
        assert_eq!(
            token_getter(&[(Path::new("a.jsx"), source)]).as_deref(),
            Some("localStorage.getItem(\"authToken\")")
        );
        assert_eq!(token_getter(&[(Path::new("a.jsx"), "const x = 1;")]), None);
    }

    #[test]
    fn missing_dependencies_of_a_manifest() {
        let manifest = r#"{"dependencies": {"socket.io": "4"}, "devDependencies": {"redis": "5"}}"#;
        assert_eq!(missing_dependencies(Some(manifest), &["socket.io", "redis", "jsonwebtoken"]), vec!["jsonwebtoken"]);
        assert_eq!(missing_dependencies(None, &["x"]), vec!["x"]);
    }
}
