//! How the HTTP API authenticates a request, read from the Express auth
//! middleware the module's routes use (`router.use(protect)`,
//! `router.post("/", auth, create)`), followed to its definition wherever it
//! is written: the credential it reads (a Bearer token in `Authorization`,
//! the whole header, or a cookie through cookie-parser), how it verifies it
//! (`jwt.verify(token, <secret>)` or the host's own helper), which payload
//! field holds the user id, the role and the tenant, and the user lookup it
//! does. rtgen generates a socket middleware from this that verifies the same
//! credential on the handshake (`plan::socket_auth`); nothing here writes.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use anyhow::Result;
use oxc_ast::ast::*;
use oxc_ast_visit::{walk, Visit};
use oxc_span::{GetSpan, Span};

use crate::read::host::Host;
use crate::read::module_graph::{Definition, Facts, Graph, Imported, Part};

/// Where the middleware finds the credential, in the order it tries them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Credential {
    /// `Authorization: Bearer <token>`.
    Bearer,
    /// The whole `Authorization` header is the token.
    RawHeader,
    /// The cookie `name` (`req.cookies.name`, cookie-parser).
    Cookie(String),
    /// The session cookie of express-session (and passport on top of it).
    Session,
}

/// Where an import the generated middleware repeats comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A host file, with the specifier the host wrote for it (for its style:
    /// an alias, an extension or none).
    File { path: PathBuf, written: String },
    /// A package (`jsonwebtoken`).
    Package(String),
}

/// An import the generated middleware repeats, as the host wrote it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Import {
    pub local: String,
    pub source: Source,
    pub part: Part,
    pub namespace: bool,
}

/// How the middleware verifies the credential.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verifier {
    /// `jwt.verify(token, <secret>)`: the secret's expression and the imports it needs.
    Jwt { jwt: Import, secret: String, imports: Vec<Import> },
    /// The host's own helper, `name(token)`; the user is at `returns` in what it returns.
    Helper { import: Import },
    /// express-session's middleware, run on the handshake's request (with
    /// passport's on top when the API uses it); the user is `req.<holder>`.
    Session { middleware: Import, passport: Option<Import>, holder: String },
}

/// A field of what the credential proves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Field {
    /// A path in the verified payload (`["id"]`, `["data", "id"]`).
    Payload(Vec<String>),
    /// A field of the user the middleware looks up.
    User(String),
}

/// The user lookup the middleware does (`User.findById(decoded.id)`), with
/// the payload written as `payload`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lookup {
    pub call: String,
    pub imports: Vec<Import>,
}

/// What the HTTP API's auth proves, and how.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpAuth {
    /// The middleware: its file, line and name as the routes use it.
    pub file: PathBuf,
    pub line: usize,
    pub name: String,
    pub credentials: Vec<Credential>,
    pub verifier: Verifier,
    /// Where in the signed payload the helper's result is (`["data"]` for
    /// `return decoded.data`); the fields below are paths in the verifier's result.
    pub prefix: Vec<String>,
    pub id: Vec<String>,
    pub role: Option<Field>,
    pub tenant: Option<Field>,
    pub lookup: Option<Lookup>,
    /// How `id` was read: from the middleware, the tokens the host signs, or the fields the routes read.
    pub evidence: String,
}

/// The outcome of reading the HTTP auth.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reading {
    Found(HttpAuth),
    /// The routes use no auth middleware rtgen recognises.
    None {
        routes: Vec<PathBuf>,
        looked: Vec<String>,
    },
    /// An auth middleware was found, but a part of it cannot be reused as is.
    Unreadable {
        file: PathBuf,
        line: usize,
        what: String,
        fix: String,
    },
}

const ID_KEYS: &[&str] = &["id", "_id", "userId", "user_id", "uid", "sub"];
const ROLE_KEYS: &[&str] = &["role", "userRole"];
const TENANT_KEYS: &[&str] = &["organizationId", "orgId", "organization", "companyId", "tenantId", "workspaceId"];

/// Reads the auth of `module`'s routes in the backend folder `backend`.
pub fn read(host: &Host, backend: &Path, module: &str) -> Result<Reading> {
    let files = backend_files(host, backend)?;
    let graph = Graph { host, aliases: crate::read::module_graph::aliases(host, backend)? };
    let routes: Vec<PathBuf> = files.iter().filter(|f| is_router(host, f)).cloned().collect();
    let stem = module.to_lowercase();
    let own: Vec<PathBuf> = routes
        .iter()
        .filter(|f| f.strip_prefix(backend).unwrap_or(f).to_string_lossy().to_lowercase().contains(&stem))
        .cloned()
        .collect();
    let mut scope = if own.is_empty() { routes.clone() } else { own.clone() };
    // Where the module's router is mounted (`app.use("/api/tasks", protect, taskRoutes)`).
    for file in &files {
        if scope.contains(file) {
            continue;
        }
        for import in graph.facts(file)?.imports {
            if crate::read::module_graph::resolve(host, file, &import.source, &graph.aliases)?
                .is_some_and(|t| own.contains(&t))
            {
                scope.push(file.clone());
                break;
            }
        }
    }
    let mut looked = Vec::new();
    let mut tried = BTreeSet::new();
    for route in &scope {
        let Some(text) = host.read(route)? else { continue };
        for name in middleware_names(route, &text) {
            if !tried.insert((route.clone(), name.clone())) {
                continue;
            }
            let Some(definition) = graph.define(route, &name)? else { continue };
            let Some(found) = middleware_at(&graph, &definition)? else {
                looked.push(format!("`{name}` ({})", definition.file().display()));
                continue;
            };
            return complete(&graph, &files, name, definition, found);
        }
    }
    Ok(Reading::None { routes: scope, looked })
}

/// The backend's source files, without dependencies, builds and tests.
fn backend_files(host: &Host, backend: &Path) -> Result<Vec<PathBuf>> {
    let root = host.root().join(backend);
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(&root).into_iter().filter_entry(|e| {
        !matches!(e.file_name().to_str(), Some("node_modules" | "dist" | "build" | "coverage" | ".git"))
    }) {
        let Ok(entry) = entry else { continue };
        let path = entry.path();
        let script =
            matches!(path.extension().and_then(|e| e.to_str()), Some("js" | "ts" | "mjs" | "cjs" | "mts" | "cts"));
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        if entry.file_type().is_file()
            && script
            && !name.contains(".test.")
            && !name.contains(".spec.")
            && !name.ends_with(".d.ts")
        {
            out.push(path.strip_prefix(host.root()).unwrap_or(path).to_path_buf());
        }
    }
    out.sort();
    Ok(out)
}

fn is_router(host: &Host, file: &Path) -> bool {
    host.read(file).ok().flatten().is_some_and(|t| t.contains("Router(") || t.contains("Router }"))
}

