//! The host's socket server, read from its syntax tree: how the socket.io
//! server is created and how other modules can reach it, the rooms each
//! socket joins on connection, where the auth middleware puts the user, and
//! the event a socket receives once it is ready. Pure: text in, reading out.
//!
//! Nothing here guesses: a part the code does not show is `None`, and the
//! socket layer (`read::socket_layer`) decides what that means.

use std::path::Path;

use oxc_ast::ast::*;
use oxc_ast_visit::{walk, Visit};
use oxc_span::{GetSpan, Span};

use crate::error::LocatedError;
use crate::js::parse::line_col;

/// What one module tells about the socket server.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ServerReading {
    /// How this module creates the server, if it does.
    pub creation: Option<Creation>,
    /// An exported function that returns the module's server (`getIO`).
    pub accessor: Option<String>,
    /// The `io.on("connection", ...)` handler, if this module has it.
    pub connection: Option<Connection>,
    /// Where the auth middleware puts the user (`socket.user = ...`), if it does here.
    pub user: Option<UserOnSocket>,
    /// The name of a connection handler this module registers but does not
    /// declare (`io.on("connection", registerConnection)`, imported).
    pub handler_elsewhere: Option<String>,
}

/// How a module creates the socket.io server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Creation {
    /// `export const initSocketServer = (httpServer) => { io = new Server(...); ...; return io; }`.
    InitFunction { name: String, returns: bool, line: usize },
    /// `export default new SocketServer()` whose `initialize(httpServer)`
    /// keeps the server in `this.io`: reached as `<binding>.<reach>`.
    Instance {
        /// The name importers give the instance (the export's own, or the class's in camelCase).
        binding: String,
        /// Exported as the default (else as `binding`).
        default_export: bool,
        /// The method that creates the server, e.g. `initialize`.
        method: String,
        /// How the server is read from the instance: `getIO()`, `io` (a getter or the field).
        reach: String,
        line: usize,
    },
    /// `const io = new Server(server)` at the top level of this module (the entry).
    TopLevel { binding: Option<String>, line: usize },
}

/// The connection handler.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Connection {
    /// The handler's body (its braces), where joins rtgen adds go.
    pub body: Span,
    /// The socket parameter's name.
    pub param: String,
    pub line: usize,
    /// The first event the handler itself emits to the socket (`socket.emit("connection:success")`).
    pub ready_event: Option<String>,
    /// The room of one user, as a template: `user:{id}`.
    pub user_room: Option<Room>,
    /// The room of one role: `role:{role}`, or `{role}` for bare role names.
    pub role_room: Option<Room>,
    /// Every room joined, as written, for messages.
    pub joins: Vec<String>,
}

/// A room template and where it is joined.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Room {
    pub template: String,
    pub line: usize,
    /// What the room is named from, written with `socket.`: `socket.data.user.id`.
    pub path: Option<String>,
}

/// What the auth middleware assigns on the socket: `socket.user = { id, role }`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserOnSocket {
    /// The user id as an expression on `socket`: `socket.user.id`, `socket.userId`.
    pub id: Option<String>,
    /// The role, likewise: `socket.user.role`.
    pub role: Option<String>,
    /// The user's tenant, likewise: `socket.user.organizationId`.
    pub tenant: Option<String>,
    /// The assignment as written (its first line), for messages.
    pub written: String,
    pub line: usize,
}

/// Reads one module. A module that does not parse is an error naming it.
pub fn read_server(path: &Path, source: &str) -> Result<ServerReading, LocatedError> {
    crate::js::parse::with_program(path, source, |program| {
        let servers = crate::read::survey::socket_io_servers(program);
        let line = |offset: u32| line_col(source, offset).0;
        let creation = init_function(program, &servers, &line)
            .or_else(|| instance(program, &servers, &line))
            .or_else(|| top_level(program, &servers, &line));
        let connection = connection(program, source);
        ServerReading {
            handler_elsewhere: if connection.is_none() { registered_handler_name(program) } else { None },
            accessor: accessor(program),
            connection,
            user: user_on_socket(program, source),
            creation,
        }
    })
    .map_err(|error| {
        LocatedError::new(path, error.line, error.column, format!("does not parse: {}", error.message))
            .with_help("fix the syntax error, then run rtgen again")
    })
}

fn contains(outer: Span, inner: Span) -> bool {
    outer.start <= inner.start && inner.end <= outer.end
}

/// An exported function (declaration or `const` arrow) that creates the server.
fn init_function(program: &Program<'_>, servers: &[Span], line: &dyn Fn(u32) -> usize) -> Option<Creation> {
    for (name, function_span, body) in exported_functions(program) {
        if servers.iter().any(|s| contains(function_span, *s)) {
            return Some(Creation::InitFunction {
                name,
                returns: returns_value(body),
                line: line(function_span.start),
            });
        }
    }
    None
}

/// The body of an exported function: statements, or an arrow's expression.
enum Body<'b, 'a> {
    Statements(&'b [Statement<'a>]),
    Expression,
}