/// Shape: `router.use(protect)`, `router.post("/", auth, create)`,
/// `router.get("/:id", rescue(auth), show)`, `router.route("/").get(auth, list)`:
/// the names of the handlers that run before the last one, in order.
fn middleware_names(path: &Path, text: &str) -> Vec<String> {
    #[derive(Default)]
    struct Names(Vec<String>);
    impl<'a> Visit<'a> for Names {
        fn visit_call_expression(&mut self, it: &CallExpression<'a>) {
            if let Some(member) = it.callee.get_inner_expression().as_member_expression() {
                let verb = member.static_property_name().unwrap_or_default();
                let handlers: Vec<&Argument<'a>> = it.arguments.iter().filter(|a| !is_path(a)).collect();
                let before_last = match verb {
                    "use" => handlers.len(),
                    "get" | "post" | "put" | "patch" | "delete" | "all" => handlers.len().saturating_sub(1),
                    _ => 0,
                };
                for arg in &handlers[..before_last] {
                    if let Some(name) = arg.as_expression().and_then(handler_name) {
                        if !self.0.contains(&name) {
                            self.0.push(name);
                        }
                    }
                }
            }
            walk::walk_call_expression(self, it);
        }
    }
    let mut names = Names::default();
    let _ = crate::js::parse::with_program(path, text, |program| names.visit_program(program));
    names.0
}

fn is_path(arg: &Argument<'_>) -> bool {
    matches!(
        arg.as_expression().map(|e| e.get_inner_expression()),
        Some(Expression::StringLiteral(_) | Expression::TemplateLiteral(_) | Expression::RegExpLiteral(_))
    )
}

/// `auth`, and the `auth` in a wrapper of it (`rescue(auth)`, `asyncHandler(auth)`).
fn handler_name(expr: &Expression<'_>) -> Option<String> {
    match expr.get_inner_expression() {
        Expression::Identifier(id) => Some(id.name.to_string()),
        Expression::CallExpression(call) if call.arguments.len() == 1 => {
            handler_name(call.arguments[0].as_expression()?)
        }
        _ => None,
    }
}

/// What the middleware function itself shows.
#[derive(Debug, Default)]
struct Middleware {
    line: usize,
    header: bool,
    bearer: bool,
    cookies: Vec<String>,
    signed: bool,
    session: bool,
    /// `req.session.<key>` reads.
    session_keys: Vec<String>,
    /// `req.isAuthenticated()` (passport).
    passport: bool,
    verify: Option<VerifyCall>,
    /// `req.<prop> = <value>`.
    assigned: Vec<(String, Value)>,
}

#[derive(Debug, Clone)]
enum VerifyCall {
    /// `jwt.verify(token, secret)`: the secret's span, the jsonwebtoken binding.
    Jwt { secret: Span, jwt: String },
    /// `helper(token)`.
    Helper(String),
}

/// What is assigned to the request, relative to the verified payload.
#[derive(Debug, Clone, PartialEq)]
enum Value {
    Payload(Vec<String>),
    Object(Vec<(String, Value)>),
    Lookup { call: String, root: String, id: Vec<String> },
    Other,
}

/// The auth middleware `definition` is, if it is one: it reads a credential and verifies it.
fn middleware_at(graph: &Graph<'_>, definition: &Definition) -> Result<Option<Middleware>> {
    let file = definition.file();
    let Some(text) = graph.host.read(file)? else { return Ok(None) };
    let facts = crate::read::module_graph::facts(file, &text);
    let run = |helpers: &[String]| {
        crate::js::parse::with_program(file, &text, |program| {
            let (params, body) = function_of(program, definition)?;
            let mut visitor = MiddlewareVisitor::new(&text, &facts, params);
            visitor.found.line = crate::js::parse::line_col(&text, body.start).0;
            visitor.inside = Some(body);
            visitor.helpers = helpers.to_vec();
            visitor.visit_program(program);
            Some((visitor.found, visitor.called))
        })
        .ok()
        .flatten()
    };
    let Some((mut found, called)) = run(&[]) else { return Ok(None) };
    if found.verify.is_none() {
        // A function of the host's that wraps `jwt.verify`, whatever its name.
        let mut helpers = Vec::new();
        for name in called {
            if let Some(def) = graph.define(file, &name)? {
                if helper_at(graph, &def)?.is_some() {
                    helpers.push(name);
                }
            }
        }
        if !helpers.is_empty() {
            found = run(&helpers).map(|(f, _)| f).unwrap_or(found);
        }
    }
    let found = Some(found);
    Ok(found.filter(|m| (m.header || !m.cookies.is_empty()) && m.verify.is_some() || m.session || m.passport))
}

/// The parameter names and the span of the function `definition` names.
fn function_of(program: &Program<'_>, definition: &Definition) -> Option<(Vec<String>, Span)> {
    struct Find<'d> {
        definition: &'d Definition,
        found: Option<(Vec<String>, Span)>,
    }
    fn params(p: &FormalParameters<'_>) -> Vec<String> {
        p.items
            .iter()
            .map(|i| match &i.pattern {
                BindingPattern::BindingIdentifier(id) => id.name.to_string(),
                _ => String::new(),
            })
            .collect()
    }
    fn function_in(expr: &Expression<'_>) -> Option<(Vec<String>, Span)> {
        match expr.get_inner_expression() {
            Expression::ArrowFunctionExpression(f) => Some((params(&f.params), f.span)),
            Expression::FunctionExpression(f) => Some((params(&f.params), f.span)),
            // `asyncHandler(async (req, res, next) => { ... })`
            Expression::CallExpression(call) => call.arguments.iter().find_map(|a| function_in(a.as_expression()?)),
            _ => None,
        }
    }
    impl<'a> Visit<'a> for Find<'_> {
        fn visit_function(&mut self, it: &Function<'a>, flags: oxc_semantic::ScopeFlags) {
            match self.definition {
                Definition::Local { name, .. }
                    if it.id.as_ref().is_some_and(|id| id.name.as_str() == name.as_str()) =>
                {
                    self.found.get_or_insert((params(&it.params), it.span));
                }
                Definition::Inline { span, .. } if it.span == *span => {
                    self.found.get_or_insert((params(&it.params), it.span));
                }
                _ => walk::walk_function(self, it, flags),
            }
        }
        fn visit_variable_declarator(&mut self, it: &VariableDeclarator<'a>) {
            if let (Definition::Local { name, .. }, BindingPattern::BindingIdentifier(id), Some(init)) =
                (self.definition, &it.id, &it.init)
            {
                if id.name.as_str() == name.as_str() {
                    if let Some(found) = function_in(init) {
                        self.found.get_or_insert(found);
                        return;
                    }
                }
            }
            walk::walk_variable_declarator(self, it);
        }
        fn visit_expression(&mut self, it: &Expression<'a>) {
            if let Definition::Inline { span, .. } = self.definition {
                if it.span() == *span {
                    if let Some(found) = function_in(it) {
                        self.found.get_or_insert(found);
                        return;
                    }
                }
            }
            walk::walk_expression(self, it);
        }
    }
    let mut find = Find { definition, found: None };
    find.visit_program(program);
    find.found
}