/// Exported functions: `export function f() {}`, `export const f = () => {}`,
/// and functions exported later (`export { f }`, `export default f`).
fn exported_functions<'b, 'a>(program: &'b Program<'a>) -> Vec<(String, Span, Body<'b, 'a>)> {
    let exported = exported_names(program);
    let mut found = Vec::new();
    for statement in &program.body {
        let (declaration, is_exported) = match statement {
            Statement::ExportDeclaration(decl) => (&decl.declaration, true),
            _ => match statement.as_declaration() {
                Some(d) => (d, false),
                None => continue,
            },
        };
        match declaration {
            Declaration::FunctionDeclaration(f) => {
                let Some(id) = &f.id else { continue };
                if is_exported || exported.contains(&id.name.to_string()) {
                    if let Some(body) = &f.body {
                        found.push((id.name.to_string(), f.span, Body::Statements(&body.statements)));
                    }
                }
            }
            Declaration::VariableDeclaration(vars) => {
                for d in &vars.declarations {
                    let (BindingPattern::BindingIdentifier(id), Some(init)) = (&d.id, &d.init) else { continue };
                    if !(is_exported || exported.contains(&id.name.to_string())) {
                        continue;
                    }
                    match init.get_inner_expression() {
                        Expression::ArrowFunctionExpression(arrow) => {
                            let body = match &arrow.body {
                                ArrowFunctionBody::FunctionBody(b) => Body::Statements(&b.statements),
                                _ => Body::Expression,
                            };
                            found.push((id.name.to_string(), d.span, body));
                        }
                        Expression::FunctionExpression(f) => {
                            if let Some(body) = &f.body {
                                found.push((id.name.to_string(), d.span, Body::Statements(&body.statements)));
                            }
                        }
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    found
}

/// Names exported by `export { a, b as c }` and `export default a`, and
/// `module.exports`-free ESM only (CommonJS is read elsewhere).
fn exported_names(program: &Program<'_>) -> Vec<String> {
    let mut names = Vec::new();
    for statement in &program.body {
        match statement {
            Statement::ExportNamedDeclaration(decl) => {
                for s in &decl.specifiers {
                    names.push(s.local.name().to_string());
                }
            }
            Statement::ExportDefaultDeclaration(decl) => {
                if let ExportDefaultDeclarationKind::Identifier(id) = &decl.declaration {
                    names.push(id.name.to_string());
                }
            }
            // CommonJS: `module.exports = { initSocketServer, getIO }`, `exports.getIO = getIO`.
            Statement::ExpressionStatement(e) => {
                let Expression::AssignmentExpression(assign) = e.expression.get_inner_expression() else { continue };
                let AssignmentTarget::StaticMemberExpression(target) = &assign.left else { continue };
                let whole = target.object.is_specific_id("module") && target.property.name == "exports";
                let one = target.object.is_specific_id("exports")
                    || target.object.is_specific_member_access("module", "exports");
                match assign.right.get_inner_expression() {
                    Expression::ObjectExpression(object) if whole => {
                        for p in &object.properties {
                            if let ObjectPropertyKind::ObjectProperty(p) = p {
                                if let (Some(key), Expression::Identifier(id)) = (p.key.static_name(), &p.value) {
                                    // Exported under its own name only: importers use the key.
                                    if key == id.name.as_str() {
                                        names.push(id.name.to_string());
                                    }
                                }
                            }
                        }
                    }
                    Expression::Identifier(id) if one && target.property.name == id.name => {
                        names.push(id.name.to_string())
                    }
                    _ => {}
                }
            }
            _ => {}
        }
    }
    names
}

/// `module.exports = <value>`: the value, in a CommonJS module.
fn module_exports_value<'b, 'a>(statement: &'b Statement<'a>) -> Option<&'b Expression<'a>> {
    let Statement::ExpressionStatement(e) = statement else { return None };
    let Expression::AssignmentExpression(assign) = e.expression.get_inner_expression() else { return None };
    let AssignmentTarget::StaticMemberExpression(target) = &assign.left else { return None };
    (target.object.is_specific_id("module") && target.property.name == "exports").then_some(&assign.right)
}

/// Whether a function body returns something: `return io;` at its own level
/// (not in a nested function), or an arrow's expression body.
fn returns_value(body: Body<'_, '_>) -> bool {
    match body {
        Body::Expression => true,
        Body::Statements(statements) => {
            let mut finder = Returns { found: false };
            for statement in statements {
                finder.visit_statement(statement);
            }
            finder.found
        }
    }
}

struct Returns {
    found: bool,
}

impl<'a> Visit<'a> for Returns {
    fn visit_return_statement(&mut self, it: &ReturnStatement<'a>) {
        if it.argument.is_some() {
            self.found = true;
        }
    }
    fn visit_function(&mut self, _: &Function<'a>, _: oxc_semantic::ScopeFlags) {}
    fn visit_arrow_function_expression(&mut self, _: &ArrowFunctionExpression<'a>) {}
}

/// A class instance exported by the module whose method assigns
/// `this.<field> = new Server(...)`.
fn instance(program: &Program<'_>, servers: &[Span], line: &dyn Fn(u32) -> usize) -> Option<Creation> {
    let classes = classes(program);
    let (class, method, field, at) = classes.iter().find_map(|class| {
        class.body.body.iter().find_map(|element| {
            let ClassElement::MethodDefinition(m) = element else { return None };
            if !servers.iter().any(|s| contains(m.span, *s)) {
                return None;
            }
            let field = this_field_assigned_server(m, servers)?;
            Some((*class, m.key.static_name()?.to_string(), field, m.span.start))
        })
    })?;
    let class_name = class.id.as_ref()?.name.to_string();
    let (binding, default_export) = exported_instance(program, &class_name)?;
    Some(Creation::Instance { binding, default_export, method, reach: reach_of(class, &field), line: line(at) })
}

/// Every class declared at the top level (exported or not).
fn classes<'b, 'a>(program: &'b Program<'a>) -> Vec<&'b Class<'a>> {
    let mut found = Vec::new();
    for statement in &program.body {
        match statement {
            Statement::ClassDeclaration(c) => found.push(&**c),
            Statement::ExportDeclaration(decl) => {
                if let Declaration::ClassDeclaration(c) = &decl.declaration {
                    found.push(&**c);
                }
            }
            Statement::ExportDefaultDeclaration(decl) => {
                if let ExportDefaultDeclarationKind::ClassDeclaration(c) = &decl.declaration {
                    found.push(&**c);
                }
            }
            _ => {}
        }
    }
    found
}

/// `this.<field> = new Server(...)` inside a method: the field.
fn this_field_assigned_server(method: &MethodDefinition<'_>, servers: &[Span]) -> Option<String> {
    struct Finder<'s> {
        servers: &'s [Span],
        field: Option<String>,
    }
    impl<'a> Visit<'a> for Finder<'_> {
        fn visit_assignment_expression(&mut self, it: &AssignmentExpression<'a>) {
            if let AssignmentTarget::StaticMemberExpression(m) = &it.left {
                let is_server = matches!(it.right.get_inner_expression(), Expression::NewExpression(n) if self.servers.contains(&n.span));
                if is_server && matches!(m.object, Expression::ThisExpression(_)) && self.field.is_none() {
                    self.field = Some(m.property.name.to_string());
                }
            }
            walk::walk_assignment_expression(self, it);
        }
    }
    let mut finder = Finder { servers, field: None };
    finder.visit_method_definition(method);
    finder.field
}

/// How importers read the server from the instance: a method returning the
/// field (`getIO()`), a getter (`io`), else the field itself.
fn reach_of(class: &Class<'_>, field: &str) -> String {
    for element in &class.body.body {
        let ClassElement::MethodDefinition(m) = element else { continue };
        if m.r#static {
            continue;
        }
        let Some(name) = m.key.static_name() else { continue };
        let Some(body) = &m.value.body else { continue };
        let returns_field = body.statements.iter().any(|s| match s {
            Statement::ReturnStatement(r) => r.argument.as_ref().is_some_and(|a| is_this_field(a, field)),
            _ => false,
        });
        if !returns_field || !m.value.params.items.is_empty() {
            continue;
        }
        match m.kind {
            MethodDefinitionKind::Get => return name.to_string(),
            MethodDefinitionKind::Method => return format!("{name}()"),
            _ => {}
        }
    }
    field.to_string()
}

fn is_this_field(expr: &Expression<'_>, field: &str) -> bool {
    matches!(expr.get_inner_expression(), Expression::StaticMemberExpression(m)
        if matches!(m.object, Expression::ThisExpression(_)) && m.property.name == field)
}

/// How the module exports an instance of `class`: `export default new C()`,
/// `const c = new C(); export default c;`, `export const c = new C();`.
fn exported_instance(program: &Program<'_>, class: &str) -> Option<(String, bool)> {
    let is_new = |expr: &Expression<'_>| matches!(expr.get_inner_expression(), Expression::NewExpression(n) if n.callee.is_specific_id(class));
    let mut bindings = Vec::new();
    for statement in &program.body {
        let (vars, exported) = match statement {
            Statement::VariableDeclaration(v) => (&**v, false),
            Statement::ExportDeclaration(decl) => match &decl.declaration {
                Declaration::VariableDeclaration(v) => (&**v, true),
                _ => continue,
            },
            Statement::ExpressionStatement(_) if module_exports_value(statement).is_some() => {
                // CommonJS: `module.exports = new C()` or `= binding` is what `require` returns.
                let expr = module_exports_value(statement).expect("checked");
                if is_new(expr) {
                    return Some((heck::ToLowerCamelCase::to_lower_camel_case(class), true));
                }
                if let Expression::Identifier(id) = expr.get_inner_expression() {
                    if bindings.iter().any(|(b, _)| b == id.name.as_str()) {
                        return Some((id.name.to_string(), true));
                    }
                }
                continue;
            }
            Statement::ExportDefaultDeclaration(decl) => {
                if let Some(expr) = decl.declaration.as_expression() {
                    if is_new(expr) {
                        return Some((heck::ToLowerCamelCase::to_lower_camel_case(class), true));
                    }
                    if let Expression::Identifier(id) = expr.get_inner_expression() {
                        if bindings.iter().any(|(b, _)| b == id.name.as_str()) {
                            return Some((id.name.to_string(), true));
                        }
                    }
                }
                continue;
            }
            _ => continue,
        };
        for d in &vars.declarations {
            if let (BindingPattern::BindingIdentifier(id), Some(init)) = (&d.id, &d.init) {
                if is_new(init) {
                    if exported {
                        return Some((id.name.to_string(), false));
                    }
                    bindings.push((id.name.to_string(), ()));
                }
            }
        }
    }
    // `export { socketServer }` after `const socketServer = new C()`.
    let exported = exported_names(program);
    bindings.into_iter().find(|(b, _)| exported.contains(b)).map(|(b, _)| (b, false))
}

/// `new Server(...)` at the top level, outside any function: the entry makes the server itself.
fn top_level(program: &Program<'_>, servers: &[Span], line: &dyn Fn(u32) -> usize) -> Option<Creation> {
    for statement in &program.body {
        let Some(server) = servers.iter().find(|s| contains(statement.span(), **s)) else { continue };
        if inside_function(statement, *server) {
            continue;
        }
        let binding = match statement {
            Statement::VariableDeclaration(v) => v.declarations.iter().find_map(|d| match (&d.id, &d.init) {
                (BindingPattern::BindingIdentifier(id), Some(init)) if init.span() == *server => {
                    Some(id.name.to_string())
                }
                _ => None,
            }),
            _ => None,
        };
        return Some(Creation::TopLevel { binding, line: line(server.start) });
    }
    None
}

fn inside_function(statement: &Statement<'_>, target: Span) -> bool {
    struct Finder {
        target: Span,
        inside: bool,
    }
    impl<'a> Visit<'a> for Finder {
        fn visit_function(&mut self, it: &Function<'a>, flags: oxc_semantic::ScopeFlags) {
            if contains(it.span, self.target) {
                self.inside = true;
            }
            walk::walk_function(self, it, flags);
        }
        fn visit_arrow_function_expression(&mut self, it: &ArrowFunctionExpression<'a>) {
            if contains(it.span, self.target) {
                self.inside = true;
            }
            walk::walk_arrow_function_expression(self, it);
        }
    }
    let mut finder = Finder { target, inside: false };
    finder.visit_statement(statement);
    finder.inside
}

/// An exported function without parameters that returns a top-level binding
/// holding the server: `export const getIO = () => io;`.
fn accessor(program: &Program<'_>) -> Option<String> {
    let assigned = server_bindings(program);
    for (name, _, _) in exported_functions(program) {
        let returned = returned_identifier(program, &name);
        if returned.is_some_and(|r| assigned.contains(&r)) {
            return Some(name);
        }
    }
    None
}

/// Top-level bindings some code assigns `new Server(...)` to.
fn server_bindings(program: &Program<'_>) -> Vec<String> {
    let servers = crate::read::survey::socket_io_servers(program);
    struct Finder<'s> {
        servers: &'s [Span],
        names: Vec<String>,
    }
    impl<'a> Visit<'a> for Finder<'_> {
        fn visit_assignment_expression(&mut self, it: &AssignmentExpression<'a>) {
            if let AssignmentTarget::AssignmentTargetIdentifier(id) = &it.left {
                if matches!(it.right.get_inner_expression(), Expression::NewExpression(n) if self.servers.contains(&n.span))
                {
                    self.names.push(id.name.to_string());
                }
            }
            walk::walk_assignment_expression(self, it);
        }
        fn visit_variable_declarator(&mut self, it: &VariableDeclarator<'a>) {
            if let (BindingPattern::BindingIdentifier(id), Some(init)) = (&it.id, &it.init) {
                if matches!(init.get_inner_expression(), Expression::NewExpression(n) if self.servers.contains(&n.span))
                {
                    self.names.push(id.name.to_string());
                }
            }
            walk::walk_variable_declarator(self, it);
        }
    }
    let mut finder = Finder { servers: &servers, names: Vec::new() };
    finder.visit_program(program);
    finder.names
}

/// The identifier a parameterless function named `name` returns.
fn returned_identifier(program: &Program<'_>, name: &str) -> Option<String> {
    struct Finder<'s> {
        name: &'s str,
        found: Option<String>,
    }
    fn returned<'a>(params: &FormalParameters<'a>, statements: &[Statement<'a>]) -> Option<String> {
        if !params.items.is_empty() {
            return None;
        }
        statements.iter().rev().find_map(|s| match s {
            Statement::ReturnStatement(r) => match r.argument.as_ref()?.get_inner_expression() {
                Expression::Identifier(id) => Some(id.name.to_string()),
                _ => None,
            },
            _ => None,
        })
    }
    impl<'a> Visit<'a> for Finder<'_> {
        fn visit_function(&mut self, it: &Function<'a>, flags: oxc_semantic::ScopeFlags) {
            if it.id.as_ref().is_some_and(|id| id.name == self.name) {
                if let Some(body) = &it.body {
                    self.found = self.found.take().or_else(|| returned(&it.params, &body.statements));
                }
            }
            walk::walk_function(self, it, flags);
        }
        fn visit_variable_declarator(&mut self, it: &VariableDeclarator<'a>) {
            if let (BindingPattern::BindingIdentifier(id), Some(init)) = (&it.id, &it.init) {
                if id.name == self.name {
                    match init.get_inner_expression() {
                        Expression::ArrowFunctionExpression(arrow) if arrow.params.items.is_empty() => {
                            self.found = match &arrow.body {
                                ArrowFunctionBody::FunctionBody(b) => returned(&arrow.params, &b.statements),
                                body => match body.as_expression().map(|e| e.get_inner_expression()) {
                                    Some(Expression::Identifier(r)) => Some(r.name.to_string()),
                                    _ => None,
                                },
                            };
                        }
                        Expression::FunctionExpression(f) => {
                            if let Some(body) = &f.body {
                                self.found = returned(&f.params, &body.statements);
                            }
                        }
                        _ => {}
                    }
                }
            }
            walk::walk_variable_declarator(self, it);
        }
    }
    let mut finder = Finder { name, found: None };
    finder.visit_program(program);
    finder.found
}