struct MiddlewareVisitor<'t> {
    text: &'t str,
    facts: &'t Facts,
    req: String,
    /// The local names of the verified payload.
    payload: Vec<String>,
    /// Locals bound to a lookup of the user: name -> value.
    lookups: Vec<(String, Value)>,
    found: Middleware,
    /// The function's span: only what is inside it counts.
    inside: Option<Span>,
    /// What a helper returns, as a path in the payload.
    returns: Option<Vec<String>>,
    /// Imported functions the middleware calls, and those of them known to verify a JWT.
    called: Vec<String>,
    helpers: Vec<String>,
    arrow_returns: Option<Vec<String>>,
}

impl<'t> MiddlewareVisitor<'t> {
    fn new(text: &'t str, facts: &'t Facts, params: Vec<String>) -> Self {
        MiddlewareVisitor {
            text,
            facts,
            req: params.first().cloned().unwrap_or_else(|| "req".into()),
            payload: Vec::new(),
            lookups: Vec::new(),
            found: Middleware::default(),
            inside: None,
            returns: None,
            arrow_returns: None,
            called: Vec::new(),
            helpers: Vec::new(),
        }
    }

    /// Whether `span` lies wholly outside the function being read.
    fn outside(&self, span: Span) -> bool {
        self.inside.is_some_and(|inside| span.end <= inside.start || span.start >= inside.end)
    }

    fn is_req(&self, expr: &Expression<'_>) -> bool {
        matches!(expr.get_inner_expression(), Expression::Identifier(id) if id.name.as_str() == self.req)
    }

    /// The verify call `expr` is, if any.
    fn verify_of(&self, expr: &Expression<'_>) -> Option<VerifyCall> {
        let call = crate::js::ast::call_of(expr)?;
        match call.callee.get_inner_expression() {
            Expression::StaticMemberExpression(m) if m.property.name == "verify" => {
                let Expression::Identifier(obj) = m.object.get_inner_expression() else { return None };
                let import = self.facts.import_of(&obj.name)?;
                (import.source == "jsonwebtoken").then(|| VerifyCall::Jwt {
                    secret: call.arguments.get(1).map(|a| a.span()).unwrap_or(call.span),
                    jwt: obj.name.to_string(),
                })
            }
            Expression::Identifier(id) => {
                let import = self.facts.import_of(&id.name)?;
                if import.source == "jsonwebtoken" {
                    return None; // a named `verify` import: not reused here
                }
                self.helpers
                    .iter()
                    .any(|h| h.as_str() == id.name.as_str())
                    .then(|| VerifyCall::Helper(id.name.to_string()))
            }
            _ => None,
        }
    }

    /// `expr` relative to the payload.
    fn value_of(&self, expr: &Expression<'_>) -> Value {
        let expr = match expr.get_inner_expression() {
            Expression::AwaitExpression(a) => a.argument.get_inner_expression(),
            other => other,
        };
        if let Some(path) = self.payload_path(expr) {
            return Value::Payload(path);
        }
        // `req.user = verifyAccessToken(token)`: the payload itself.
        if self.verify_of(expr).is_some() {
            return Value::Payload(Vec::new());
        }
        if let Expression::Identifier(id) = expr {
            if let Some((_, value)) = self.lookups.iter().rev().find(|(n, _)| n.as_str() == id.name.as_str()) {
                return value.clone();
            }
        }
        if let Expression::ObjectExpression(object) = expr {
            let mut fields = Vec::new();
            for property in &object.properties {
                let ObjectPropertyKind::ObjectProperty(p) = property else { return Value::Other };
                let Some(key) = p.key.static_name() else { return Value::Other };
                fields.push((key.to_string(), self.value_of(&p.value)));
            }
            return Value::Object(fields);
        }
        if let Some(lookup) = self.lookup_of(expr) {
            return lookup;
        }
        Value::Other
    }

    /// `payload`, `payload.a.b`, `payload?.a`, `payload["a"]`.
    fn payload_path(&self, expr: &Expression<'_>) -> Option<Vec<String>> {
        match expr.get_inner_expression() {
            Expression::Identifier(id) if self.payload.iter().any(|p| p.as_str() == id.name.as_str()) => {
                Some(Vec::new())
            }
            Expression::ChainExpression(chain) => match &chain.expression {
                ChainElement::StaticMemberExpression(m) => {
                    let mut path = self.payload_path(&m.object)?;
                    path.push(m.property.name.to_string());
                    Some(path)
                }
                _ => None,
            },
            other => {
                let member = other.as_member_expression()?;
                let mut path = self.payload_path(member.object())?;
                path.push(member.static_property_name()?.to_string());
                Some(path)
            }
        }
    }

    /// Shape: `User.findById(decoded.id)`, `User.findByPk(payload.userId)`,
    /// `User.findOne({ _id: decoded.id })`, chained (`.select("-password")`).
    fn lookup_of(&self, expr: &Expression<'_>) -> Option<Value> {
        let mut call = crate::js::ast::call_of(expr)?;
        // Walk down a chain to the model's call.
        loop {
            let member = call.callee.get_inner_expression().as_member_expression()?;
            match member.object().get_inner_expression() {
                Expression::Identifier(model) => {
                    let method = member.static_property_name()?;
                    if !method.starts_with("find") {
                        return None;
                    }
                    let id = call.arguments.iter().find_map(|a| {
                        let a = a.as_expression()?;
                        self.payload_path(a).or_else(|| match a.get_inner_expression() {
                            Expression::ObjectExpression(o) => o.properties.iter().find_map(|p| match p {
                                ObjectPropertyKind::ObjectProperty(p) => self.payload_path(&p.value),
                                _ => None,
                            }),
                            _ => None,
                        })
                    })?;
                    let whole = crate::js::ast::call_of(expr)?;
                    return Some(Value::Lookup {
                        call: self.text[whole.span.start as usize..whole.span.end as usize].to_string(),
                        root: model.name.to_string(),
                        id,
                    });
                }
                Expression::CallExpression(inner) => call = inner,
                _ => return None,
            }
        }
    }
}

impl<'a> Visit<'a> for MiddlewareVisitor<'_> {
    fn visit_statement(&mut self, it: &Statement<'a>) {
        if self.outside(it.span()) {
            return;
        }
        walk::walk_statement(self, it);
    }

    fn visit_function(&mut self, it: &Function<'a>, flags: oxc_semantic::ScopeFlags) {
        if self.outside(it.span) {
            return;
        }
        walk::walk_function(self, it, flags);
    }

    fn visit_arrow_function_expression(&mut self, it: &ArrowFunctionExpression<'a>) {
        if self.outside(it.span) {
            return;
        }
        if Some(it.span) == self.inside {
            if let Some(body) = it.body.as_expression() {
                if self.verify_of(body).is_some() {
                    self.arrow_returns = Some(Vec::new());
                }
            }
        }
        walk::walk_arrow_function_expression(self, it);
    }

    fn visit_return_statement(&mut self, it: &ReturnStatement<'a>) {
        if let Some(argument) = &it.argument {
            if self.returns.is_none() {
                if self.verify_of(argument).is_some() {
                    self.returns = Some(Vec::new());
                } else if let Some(path) = self.payload_path(argument) {
                    self.returns = Some(path);
                } else if let Expression::Identifier(id) = argument.get_inner_expression() {
                    if let Some((_, Value::Payload(path))) =
                        self.lookups.iter().rev().find(|(n, _)| n.as_str() == id.name.as_str())
                    {
                        self.returns = Some(path.clone());
                    }
                }
            }
        }
        walk::walk_return_statement(self, it);
    }

    fn visit_variable_declarator(&mut self, it: &VariableDeclarator<'a>) {
        // `const { authorization } = req.headers;`
        if let (BindingPattern::ObjectPattern(o), Some(init)) = (&it.id, &it.init) {
            if let Some(m) = init.get_inner_expression().as_member_expression() {
                if self.is_req(m.object()) && m.static_property_name() == Some("headers") {
                    if o.properties
                        .iter()
                        .any(|p| p.key.static_name().is_some_and(|k| k.eq_ignore_ascii_case("authorization")))
                    {
                        self.found.header = true;
                    }
                }
                if self.is_req(m.object()) && m.static_property_name() == Some("cookies") {
                    for p in &o.properties {
                        if let Some(k) = p.key.static_name() {
                            self.found.cookies.push(k.to_string());
                        }
                    }
                }
            }
        }
        if let (BindingPattern::BindingIdentifier(id), Some(init)) = (&it.id, &it.init) {
            if let Some(verify) = self.verify_of(init) {
                self.payload.push(id.name.to_string());
                self.found.verify.get_or_insert(verify);
            } else if let Some(path) = self.payload_path(init) {
                // `const user = decoded.data;`: the same payload, further in.
                if path.is_empty() {
                    self.payload.push(id.name.to_string());
                } else {
                    self.lookups.push((id.name.to_string(), Value::Payload(path)));
                }
            } else if let Some(lookup) = self.lookup_of(init) {
                self.lookups.push((id.name.to_string(), lookup));
            }
        }
        walk::walk_variable_declarator(self, it);
    }

    fn visit_call_expression(&mut self, it: &CallExpression<'a>) {
        // `jwt.verify(token, secret, (err, payload) => { ... })` and helpers called bare.
        if let Expression::Identifier(id) = it.callee.get_inner_expression() {
            if self.facts.import_of(&id.name).is_some_and(|i| i.source != "jsonwebtoken") {
                if !self.called.iter().any(|c| c.as_str() == id.name.as_str()) {
                    self.called.push(id.name.to_string());
                }
                if self.found.verify.is_none() && self.helpers.iter().any(|h| h.as_str() == id.name.as_str()) {
                    self.found.verify = Some(VerifyCall::Helper(id.name.to_string()));
                }
            }
        }
        if let Some(member) = it.callee.get_inner_expression().as_member_expression() {
            if self.is_req(member.object()) && member.static_property_name() == Some("isAuthenticated") {
                self.found.passport = true;
            }
            // `req.header("Authorization")`, `req.get("authorization")`.
            if self.is_req(member.object()) && matches!(member.static_property_name(), Some("header" | "get")) {
                if it
                    .arguments
                    .first()
                    .and_then(crate::js::ast::static_string)
                    .is_some_and(|s| s.eq_ignore_ascii_case("authorization"))
                {
                    self.found.header = true;
                }
            }
            if member.static_property_name() == Some("split") {
                self.found.bearer = true;
            }
            if member.static_property_name() == Some("verify") {
                if let Expression::Identifier(obj) = member.object().get_inner_expression() {
                    if self.facts.import_of(&obj.name).is_some_and(|i| i.source == "jsonwebtoken") {
                        if self.found.verify.is_none() {
                            self.found.verify = Some(VerifyCall::Jwt {
                                secret: it.arguments.get(1).map(|a| a.span()).unwrap_or(it.span),
                                jwt: obj.name.to_string(),
                            });
                        }
                        if let Some(Argument::ArrowFunctionExpression(f)) = it.arguments.get(2) {
                            if let Some(p) = f.params.items.get(1) {
                                if let BindingPattern::BindingIdentifier(id) = &p.pattern {
                                    self.payload.push(id.name.to_string());
                                }
                            }
                        }
                        if let Some(Argument::FunctionExpression(f)) = it.arguments.get(2) {
                            if let Some(p) = f.params.items.get(1) {
                                if let BindingPattern::BindingIdentifier(id) = &p.pattern {
                                    self.payload.push(id.name.to_string());
                                }
                            }
                        }
                    }
                }
            }
        }
        walk::walk_call_expression(self, it);
    }

    fn visit_string_literal(&mut self, it: &StringLiteral<'a>) {
        if it.value.starts_with("Bearer") {
            self.found.bearer = true;
        }
    }

    fn visit_template_literal(&mut self, it: &TemplateLiteral<'a>) {
        if it.quasis.iter().any(|q| q.value.raw.starts_with("Bearer")) {
            self.found.bearer = true;
        }
        walk::walk_template_literal(self, it);
    }

    fn visit_member_expression(&mut self, it: &MemberExpression<'a>) {
        let property = it.static_property_name();
        // `req.headers.authorization`, `req.headers["authorization"]`.
        if let Some(inner) = it.object().get_inner_expression().as_member_expression() {
            if self.is_req(inner.object()) {
                match (inner.static_property_name(), property) {
                    (Some("headers"), Some(p)) if p.eq_ignore_ascii_case("authorization") => self.found.header = true,
                    (Some("cookies"), Some(p)) if !self.found.cookies.iter().any(|c| c == p) => {
                        self.found.cookies.push(p.to_string())
                    }
                    (Some("signedCookies"), _) => self.found.signed = true,
                    _ => {}
                }
            }
        }
        if self.is_req(it.object()) && matches!(property, Some("session")) {
            self.found.session = true;
        }
        if let Some(inner) = it.object().get_inner_expression().as_member_expression() {
            if self.is_req(inner.object()) && inner.static_property_name() == Some("session") {
                if let Some(p) = property.filter(|p| !self.found.session_keys.iter().any(|k| k == p)) {
                    self.found.session_keys.push(p.to_string());
                }
            }
        }
        walk::walk_member_expression(self, it);
    }

    fn visit_assignment_expression(&mut self, it: &AssignmentExpression<'a>) {
        if let AssignmentTarget::StaticMemberExpression(m) = &it.left {
            if self.is_req(&m.object) {
                if let Some(verify) = self.verify_of(&it.right) {
                    self.found.verify.get_or_insert(verify);
                }
                let value = self.value_of(&it.right);
                self.found.assigned.push((m.property.name.to_string(), value));
            }
        }
        if let (AssignmentTarget::AssignmentTargetIdentifier(id), Some(verify)) = (&it.left, self.verify_of(&it.right))
        {
            self.payload.push(id.name.to_string());
            self.found.verify.get_or_insert(verify);
        }
        walk::walk_assignment_expression(self, it);
    }
}