/// The dotted path of a member chain: `socket.data.user._id`, `this.io`.
pub(crate) fn member_path(expr: &Expression<'_>) -> Option<String> {
    match expr.get_inner_expression() {
        Expression::Identifier(id) => Some(id.name.to_string()),
        Expression::ThisExpression(_) => Some("this".into()),
        Expression::StaticMemberExpression(m) => Some(format!("{}.{}", member_path(&m.object)?, m.property.name)),
        _ => None,
    }
}

/// The connection handler: the function passed to `<x>.on("connection", ...)`,
/// inline or a method of the class it is registered in (`this.onConnection`).
pub(crate) fn connection(program: &Program<'_>, source: &str) -> Option<Connection> {
    struct Finder<'b, 'a> {
        program: &'b Program<'a>,
        source: &'b str,
        found: Option<Connection>,
    }
    impl<'b, 'a> Finder<'b, 'a> {
        fn handler<'c>(&self, arg: &'c Expression<'a>) -> Option<(Span, String, &'c [Statement<'a>])>
        where
            'b: 'c,
        {
            match arg.get_inner_expression() {
                Expression::ArrowFunctionExpression(f) => match &f.body {
                    ArrowFunctionBody::FunctionBody(body) => {
                        Some((body.span, first_param(&f.params)?, &body.statements))
                    }
                    // `(socket) => this.handleConnection(socket)`: the method is the handler.
                    body => match body.as_expression()?.get_inner_expression() {
                        Expression::CallExpression(call) => match call.callee.get_inner_expression() {
                            Expression::StaticMemberExpression(m)
                                if matches!(m.object, Expression::ThisExpression(_)) =>
                            {
                                self.method(m.property.name.as_str())
                            }
                            Expression::Identifier(id) => self.function(id.name.as_str()),
                            _ => None,
                        },
                        _ => None,
                    },
                },
                Expression::FunctionExpression(f) => {
                    let body = f.body.as_ref()?;
                    Some((body.span, first_param(&f.params)?, &body.statements))
                }
                // `this.handleConnection` or `this.handleConnection.bind(this)`.
                Expression::StaticMemberExpression(m) if matches!(m.object, Expression::ThisExpression(_)) => {
                    self.method(m.property.name.as_str())
                }
                Expression::CallExpression(call) => match call.callee.get_inner_expression() {
                    Expression::StaticMemberExpression(m) if m.property.name == "bind" => self.handler(&m.object),
                    _ => None,
                },
                Expression::Identifier(id) => self.function(id.name.as_str()),
                _ => None,
            }
        }
        fn method(&self, name: &str) -> Option<(Span, String, &'b [Statement<'a>])> {
            classes(self.program).into_iter().find_map(|class| {
                class.body.body.iter().find_map(|element| match element {
                    ClassElement::MethodDefinition(m) if m.key.static_name().is_some_and(|k| k == name) => {
                        let body = m.value.body.as_ref()?;
                        Some((body.span, first_param(&m.value.params)?, &body.statements[..]))
                    }
                    _ => None,
                })
            })
        }
        fn function(&self, name: &str) -> Option<(Span, String, &'b [Statement<'a>])> {
            self.program.body.iter().find_map(|s| match s.as_declaration() {
                Some(Declaration::FunctionDeclaration(f)) if f.id.as_ref().is_some_and(|i| i.name == name) => {
                    let body = f.body.as_ref()?;
                    Some((body.span, first_param(&f.params)?, &body.statements[..]))
                }
                _ => None,
            })
        }
    }
    impl<'b, 'a> Visit<'a> for Finder<'b, 'a> {
        fn visit_call_expression(&mut self, it: &CallExpression<'a>) {
            if self.found.is_none() {
                if let Expression::StaticMemberExpression(m) = it.callee.get_inner_expression() {
                    let event = it.arguments.first().and_then(|a| match a.as_expression()?.get_inner_expression() {
                        Expression::StringLiteral(s) => Some(s.value.as_str()),
                        _ => None,
                    });
                    if m.property.name == "on" && matches!(event, Some("connection" | "connect")) {
                        let arg = it.arguments.get(1).and_then(|a| a.as_expression());
                        if let Some((body, param, statements)) = arg.and_then(|a| self.handler(a)) {
                            self.found = Some(read_handler(self.source, body, param, statements));
                        }
                    }
                }
            }
            walk::walk_call_expression(self, it);
        }
    }
    let mut finder = Finder { program, source, found: None };
    finder.visit_program(program);
    finder.found
}