/// What a verify helper's function shows: its secret and where its result holds the payload.
#[derive(Debug, Default)]
struct HelperBody {
    secret: Option<String>,
    returns: Option<Vec<String>>,
}

/// Reads the helper `definition`: a function around `jwt.verify`.
fn helper_at(graph: &Graph<'_>, definition: &Definition) -> Result<Option<(PathBuf, HelperBody)>> {
    let file = definition.file().to_path_buf();
    let Some(text) = graph.host.read(&file)? else { return Ok(None) };
    let facts = crate::read::module_graph::facts(&file, &text);
    let body = crate::js::parse::with_program(&file, &text, |program| {
        let (params, span) = function_of(program, definition)?;
        let mut visitor = MiddlewareVisitor::new(&text, &facts, params);
        visitor.inside = Some(span);
        visitor.visit_program(program);
        let Some(VerifyCall::Jwt { secret, .. }) = visitor.found.verify else { return None };
        Some(HelperBody {
            secret: Some(text[secret.start as usize..secret.end as usize].to_string()),
            returns: visitor.returns.or_else(|| visitor.arrow_returns),
        })
    })
    .ok()
    .flatten();
    Ok(body.map(|b| (file, b)))
}

/// The import `local` of `file` as the generated middleware repeats it.
fn import_for(graph: &Graph<'_>, file: &Path, imported: &Imported) -> Result<Option<Import>> {
    let source = if imported.source.starts_with('.')
        || graph.aliases.iter().any(|(p, _)| imported.source.starts_with(p.as_str()))
    {
        match crate::read::module_graph::resolve(graph.host, file, &imported.source, &graph.aliases)? {
            Some(path) => Source::File { path, written: imported.source.clone() },
            None => return Ok(None),
        }
    } else {
        Source::Package(imported.source.clone())
    };
    Ok(Some(Import {
        local: imported.local.clone(),
        source,
        part: imported.part.clone(),
        namespace: imported.namespace,
    }))
}

/// The names, literals and environment variables of an expression's text.
#[derive(Debug, Default)]
struct ExprNames {
    names: Vec<String>,
    literal: bool,
    env: BTreeSet<String>,
}

fn expr_names(path: &Path, text: &str) -> ExprNames {
    #[derive(Default)]
    struct V(ExprNames);
    impl<'a> Visit<'a> for V {
        fn visit_identifier_reference(&mut self, it: &IdentifierReference<'a>) {
            if !self.0.names.iter().any(|n| n == it.name.as_str()) {
                self.0.names.push(it.name.to_string());
            }
        }
        fn visit_string_literal(&mut self, _: &StringLiteral<'a>) {
            self.0.literal = true;
        }
        fn visit_template_literal(&mut self, it: &TemplateLiteral<'a>) {
            self.0.literal = true;
            walk::walk_template_literal(self, it);
        }
        fn visit_numeric_literal(&mut self, _: &NumericLiteral<'a>) {
            self.0.literal = true;
        }
        fn visit_member_expression(&mut self, it: &MemberExpression<'a>) {
            if let Some(inner) = it.object().get_inner_expression().as_member_expression() {
                if inner.object().is_specific_id("process") && inner.static_property_name() == Some("env") {
                    if let Some(name) = it.static_property_name() {
                        self.0.env.insert(name.to_string());
                    }
                }
            }
            walk::walk_member_expression(self, it);
        }
    }
    let mut v = V::default();
    let wrapped = format!("({text});");
    let _ = crate::js::parse::with_program(path, &wrapped, |program| v.visit_program(program));
    v.0
}

/// The initializer text of the top-level `const name = ...` of `text`.
fn const_init(path: &Path, text: &str, name: &str) -> Option<String> {
    crate::js::parse::with_program(path, text, |program| {
        program.body.iter().find_map(|stmt| {
            let var = match stmt {
                Statement::VariableDeclaration(var) => var,
                Statement::ExportDeclaration(e) => match &e.declaration {
                    Declaration::VariableDeclaration(var) => var,
                    _ => return None,
                },
                _ => return None,
            };
            var.declarations.iter().find_map(|d| match (&d.id, &d.init) {
                (BindingPattern::BindingIdentifier(id), Some(init)) if id.name == name => {
                    Some(text[init.span().start as usize..init.span().end as usize].to_string())
                }
                _ => None,
            })
        })
    })
    .ok()
    .flatten()
}

/// What identifies a secret across files: the environment variables it
/// reads (directly or through a constant one step away), else its text.
fn secret_key(graph: &Graph<'_>, file: &Path, text: &str) -> Result<String> {
    let names = expr_names(file, text);
    let mut env = names.env.clone();
    let source = graph.host.read(file)?.unwrap_or_default();
    for name in &names.names {
        let init = match graph.define(file, name)? {
            Some(Definition::Local { file: def, name }) => {
                graph.host.read(&def)?.and_then(|t| const_init(&def, &t, &name))
            }
            _ => const_init(file, &source, name),
        };
        if let Some(init) = init {
            env.extend(expr_names(file, &init).env);
        }
    }
    Ok(match env.is_empty() {
        true => text.split_whitespace().collect::<Vec<_>>().join(" "),
        false => format!("env:{}", env.into_iter().collect::<Vec<_>>().join(",")),
    })
}

/// The payload keys of every `jwt.sign({ ... }, secret)` in the backend whose secret is `key`.
fn signed_keys(graph: &Graph<'_>, files: &[PathBuf], key: &str) -> Result<Vec<String>> {
    let mut keys = Vec::new();
    for file in files {
        let Some(text) = graph.host.read(file)? else { continue };
        if !text.contains("jsonwebtoken") {
            continue;
        }
        let facts = crate::read::module_graph::facts(file, &text);
        let signs = crate::js::parse::with_program(file, &text, |program| {
            struct Signs<'f>(&'f Facts, Vec<(Option<Vec<String>>, Span)>);
            impl<'a> Visit<'a> for Signs<'_> {
                fn visit_call_expression(&mut self, it: &CallExpression<'a>) {
                    if let Some(m) = it.callee.get_inner_expression().as_member_expression() {
                        let jwt = matches!(m.object().get_inner_expression(), Expression::Identifier(id)
                            if self.0.import_of(&id.name).is_some_and(|i| i.source == "jsonwebtoken"));
                        if jwt && m.static_property_name() == Some("sign") {
                            if let (Some(payload), Some(secret)) = (it.arguments.first(), it.arguments.get(1)) {
                                let keys = match payload.as_expression().map(|e| e.get_inner_expression()) {
                                    Some(Expression::ObjectExpression(o)) => Some(
                                        o.properties
                                            .iter()
                                            .filter_map(|p| match p {
                                                ObjectPropertyKind::ObjectProperty(p) => {
                                                    p.key.static_name().map(|k| k.to_string())
                                                }
                                                _ => None,
                                            })
                                            .collect(),
                                    ),
                                    _ => None,
                                };
                                self.1.push((keys, secret.span()));
                            }
                        }
                    }
                    walk::walk_call_expression(self, it);
                }
            }
            let mut signs = Signs(&facts, Vec::new());
            signs.visit_program(program);
            signs.1
        })
        .unwrap_or_default();
        for (payload, secret) in signs {
            let secret = &text[secret.start as usize..secret.end as usize];
            if secret_key(graph, file, secret)? == key {
                for k in payload.unwrap_or_default() {
                    if !keys.contains(&k) {
                        keys.push(k);
                    }
                }
            }
        }
    }
    Ok(keys)
}

/// The fields the backend reads of `req.<prop>`: `req.user.id`, `const { role } = req.user`.
fn used_keys(graph: &Graph<'_>, files: &[PathBuf], prop: &str) -> Result<Vec<String>> {
    struct Uses<'p>(&'p str, Vec<String>);
    impl Uses<'_> {
        fn is_holder(&self, expr: &Expression<'_>) -> bool {
            let expr = match expr.get_inner_expression() {
                Expression::ChainExpression(c) => match &c.expression {
                    ChainElement::StaticMemberExpression(m) => return self.is_member(&m.object, &m.property.name),
                    _ => return false,
                },
                other => other,
            };
            match expr.as_member_expression() {
                Some(m) => m.static_property_name().is_some_and(|p| self.is_member(m.object(), p)),
                None => false,
            }
        }
        fn is_member(&self, object: &Expression<'_>, property: &str) -> bool {
            property == self.0
                && matches!(object.get_inner_expression(), Expression::Identifier(id) if id.name == "req" || id.name == "request")
        }
        fn add(&mut self, key: &str) {
            if !self.1.iter().any(|k| k == key) {
                self.1.push(key.to_string());
            }
        }
    }
    impl<'a> Visit<'a> for Uses<'_> {
        fn visit_member_expression(&mut self, it: &MemberExpression<'a>) {
            if self.is_holder(it.object()) {
                if let Some(key) = it.static_property_name() {
                    self.add(key);
                }
            }
            walk::walk_member_expression(self, it);
        }
        fn visit_variable_declarator(&mut self, it: &VariableDeclarator<'a>) {
            if let (BindingPattern::ObjectPattern(o), Some(init)) = (&it.id, &it.init) {
                if self.is_holder(init) {
                    for p in &o.properties {
                        if let Some(k) = p.key.static_name() {
                            self.add(&k);
                        }
                    }
                }
            }
            walk::walk_variable_declarator(self, it);
        }
    }
    let mut uses = Uses(prop, Vec::new());
    for file in files {
        let Some(text) = graph.host.read(file)? else { continue };
        if !text.contains(prop) {
            continue;
        }
        let _ = crate::js::parse::with_program(file, &text, |program| uses.visit_program(program));
    }
    Ok(uses.1)
}

fn first_of(keys: &[String], wanted: &[&str]) -> Vec<String> {
    wanted.iter().filter(|w| keys.iter().any(|k| k == *w)).map(|w| w.to_string()).collect()
}

fn path(prefix: &[String], key: &str) -> Vec<String> {
    let mut p = prefix.to_vec();
    p.push(key.to_string());
    p
}

/// Shows a payload path as the host's code would: `decoded.data.id`.
pub fn shown(path: &[String]) -> String {
    std::iter::once("payload".to_string()).chain(path.iter().cloned()).collect::<Vec<_>>().join(".")
}