/// `<x>.on("connection", name)`: the name of the handler.
fn registered_handler_name(program: &Program<'_>) -> Option<String> {
    struct Finder {
        found: Option<String>,
    }
    impl<'a> Visit<'a> for Finder {
        fn visit_call_expression(&mut self, call: &CallExpression<'a>) {
            if let Expression::StaticMemberExpression(m) = call.callee.get_inner_expression() {
                let event = call.arguments.first().and_then(|a| match a.as_expression()?.get_inner_expression() {
                    Expression::StringLiteral(s) => Some(s.value.as_str()),
                    _ => None,
                });
                if m.property.name == "on" && matches!(event, Some("connection" | "connect")) && self.found.is_none() {
                    if let Some(Expression::Identifier(id)) = call.arguments.get(1).and_then(|a| a.as_expression()) {
                        self.found = Some(id.name.to_string());
                    }
                }
            }
            walk::walk_call_expression(self, call);
        }
    }
    let mut finder = Finder { found: None };
    finder.visit_program(program);
    finder.found
}

/// The connection handler declared in another module under `name`
/// (`export function registerConnection(socket) { ... }`, or a `const` arrow).
pub(crate) fn handler_named(path: &Path, source: &str, name: &str) -> Option<Connection> {
    crate::js::parse::with_program(path, source, |program| {
        for (found, _, body) in exported_functions(program) {
            if found != name {
                continue;
            }
            let _ = body;
            // Re-find the function to read its parameter and body span.
            for statement in &program.body {
                let declaration = match statement {
                    Statement::ExportDeclaration(decl) => &decl.declaration,
                    _ => match statement.as_declaration() {
                        Some(d) => d,
                        None => continue,
                    },
                };
                match declaration {
                    Declaration::FunctionDeclaration(f) if f.id.as_ref().is_some_and(|i| i.name == name) => {
                        let body = f.body.as_ref()?;
                        return Some(read_handler(source, body.span, first_param(&f.params)?, &body.statements));
                    }
                    Declaration::VariableDeclaration(vars) => {
                        for d in &vars.declarations {
                            let (BindingPattern::BindingIdentifier(id), Some(init)) = (&d.id, &d.init) else {
                                continue;
                            };
                            if id.name != name {
                                continue;
                            }
                            match init.get_inner_expression() {
                                Expression::ArrowFunctionExpression(f) => {
                                    let ArrowFunctionBody::FunctionBody(body) = &f.body else { return None };
                                    return Some(read_handler(
                                        source,
                                        body.span,
                                        first_param(&f.params)?,
                                        &body.statements,
                                    ));
                                }
                                Expression::FunctionExpression(f) => {
                                    let body = f.body.as_ref()?;
                                    return Some(read_handler(
                                        source,
                                        body.span,
                                        first_param(&f.params)?,
                                        &body.statements,
                                    ));
                                }
                                _ => {}
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
        None
    })
    .ok()
    .flatten()
}

/// The comment above the joins rtgen adds to a handler (`patch::joins`):
/// rooms below it are rtgen's, not the host's.
pub const JOINS_MARKER: &str =
    "// Rooms for rtgen's module events (`rtgen remove` takes them out with the last module).";

fn read_handler(source: &str, body: Span, param: String, statements: &[Statement<'_>]) -> Connection {
    let mut reader = HandlerReader {
        param: &param,
        source,
        ready_event: None,
        user_room: None,
        role_room: None,
        joins: Vec::new(),
        aliases: Vec::new(),
    };
    let inside = &source[body.start as usize + 1..body.end as usize];
    let skip = if inside.trim_start().starts_with(JOINS_MARKER) {
        statements.iter().take_while(|s| is_join(s, &param)).count()
    } else {
        0
    };
    for statement in &statements[skip..] {
        reader.visit_statement(statement);
    }
    Connection {
        body,
        line: line_col(source, body.start).0,
        ready_event: reader.ready_event,
        user_room: reader.user_room,
        role_room: reader.role_room,
        joins: reader.joins,
        param,
    }
}

/// `<param>.join(...);`
pub(crate) fn is_join(statement: &Statement<'_>, param: &str) -> bool {
    let Statement::ExpressionStatement(es) = statement else { return false };
    let Expression::CallExpression(call) = es.expression.get_inner_expression() else { return false };
    matches!(call.callee.get_inner_expression(), Expression::StaticMemberExpression(m)
        if m.property.name == "join" && m.object.is_specific_id(param))
}

fn first_param(params: &FormalParameters<'_>) -> Option<String> {
    match &params.items.first()?.pattern {
        BindingPattern::BindingIdentifier(id) => Some(id.name.to_string()),
        _ => None,
    }
}

/// Reads the handler's own statements (not callbacks it registers: a room
/// joined in `socket.on("join-project", ...)` is one the client asks for).
struct HandlerReader<'s> {
    param: &'s str,
    source: &'s str,
    ready_event: Option<String>,
    user_room: Option<Room>,
    role_room: Option<Room>,
    joins: Vec<String>,
    /// Local names for paths on the socket: `const { user } = socket.data`
    /// makes `user` stand for `socket.data.user`; `for (const role of user.roles)`,
    /// `role` for `socket.data.user.roles` (each of them).
    aliases: Vec<(String, String)>,
}

impl HandlerReader<'_> {
    /// `expr`'s member path with a leading alias spelled out.
    fn resolved(&self, expr: &Expression<'_>) -> Option<String> {
        let path = member_path(expr)?;
        let (root, rest) = path.split_once('.').map_or((path.as_str(), ""), |(r, s)| (r, s));
        let root = self.aliases.iter().rev().find(|(name, _)| name == root).map_or(root, |(_, full)| full.as_str());
        Some(if rest.is_empty() { root.to_string() } else { format!("{root}.{rest}") })
    }

    fn alias(&mut self, pattern: &BindingPattern<'_>, init: &Expression<'_>) {
        let Some(base) = self.resolved(init) else { return };
        if !base.starts_with(&format!("{}.", self.param)) && base != self.param {
            return;
        }
        match pattern {
            BindingPattern::BindingIdentifier(id) => self.aliases.push((id.name.to_string(), base)),
            BindingPattern::ObjectPattern(object) => {
                for p in &object.properties {
                    let Some(key) = p.key.static_name() else { continue };
                    if let BindingPattern::BindingIdentifier(id) = &p.value {
                        self.aliases.push((id.name.to_string(), format!("{base}.{key}")));
                    }
                }
            }
            _ => {}
        }
    }
}

impl<'a> Visit<'a> for HandlerReader<'_> {
    fn visit_variable_declarator(&mut self, it: &VariableDeclarator<'a>) {
        if let Some(init) = &it.init {
            self.alias(&it.id, init);
        }
        walk::walk_variable_declarator(self, it);
    }
    fn visit_for_of_statement(&mut self, it: &ForOfStatement<'a>) {
        if let ForStatementLeft::VariableDeclaration(decl) = &it.left {
            if let Some(d) = decl.declarations.first() {
                self.alias(&d.id, &it.right);
            }
        }
        walk::walk_for_of_statement(self, it);
    }
    fn visit_call_expression(&mut self, it: &CallExpression<'a>) {
        if let Expression::StaticMemberExpression(m) = it.callee.get_inner_expression() {
            let on_socket = m.object.get_inner_expression().is_specific_id(self.param);
            let first = it.arguments.first().and_then(|a| a.as_expression());
            match (m.property.name.as_str(), first) {
                ("emit", Some(arg)) if on_socket && self.ready_event.is_none() => {
                    if let Expression::StringLiteral(s) = arg.get_inner_expression() {
                        self.ready_event = Some(s.value.to_string());
                    }
                }
                ("join", Some(arg)) if on_socket => {
                    let line = line_col(self.source, arg.span().start).0;
                    self.joins.push(self.source[arg.span().start as usize..arg.span().end as usize].to_string());
                    let path = room_path(arg, self.param, &|e| self.resolved(e));
                    // A room built by a helper (`rooms.user(id)`, `getUserRoom(user.id)`, `roleRoom(role)`):
                    // the helper's name says whose room it is, its argument who.
                    if let (None, Expression::CallExpression(call)) =
                        (room_of(arg, self.param), arg.get_inner_expression())
                    {
                        let helper = member_path(&call.callee).unwrap_or_default().to_lowercase();
                        let argument = match call.arguments.as_slice() {
                            [only] => only.as_expression().and_then(|a| self.resolved(a)),
                            _ => None,
                        };
                        let on_socket = argument.as_ref().and_then(|a| {
                            let rest = a.strip_prefix(self.param)?.strip_prefix('.')?;
                            (!rest.starts_with("handshake") && rest != "id").then(|| format!("socket.{rest}"))
                        });
                        let written = self.source[arg.span().start as usize..arg.span().end as usize].to_string();
                        if helper.contains("role") && self.role_room.is_none() {
                            self.role_room = Some(Room { template: written, line, path: on_socket });
                        } else if helper.contains("user") && self.user_room.is_none() {
                            self.user_room = Some(Room { template: written, line, path: on_socket });
                        }
                    }
                    match room_of(arg, self.param) {
                        Some(template) if template.contains("{role}") && self.role_room.is_none() => {
                            self.role_room = Some(Room { template, line, path })
                        }
                        Some(template) if template.contains("{id}") && self.user_room.is_none() => {
                            self.user_room = Some(Room { template, line, path })
                        }
                        _ => {}
                    }
                }
                _ => {}
            }
        }
        walk::walk_call_expression(self, it);
    }
    fn visit_function(&mut self, _: &Function<'a>, _: oxc_semantic::ScopeFlags) {}
    fn visit_arrow_function_expression(&mut self, _: &ArrowFunctionExpression<'a>) {}
}

/// A joined room as a template: `` `user:${socket.user.id}` `` -> `user:{id}`,
/// `` `role:${role}` `` -> `role:{role}`, `socket.data.user.role` -> `{role}`.
/// Only a user's id or a role names a room rtgen sends to: a project, team or
/// tenant room (`project:${projectId}`) is none of them.
fn room_of(arg: &Expression<'_>, param: &str) -> Option<String> {
    match arg.get_inner_expression() {
        Expression::TemplateLiteral(t) if t.expressions.len() == 1 && t.quasis.len() == 2 => {
            let placeholder = placeholder_of(&t.expressions[0], param)?;
            Some(format!("{}{}{}", t.quasis[0].value.raw, placeholder, t.quasis[1].value.raw))
        }
        other => placeholder_of(other, param).map(str::to_string),
    }
}

/// The member path a joined room is named from, on the socket: `` `user:${socket.data.user.id}` ``
/// -> `socket.data.user.id`. Only a path on the socket itself, and never one
/// the client sends (`socket.handshake.query.userId`).
fn room_path(arg: &Expression<'_>, param: &str, resolve: &dyn Fn(&Expression<'_>) -> Option<String>) -> Option<String> {
    let expr = match arg.get_inner_expression() {
        Expression::TemplateLiteral(t) if t.expressions.len() == 1 && t.quasis.len() == 2 => &t.expressions[0],
        other => other,
    };
    let expr = match expr.get_inner_expression() {
        Expression::CallExpression(call) if call.callee.is_specific_id("String") && call.arguments.len() == 1 => {
            call.arguments[0].as_expression()?
        }
        Expression::CallExpression(call) => match call.callee.get_inner_expression() {
            Expression::StaticMemberExpression(m) if m.property.name == "toString" => &m.object,
            _ => return None,
        },
        other => other,
    };
    let path = resolve(expr)?;
    let rest = path.strip_prefix(param)?.strip_prefix('.')?;
    if rest.starts_with("handshake") || rest == "id" {
        return None;
    }
    Some(format!("socket.{rest}"))
}

fn placeholder_of(expr: &Expression<'_>, param: &str) -> Option<&'static str> {
    let expr = match expr.get_inner_expression() {
        // `String(id)` and `id.toString()` name the same room.
        Expression::CallExpression(call) if call.callee.is_specific_id("String") && call.arguments.len() == 1 => {
            call.arguments[0].as_expression()?
        }
        Expression::CallExpression(call) => match call.callee.get_inner_expression() {
            Expression::StaticMemberExpression(m) if m.property.name == "toString" => &m.object,
            _ => return None,
        },
        other => other,
    };
    let path = member_path(expr)?;
    // `socket.id` is the socket's own room, not a user's.
    if path == format!("{param}.id") {
        return None;
    }
    match path.rsplit('.').next()? {
        "role" | "userRole" => Some("{role}"),
        "id" | "_id" | "userId" | "sub" | "uid" => Some("{id}"),
        _ => None,
    }
}

/// Where the module's auth puts the user on the socket, from every
/// assignment to it (the middleware's parameter may have any name):
/// `socket.user = {...}`, `socket.data.user = ...`, `socket.userId = ...`
/// beside `socket.role = ...`. An assignment inside a handler of a client's
/// event (`socket.on("register_user", (id) => { socket.userId = id; })`), or
/// of a value read straight from the handshake's query or auth fields, is
/// what the client claims: never read as who the socket is.
fn user_on_socket(program: &Program<'_>, source: &str) -> Option<UserOnSocket> {
    struct Finder<'s> {
        source: &'s str,
        found: Option<UserOnSocket>,
    }
    impl Finder<'_> {
        fn merge(
            &mut self,
            id: Option<String>,
            role: Option<String>,
            tenant: Option<String>,
            written: String,
            line: usize,
        ) {
            match &mut self.found {
                None => self.found = Some(UserOnSocket { id, role, tenant, written, line }),
                Some(found) => {
                    found.id = found.id.take().or(id);
                    found.role = found.role.take().or(role);
                    found.tenant = found.tenant.take().or(tenant);
                }
            }
        }
    }
    impl<'a> Visit<'a> for Finder<'_> {
        fn visit_call_expression(&mut self, it: &CallExpression<'a>) {
            if let Expression::StaticMemberExpression(m) = it.callee.get_inner_expression() {
                let event = it.arguments.first().and_then(|a| match a.as_expression()?.get_inner_expression() {
                    Expression::StringLiteral(s) => Some(s.value.as_str()),
                    _ => None,
                });
                let client_event = matches!(m.property.name.as_str(), "on" | "once")
                    && event.is_some_and(|e| !matches!(e, "connection" | "connect"));
                if client_event {
                    return;
                }
            }
            walk::walk_call_expression(self, it);
        }
        fn visit_assignment_expression(&mut self, it: &AssignmentExpression<'a>) {
            if let AssignmentTarget::StaticMemberExpression(m) = &it.left {
                if let Some(object) = member_path(&m.object) {
                    // `socket.user`, `socket.data.user`: the object holding the user, on a
                    // socket (not `req.user`, which an HTTP middleware sets).
                    let (root, rest) = object.split_once('.').map_or((object.as_str(), ""), |(r, s)| (r, s));
                    let on_socket = root.to_lowercase().contains("socket") || matches!(root, "client" | "s" | "sock");
                    let target = if rest.is_empty() {
                        m.property.name.to_string()
                    } else {
                        format!("{rest}.{}", m.property.name)
                    };
                    let value = &self.source[it.right.span().start as usize..it.right.span().end as usize];
                    let claimed =
                        value.contains("handshake.query") || (value.contains("handshake.auth") && !value.contains('('));
                    let written = {
                        let text = &self.source[it.span.start as usize..it.span.end as usize];
                        text.lines().next().unwrap_or(text).trim_end().to_string()
                    };
                    let line = line_col(self.source, it.span.start).0;
                    if on_socket && !claimed && !object.contains(".handshake") && !object.ends_with(".request") {
                        if let Some((id, role, tenant)) = describe_user(&target, &it.right) {
                            let on = |k: Option<String>| k.map(|k| format!("socket.{k}"));
                            self.merge(on(id), on(role), on(tenant), written, line);
                        }
                    }
                }
            }
            walk::walk_assignment_expression(self, it);
        }
    }
    let mut finder = Finder { source, found: None };
    finder.visit_program(program);
    finder.found
}

/// The keys of a user's tenant, as apps name them.
pub(crate) const TENANT_KEYS: &[&str] =
    &["organizationId", "organization", "orgId", "companyId", "company", "workspaceId", "tenantId", "tenant"];

/// For an assignment to `socket.<target>`: the paths (after `socket.`) of the
/// user id, role and tenant it makes known, or `None` when it is not about
/// the user.
fn describe_user(target: &str, value: &Expression<'_>) -> Option<(Option<String>, Option<String>, Option<String>)> {
    let last = target.rsplit('.').next()?;
    match last {
        "userId" | "uid" => Some((Some(target.to_string()), None, None)),
        "role" | "userRole" | "roles" => Some((None, Some(target.to_string()), None)),
        key if TENANT_KEYS.contains(&key) => Some((None, None, Some(target.to_string()))),
        "user" | "currentUser" | "auth" => {
            let Expression::ObjectExpression(object) = value.get_inner_expression() else {
                // `socket.user = decoded`: which keys it has is not in the code.
                return Some((None, None, None));
            };
            let keys: Vec<String> = object
                .properties
                .iter()
                .filter_map(|p| match p {
                    ObjectPropertyKind::ObjectProperty(p) => p.key.static_name().map(|k| k.to_string()),
                    ObjectPropertyKind::SpreadProperty(_) => None,
                })
                .collect();
            let find = |names: &[&str]| {
                names.iter().find(|k| keys.iter().any(|key| key == *k)).map(|k| format!("{target}.{k}"))
            };
            Some((find(&["id", "_id", "userId"]), find(&["role", "userRole", "roles"]), find(TENANT_KEYS)))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(source: &str) -> ServerReading {
        read_server(Path::new("socketServer.js"), source).unwrap()
    }

    #[test]
    fn init_function_returning_the_server() {
        let r = read("import { Server } from \"socket.io\";\nlet io = null;\nexport const initSocketServer = (httpServer) => {\n  io = new Server(httpServer);\n  io.on(\"connection\", (socket) => {\n    socket.join(`user:${socket.user.id}`);\n    socket.join(`role:${socket.user.role}`);\n    socket.emit(\"connection:ready\", {});\n  });\n  return io;\n};\nexport const getIO = () => io;\n");
        assert_eq!(
            r.creation,
            Some(Creation::InitFunction { name: "initSocketServer".into(), returns: true, line: 3 })
        );
        assert_eq!(r.accessor.as_deref(), Some("getIO"));
        let c = r.connection.unwrap();
        assert_eq!(c.ready_event.as_deref(), Some("connection:ready"));
        assert_eq!(c.user_room.unwrap().template, "user:{id}");
        assert_eq!(c.role_room.unwrap().template, "role:{role}");
    }

    #[test]
    fn class_instance_keeping_the_server_in_a_field() {
        let source = "import { Server } from \"socket.io\";\nclass SocketServer {\n  constructor() { this.io = null; this.connectedUsers = new Map(); }\n  initialize(httpServer) {\n    this.io = new Server(httpServer);\n    this.io.use(async (socket, next) => {\n      socket.user = { id: user.id, email: user.email, role: user.role };\n      next();\n    });\n    this.io.on(\"connection\", (socket) => this.handleConnection(socket));\n  }\n  handleConnection(socket) {\n    this.connectedUsers.set(socket.user.id, socket.id);\n    socket.emit(\"connection:success\", { user: socket.user });\n    socket.on(\"subscribe\", (room) => socket.join(room));\n  }\n  getIO() { return this.io; }\n}\nexport default new SocketServer();\n";
        let r = read(source);
        let Some(Creation::Instance { binding, default_export, method, reach, .. }) = r.creation else {
            panic!("{r:?}")
        };
        assert_eq!(
            (binding.as_str(), default_export, method.as_str(), reach.as_str()),
            ("socketServer", true, "initialize", "getIO()")
        );
        let c = r.connection.unwrap();
        assert_eq!((c.param.as_str(), c.ready_event.as_deref()), ("socket", Some("connection:success")));
        // A room the client asks for is not a user's.
        assert_eq!((c.user_room, c.role_room), (None, None));
        let user = r.user.unwrap();
        assert_eq!(user.id.as_deref(), Some("socket.user.id"));
        assert_eq!(user.role.as_deref(), Some("socket.user.role"));
    }

    #[test]
    fn method_handler_rooms_and_bare_role_names() {
        let source = "import { Server } from \"socket.io\";\nclass S {\n  start(server) { this._io = new Server(server); this._io.on(\"connection\", this.onConnection.bind(this)); }\n  get io() { return this._io; }\n  onConnection(client) {\n    client.join(`user_${client.data.user._id}`);\n    client.join(client.data.user.role);\n    client.join(client.id);\n  }\n}\nconst sockets = new S();\nexport default sockets;\n";
        let r = read(source);
        let Some(Creation::Instance { binding, reach, .. }) = &r.creation else { panic!("{r:?}") };
        assert_eq!((binding.as_str(), reach.as_str()), ("sockets", "io"));
        let c = r.connection.unwrap();
        assert_eq!(c.param, "client");
        assert_eq!(c.user_room.unwrap().template, "user_{id}");
        assert_eq!(c.role_room.unwrap().template, "{role}");
        assert_eq!(c.ready_event, None);
    }

    #[test]
    fn top_level_server_in_the_entry_and_client_asked_rooms() {
        let source = "import http from \"http\";\nimport { Server } from \"socket.io\";\nconst server = http.createServer();\nconst io = new Server(server);\nio.on(\"connection\", (socket) => {\n  socket.on(\"join-project\", (id) => socket.join(`project:${id}`));\n  socket.join(`project:${socket.handshake.query.projectId}`);\n});\nserver.listen(3000);\n";
        let r = read(source);
        assert_eq!(r.creation, Some(Creation::TopLevel { binding: Some("io".into()), line: 4 }));
        let c = r.connection.unwrap();
        assert_eq!((c.user_room, c.role_room, c.ready_event), (None, None, None));
    }

    #[test]
    fn unknown_user_shape_is_not_guessed() {
        let r = read("io.use((s, next) => { s.user = jwt.verify(s.handshake.auth.token, KEY); next(); });\n");
        let user = r.user.unwrap();
        assert_eq!((user.id, user.role), (None, None));
        assert_eq!(user.written, "s.user = jwt.verify(s.handshake.auth.token, KEY)");
        let r = read("io.use((socket, next) => { socket.userId = payload.sub; next(); });\n");
        assert_eq!(r.user.unwrap().id.as_deref(), Some("socket.userId"));
    }

    #[test]
    fn user_id_role_and_tenant_assigned_apart_are_merged() {
        let r = read("io.use((socket, next) => {\n  const p = jwt.verify(socket.handshake.auth.token, KEY);\n  socket.userId = p.sub;\n  socket.role = p.role;\n  socket.orgId = p.orgId;\n  next();\n});\n");
        let user = r.user.unwrap();
        assert_eq!(
            (user.id.as_deref(), user.role.as_deref(), user.tenant.as_deref()),
            (Some("socket.userId"), Some("socket.role"), Some("socket.orgId"))
        );
        let r = read("const auth = (socket, next) => { socket.data.user = { id: p.id, role: p.role, organizationId: p.org }; next(); };\n");
        assert_eq!(r.user.unwrap().tenant.as_deref(), Some("socket.data.user.organizationId"));
    }

    #[test]
    fn identity_the_client_claims_or_an_http_request_carries_is_not_read() {
        // The client's own event, the handshake's query or auth fields, an Express request.
        for source in [
            "io.on(\"connection\", (socket) => { socket.on(\"register_user\", (id) => { socket.userId = id; }); });\n",
            "io.use((socket, next) => { socket.userId = socket.handshake.query.userId; next(); });\n",
            "io.use((socket, next) => { socket.user = { id: socket.handshake.auth.userId }; next(); });\n",
            "export const protect = (req, res, next) => { req.user = { id: 1, role: \"admin\" }; next(); };\n",
        ] {
            assert_eq!(read(source).user, None, "{source}");
        }
    }

    #[test]
    fn rooms_built_by_helpers_name_the_user_they_are_for() {
        let r = read("io.on(\"connection\", (socket) => {\n  const { user } = socket.data;\n  socket.join(rooms.user(user.UserId));\n  socket.join(getRoleRoom(socket.data.user.Role));\n  socket.join(rooms.user(socket.handshake.query.id));\n});\n");
        let c = r.connection.unwrap();
        assert_eq!(c.user_room.unwrap().path.as_deref(), Some("socket.data.user.UserId"));
        assert_eq!(c.role_room.unwrap().path.as_deref(), Some("socket.data.user.Role"));
        let r = read("io.on(\"connection\", (socket) => { socket.join(userRoom(socket.handshake.query.userId)); });\n");
        assert_eq!(r.connection.unwrap().user_room.unwrap().path, None, "a room the client names");
    }

    #[test]
    fn init_function_returning_nothing() {
        let r = read("import { Server } from \"socket.io\";\nexport function setup(server) {\n  const io = new Server(server);\n  io.on(\"connection\", () => {});\n}\n");
        assert_eq!(r.creation, Some(Creation::InitFunction { name: "setup".into(), returns: false, line: 2 }));
        assert_eq!(r.accessor, None);
    }
}