/// Builds the reading from the middleware `name` found at `definition`.
fn complete(
    graph: &Graph<'_>,
    files: &[PathBuf],
    name: String,
    definition: Definition,
    mw: Middleware,
) -> Result<Reading> {
    let file = definition.file().to_path_buf();
    let line = mw.line;
    let text = graph.host.read(&file)?.unwrap_or_default();
    let facts = crate::read::module_graph::facts(&file, &text);
    let unreadable = |what: String, fix: String| Ok(Reading::Unreadable { file: file.clone(), line, what, fix });
    let place = format!("`{}:{line}`", file.display());
    if mw.signed {
        return unreadable(
            format!("{place}: `{name}` reads a signed cookie (`req.signedCookies`), which rtgen does not verify on a socket yet"),
            "authenticate the socket by hand (`io.use(...)` setting `socket.data.realtimeUser = { id, role }`)".into(),
        );
    }
    let Some(verify) = mw.verify.clone() else {
        return session_reading(graph, files, name, file.clone(), line, &mw);
    };
    let mut credentials: Vec<Credential> = mw.cookies.iter().cloned().map(Credential::Cookie).collect();
    if mw.header {
        credentials.insert(0, if mw.bearer { Credential::Bearer } else { Credential::RawHeader });
    }
    // The verifier, and the secret that identifies the tokens it accepts.
    let (verifier, prefix, key) = match verify {
        VerifyCall::Jwt { secret, jwt } => {
            let secret = text[secret.start as usize..secret.end as usize].to_string();
            let names = expr_names(&file, &secret);
            if names.literal {
                return unreadable(
                    format!("{place}: `{name}` verifies with the secret `{secret}`, which holds a literal written in place: rtgen reuses the host's secret and never copies a literal"),
                    format!("move the secret into an exported constant (`export const JWT_SECRET = {secret};`, or `exports.JWT_SECRET = ...` in CommonJS) and pass `JWT_SECRET` to `jwt.verify`"),
                );
            }
            let mut imports = Vec::new();
            for n in names.names.iter().filter(|n| *n != "process") {
                if let Some(imported) = facts.import_of(n) {
                    match import_for(graph, &file, imported)? {
                        Some(import) => imports.push(import),
                        None => {
                            return unreadable(
                                format!(
                                    "{place}: the secret's `{n}` comes from `{}`, which rtgen cannot find",
                                    imported.source
                                ),
                                "import it by a relative path".into(),
                            )
                        }
                    }
                } else if facts.exports_local(n) {
                    imports.push(Import {
                        local: n.clone(),
                        source: Source::File { path: file.clone(), written: String::new() },
                        part: Part::Named(n.clone()),
                        namespace: false,
                    });
                } else {
                    return unreadable(
                        format!("{place}: `{name}` verifies with `{secret}`, and `{n}` is a constant of that file that it does not export, so the socket middleware cannot share it"),
                        format!("export `{n}` from `{}` (`export const {n} = ...`, or add it to `module.exports` in CommonJS)", file.display()),
                    );
                }
            }
            let Some(jwt) = facts.import_of(&jwt).and_then(|i| import_for(graph, &file, i).ok().flatten()) else {
                return unreadable(
                    format!("{place}: `{jwt}` is not imported from `jsonwebtoken`"),
                    "import it from `jsonwebtoken`".into(),
                );
            };
            let key = secret_key(graph, &file, &secret)?;
            (Verifier::Jwt { jwt, secret, imports }, Vec::new(), key)
        }
        VerifyCall::Helper(helper) => {
            let imported = facts.import_of(&helper).cloned().expect("helpers are imported");
            let Some(import) = import_for(graph, &file, &imported)? else {
                return unreadable(
                    format!("{place}: `{helper}` comes from `{}`, which rtgen cannot find", imported.source),
                    "import it by a relative path".into(),
                );
            };
            let Some(def) = graph.define(&file, &helper)? else {
                return unreadable(
                    format!("{place}: rtgen cannot find where `{helper}` is defined"),
                    "define it in a module the middleware imports by a relative path".into(),
                );
            };
            let Some((helper_file, body)) = helper_at(graph, &def)? else {
                return unreadable(
                    format!(
                        "{place}: `{name}` verifies the token with `{helper}`, and rtgen sees no `jwt.verify` in it"
                    ),
                    "verify with `jwt.verify(token, secret)` in the middleware or in the helper".into(),
                );
            };
            let key = secret_key(graph, &helper_file, body.secret.as_deref().unwrap_or_default())?;
            (Verifier::Helper { import }, body.returns.unwrap_or_default(), key)
        }
    };
    // Who the request's user is.
    let holder = mw
        .assigned
        .iter()
        .find(|(p, v)| p == "user" && *v != Value::Other)
        .or_else(|| mw.assigned.iter().find(|(p, v)| ID_KEYS.contains(&p.as_str()) && matches!(v, Value::Payload(_))))
        .or_else(|| mw.assigned.iter().find(|(_, v)| *v != Value::Other));
    let Some((prop, value)) = holder.cloned() else {
        return unreadable(
            format!("{place}: `{name}` verifies the token but puts nothing rtgen can read on the request (`req.user = ...`)"),
            "set `req.user = { id: payload.id, role: payload.role }` from the verified payload".into(),
        );
    };
    let on_request = |key: &str| {
        mw.assigned.iter().find_map(|(p, v)| match v {
            Value::Payload(path) if p == key => Some(path.clone()),
            _ => None,
        })
    };
    let mut auth = HttpAuth {
        file: file.clone(),
        line,
        name: name.clone(),
        credentials,
        verifier,
        prefix: prefix.clone(),
        id: Vec::new(),
        role: None,
        tenant: None,
        lookup: None,
        evidence: String::new(),
    };
    match value {
        Value::Payload(path) if ID_KEYS.contains(&prop.as_str()) => {
            auth.id = path;
            auth.role = ROLE_KEYS.iter().find_map(|k| on_request(k)).map(Field::Payload);
            auth.evidence = format!("`req.{prop}` in `{name}`");
        }
        Value::Object(fields) => {
            let of = |keys: &[&str]| {
                fields.iter().find_map(|(k, v)| match v {
                    Value::Payload(p) if keys.contains(&k.as_str()) => Some(p.clone()),
                    _ => None,
                })
            };
            let Some(id) = of(ID_KEYS) else {
                return unreadable(
                    format!(
                        "{place}: `req.{prop}` holds no id rtgen can read from the token (looked for {})",
                        crate::error::backticked(ID_KEYS.iter(), ", ")
                    ),
                    format!("put the user id on `req.{prop}.id`"),
                );
            };
            auth.id = id;
            auth.role = of(ROLE_KEYS).map(Field::Payload);
            auth.tenant = of(TENANT_KEYS).map(Field::Payload);
            auth.evidence = format!("`req.{prop} = {{ ... }}` in `{name}`");
        }
        Value::Lookup { call, root, id } => {
            auth.id = id;
            let mut imports = Vec::new();
            match facts.import_of(&root) {
                Some(imported) => match import_for(graph, &file, imported)? {
                    Some(import) => imports.push(import),
                    None => {
                        return unreadable(
                            format!(
                                "{place}: the user lookup `{call}` uses `{root}` from `{}`, a file rtgen cannot find",
                                imported.source
                            ),
                            format!("import `{root}` by a path to a file that exists"),
                        )
                    }
                },
                // A model defined in the middleware's own file is not reused.
                None => {
                    return unreadable(
                        format!(
                        "{place}: the user lookup `{call}` uses `{root}`, which the middleware's file does not import"
                    ),
                        format!("define `{root}` in its own module and import it"),
                    )
                }
            }
            let used = used_keys(graph, files, &prop)?;
            auth.role = first_of(&used, ROLE_KEYS).first().map(|k| Field::User(k.clone()));
            auth.tenant = first_of(&used, TENANT_KEYS).first().map(|k| Field::User(k.clone()));
            if auth.role.is_some() || auth.tenant.is_some() {
                auth.lookup = Some(Lookup { call: rename_payload(&call, &mw_payload_names(&text, &call)), imports });
            }
            auth.evidence = format!("the lookup `{call}` in `{name}`");
        }
        Value::Payload(path) => {
            // The whole payload (or a part) is the request's user: its keys are
            // those of the tokens the host signs with the same secret, or those
            // the routes read.
            let base = path;
            let signed =
                if base.is_empty() && prefix.is_empty() { signed_keys(graph, files, &key)? } else { Vec::new() };
            let used = used_keys(graph, files, &prop)?;
            let (keys, evidence) = match first_of(&signed, ID_KEYS).is_empty() {
                false => (signed.clone(), "the tokens the host signs (`jwt.sign({ ... })`)".to_string()),
                true => (used.clone(), format!("the fields the routes read of `req.{prop}`")),
            };
            let ids = first_of(&keys, ID_KEYS);
            if ids.len() != 1 {
                return unreadable(
                    format!(
                        "{place}: `{name}` puts the token's payload on `req.{prop}`, and rtgen cannot tell which field holds the user id ({})",
                        if ids.is_empty() { "none of `id`, `_id`, `userId`, `sub` is signed or read".to_string() } else { format!("found {}", crate::error::backticked(ids.iter(), ", ")) }
                    ),
                    format!("put the id on the request by name: `req.{prop} = {{ id: payload.<field>, role: payload.role }}`"),
                );
            }
            let all: Vec<String> = signed.iter().chain(&used).cloned().collect();
            auth.id = path_join(&base, &ids[0]);
            auth.role = first_of(&all, ROLE_KEYS).first().map(|k| Field::Payload(path_join(&base, k)));
            auth.tenant = first_of(&all, TENANT_KEYS).first().map(|k| Field::Payload(path_join(&base, k)));
            auth.evidence = evidence;
        }
        Value::Other => unreachable!("filtered above"),
    }
    Ok(Reading::Found(auth))
}

fn path_join(base: &[String], key: &str) -> Vec<String> {
    path(base, key)
}

/// The payload's local names in `text` that `call` uses (its first identifier before a dot).
fn mw_payload_names(_text: &str, call: &str) -> Vec<String> {
    // The lookup's argument is `<payload>.<field>`: the identifier before the
    // first `.` inside the parentheses.
    let inside = call.split_once('(').map_or("", |(_, rest)| rest);
    let name: String = inside
        .trim_start_matches(['{', ' '])
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '$')
        .collect();
    let name = match inside.split_once(':') {
        Some((_, v)) if inside.trim_start().starts_with('{') => {
            v.trim_start().chars().take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '$').collect()
        }
        _ => name,
    };
    vec![name]
}

/// `call` with each of `names` (the payload's local names) written as `payload`.
fn rename_payload(call: &str, names: &[String]) -> String {
    let mut out = call.to_string();
    for name in names.iter().filter(|n| !n.is_empty()) {
        let mut result = String::new();
        let mut rest = out.as_str();
        while let Some(i) = rest.find(name.as_str()) {
            let before = result.chars().last().or_else(|| rest[..i].chars().last());
            let prev = rest[..i].chars().last().or(before);
            let next = rest[i + name.len()..].chars().next();
            let word = !prev.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$' || c == '.')
                && !next.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$');
            result.push_str(&rest[..i]);
            result.push_str(if word { "payload" } else { name });
            rest = &rest[i + name.len()..];
        }
        result.push_str(rest);
        out = result;
    }
    out
}

#[cfg(test)]
mod tests;

/// The reading of a session (express-session, maybe passport on top): the
/// session middleware the app uses, bound to a name the socket middleware can
/// import, and the field of the session's user that holds the id.
fn session_reading(
    graph: &Graph<'_>,
    files: &[PathBuf],
    name: String,
    file: PathBuf,
    line: usize,
    mw: &Middleware,
) -> Result<Reading> {
    let place = format!("`{}:{line}`", file.display());
    let unreadable = |what: String, fix: String| Ok(Reading::Unreadable { file: file.clone(), line, what, fix });
    // Where the app makes its session middleware: `const sessionMiddleware = session({ ... })`.
    let mut bound: Option<(PathBuf, String)> = None;
    let mut inline: Option<(PathBuf, usize)> = None;
    for f in files {
        let Some(text) = graph.host.read(f)? else { continue };
        if !text.contains("express-session") {
            continue;
        }
        let facts = crate::read::module_graph::facts(f, &text);
        let Some(local) = facts
            .imports
            .iter()
            .find(|i| i.source == "express-session" && i.part == Part::Whole)
            .map(|i| i.local.clone())
        else {
            continue;
        };
        let found = crate::js::parse::with_program(f, &text, |program| {
            let mut binding = None;
            let mut call = None;
            for stmt in &program.body {
                let var = match stmt {
                    Statement::VariableDeclaration(var) => Some(&**var),
                    Statement::ExportDeclaration(e) => match &e.declaration {
                        Declaration::VariableDeclaration(var) => Some(&**var),
                        _ => None,
                    },
                    _ => None,
                };
                for d in var.into_iter().flat_map(|v| v.declarations.iter()) {
                    if let (BindingPattern::BindingIdentifier(id), Some(init)) = (&d.id, &d.init) {
                        if crate::js::ast::call_of(init).is_some_and(|c| c.callee.is_specific_id(&local)) {
                            binding = Some(id.name.to_string());
                        }
                    }
                }
            }
            struct Calls<'l>(&'l str, Option<u32>);
            impl<'a> Visit<'a> for Calls<'_> {
                fn visit_call_expression(&mut self, it: &CallExpression<'a>) {
                    if it.callee.is_specific_id(self.0) && self.1.is_none() {
                        self.1 = Some(it.span.start);
                    }
                    walk::walk_call_expression(self, it);
                }
            }
            let mut calls = Calls(&local, None);
            calls.visit_program(program);
            call = call.or(calls.1);
            (binding, call)
        })
        .unwrap_or_default();
        match found {
            (Some(binding), _) if facts.exports_local(&binding) => {
                bound = Some((f.clone(), binding));
                break;
            }
            (Some(binding), _) => {
                return unreadable(
                    format!("{place}: `{name}` reads the session, and the session middleware `{binding}` (`{}`) is not exported, so the socket middleware cannot run it on the handshake", f.display()),
                    format!("export `{binding}` from `{}` (`export const {binding} = session({{ ... }});`, or add it to `module.exports` in CommonJS)", f.display()),
                );
            }
            (None, Some(offset)) => inline = Some((f.clone(), crate::js::parse::line_col(&text, offset).0)),
            (None, None) => {}
        }
    }
    let Some((session_file, binding)) = bound else {
        let at = inline.map(|(f, l)| format!(" (`{}:{l}` makes it in place)", f.display())).unwrap_or_default();
        return unreadable(
            format!("{place}: `{name}` reads the session, and rtgen finds no exported session middleware to run on the handshake{at}"),
            "bind it to a constant, `const sessionMiddleware = session({ ... });`, use that in `app.use(sessionMiddleware);` and export it (`export { sessionMiddleware };`, or in CommonJS `module.exports.sessionMiddleware = sessionMiddleware;` after any `module.exports = ...`)".into(),
        );
    };
    let middleware = Import {
        local: binding.clone(),
        source: Source::File { path: session_file, written: String::new() },
        part: Part::Named(binding),
        namespace: false,
    };
    let (holder, keys) = match mw.passport {
        true => ("user".to_string(), used_keys(graph, files, "user")?),
        false => {
            let mut keys = mw.session_keys.clone();
            keys.extend(used_keys(graph, files, "session")?);
            ("session".to_string(), keys)
        }
    };
    let ids = first_of(&keys, ID_KEYS);
    if ids.len() != 1 {
        return unreadable(
            format!(
                "{place}: `{name}` authenticates with the session, and rtgen cannot tell which field of `req.{holder}` holds the user id ({})",
                if ids.is_empty() { "the routes read none of `id`, `_id`, `userId`".to_string() } else { format!("found {}", crate::error::backticked(ids.iter(), ", ")) }
            ),
            format!("read the id as `req.{holder}.id` in the routes"),
        );
    }
    let passport = mw.passport.then(|| Import {
        local: "passport".into(),
        source: Source::Package("passport".into()),
        part: Part::Whole,
        namespace: false,
    });
    Ok(Reading::Found(HttpAuth {
        file: file.clone(),
        line,
        name: name.clone(),
        credentials: vec![Credential::Session],
        verifier: Verifier::Session { middleware, passport, holder: holder.clone() },
        prefix: Vec::new(),
        id: vec![ids[0].clone()],
        role: first_of(&keys, ROLE_KEYS).first().map(|k| Field::Payload(vec![k.clone()])),
        tenant: first_of(&keys, TENANT_KEYS).first().map(|k| Field::Payload(vec![k.clone()])),
        lookup: None,
        evidence: format!("the fields the routes read of `req.{holder}`"),
    }))
}
