//! A module without a service: its handlers live in a controller
//! (`export const createTask = async (req, res, next) => ...`). rtgen then
//! emits from a socket-enabled controller beside it, so this reads what that
//! wrapper needs from the host's code: the handlers, the key of the record
//! in what each one sends (`res.status(201).json({ task })`), how the host
//! reads a record by id (its model, for the old status and the deleted
//! record), and where the auth middleware puts the user (`req.user`).
//! ES module and CommonJS controllers alike (`exports.createTask = ...`,
//! `module.exports = { createTask }`). Route handlers written inline are
//! refused here, with the ways forward.

use std::path::{Path, PathBuf};

use oxc_ast::ast::*;
use oxc_ast_visit::Visit;

use crate::error::LocatedError;
use crate::js::parse::{line_col, with_program};
use crate::read::profile::{ModuleProfile, ServiceExport};

/// A controller module rtgen wraps instead of a service.
#[derive(Debug, Clone, PartialEq)]
pub struct ControllerModule {
    /// The controller file, relative to the host root.
    pub path: PathBuf,
    /// Its handlers as a functions-shaped profile (what specs are validated against).
    pub profile: ModuleProfile,
    pub handlers: Vec<Handler>,
    /// How the host reads one record by id, when it does.
    pub find: Option<ModelRead>,
    /// Where the auth middleware sets `req.user` (`path:line`).
    pub actor_source: String,
    /// The keys of the objects the handlers send (`success`, `data`,
    /// `message`): response fields, not the record's columns.
    pub response_keys: Vec<String>,
}

/// One exported request handler.
#[derive(Debug, Clone, PartialEq)]
pub struct Handler {
    pub name: String,
    /// The record's key in the body it sends on success (`{ task }`,
    /// `{ data: task }`); none when it sends the record itself.
    pub wrapper: Option<String>,
    /// The keys of the object literal it sends on success when none of them
    /// holds the record (`{ success, comment }`): an event after it would
    /// never go out.
    pub answers_without_record: Option<Vec<String>>,
}

/// A read of one record by id, written as the host writes it.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelRead {
    /// The import declaration of the model, as written in the controller.
    pub import: String,
    /// The call, over the wrapper's own `req`: `Task.findById(req.params.id)`.
    pub call: String,
}

/// Reads the controller at `path`: `Ok(None)` when it exports no handler.
pub fn read_controller(
    path: &Path,
    source: &str,
    camel: &str,
    auth: &[(PathBuf, String)],
) -> Result<Option<ControllerModule>, LocatedError> {
    let found = with_program(path, source, |program| {
        let handlers = exported_handlers(program, camel);
        let find = model_read(program);
        let mut keys = ResponseKeys(Vec::new());
        keys.visit_program(program);
        (handlers, find, keys.0, exported_instance(program))
    })
    .map_err(|e| LocatedError::new(path, e.line, e.column, e.message.clone()))?;
    let (handlers, find, response_keys, instance) = found;
    if handlers.is_empty() {
        // A controller class's instance: its methods live on the prototype, which a wrapper
        // spreading the module's exports would not see.
        if let Some(at) = instance {
            let pascal = heck::ToUpperCamelCase::to_upper_camel_case(camel);
            return Err(LocatedError::new(
                path,
                line_col(source, at).0,
                1,
                format!("the `{camel}` module has no service, and its controller exports an instance of a class: rtgen wraps controllers whose handlers are exported functions"),
            )
            .with_help(format!(
                "export the handlers as functions (`exports.create{pascal} = async (req, res, next) => {{ ... }}`, or `module.exports = {{ create{pascal}, update{pascal}, delete{pascal} }}`; `export const create{pascal} = ...` in an ES module), or move the create/update/delete logic into a service, then run `rtgen add {camel}` again"
            )));
        }
        return Ok(None);
    }
    let Some(actor_source) = auth.iter().find_map(|(file, text)| request_user(file, text)) else {
        return Err(LocatedError::new(
            path,
            1,
            1,
            format!("the `{camel}` controller's handlers are found, but no auth middleware sets `req.user`: rtgen takes the user who acted from `req.user` (its `id` or `_id`), to leave that user out of its own events"),
        )
        .with_help("set `req.user` in the auth middleware (`req.user = { id: user.id, role: user.role }`), then run `rtgen add` again"));
    };
    let profile = ModuleProfile {
        export: ServiceExport::Functions,
        methods: handlers
            .iter()
            .map(|h| crate::read::profile::Method {
                name: h.0.name.clone(),
                params: h.1.clone(),
                field: false,
                line: 0,
            })
            .collect(),
    };
    Ok(Some(ControllerModule {
        path: path.to_path_buf(),
        profile,
        handlers: handlers.into_iter().map(|h| h.0).collect(),
        find,
        actor_source,
        response_keys,
    }))
}

/// The line of the import of the module file named `stem` (`../services/taskService.js`), if any.
pub fn import_line(path: &Path, source: &str, stem: &str) -> Option<usize> {
    with_program(path, source, |program| {
        program.body.iter().find_map(|statement| {
            let Statement::ImportDeclaration(decl) = statement else { return None };
            let file = decl.source.value.as_str().rsplit('/').next().unwrap_or_default();
            let file_stem = [".js", ".mjs", ".cjs"].iter().find_map(|e| file.strip_suffix(e)).unwrap_or(file);
            (file_stem == stem).then(|| line_col(source, decl.span.start).0)
        })
    })
    .ok()
    .flatten()
}

/// A function that may be a request handler, wherever it is written.
#[derive(Clone, Copy)]
enum Func<'b, 'a> {
    Arrow(&'b ArrowFunctionExpression<'a>),
    Function(&'b Function<'a>),
}

impl<'b, 'a> Func<'b, 'a> {
    /// `(req, res) => ...`, `function (req, res) {}`, or one wrapped by a
    /// helper that forwards rejections (`asyncHandler(async (req, res) => ...)`).
    fn of(expression: &'b Expression<'a>) -> Option<Self> {
        match expression.get_inner_expression() {
            Expression::ArrowFunctionExpression(f) => Some(Func::Arrow(f)),
            Expression::FunctionExpression(f) if f.body.is_some() => Some(Func::Function(f)),
            Expression::CallExpression(call)
                if call.arguments.len() == 1
                    && matches!(call.callee.get_inner_expression(), Expression::Identifier(_)) =>
            {
                call.arguments[0].as_expression().and_then(Func::of)
            }
            _ => None,
        }
    }

    fn params(self) -> &'b FormalParameters<'a> {
        match self {
            Func::Arrow(f) => &f.params,
            Func::Function(f) => &f.params,
        }
    }

    fn visit_body<V: Visit<'a>>(self, visitor: &mut V) {
        match self {
            Func::Arrow(f) => match &f.body {
                ArrowFunctionBody::FunctionBody(body) => visitor.visit_function_body(body),
                body => visitor.visit_arrow_function_body(body),
            },
            Func::Function(f) => {
                if let Some(body) = &f.body {
                    visitor.visit_function_body(body);
                }
            }
        }
    }
}

/// The module's exported functions, by exported name: ES module exports
/// (`export const name = (req, res) => {}`, `export function name(req, res) {}`)
/// and CommonJS ones (`exports.name = ...`, `module.exports.name = ...`,
/// `module.exports = { name, other: fn }` of functions declared in the file).
fn exported_functions<'b, 'a>(program: &'b Program<'a>) -> Vec<(String, Func<'b, 'a>)> {
    let mut locals: Vec<(&'b str, Func<'b, 'a>)> = Vec::new();
    for statement in &program.body {
        let declaration = match statement {
            Statement::ExportDeclaration(export) => Some(&export.declaration),
            _ => statement.as_declaration(),
        };
        match declaration {
            Some(Declaration::FunctionDeclaration(function)) => {
                if let (Some(id), Some(_)) = (&function.id, &function.body) {
                    locals.push((id.name.as_str(), Func::Function(function)));
                }
            }
            Some(Declaration::VariableDeclaration(vars)) => {
                for declarator in &vars.declarations {
                    if let (BindingPattern::BindingIdentifier(id), Some(init)) = (&declarator.id, &declarator.init) {
                        if let Some(f) = Func::of(init) {
                            locals.push((id.name.as_str(), f));
                        }
                    }
                }
            }
            _ => {}
        }
    }
    let local = |value: &'b Expression<'a>| match value.get_inner_expression() {
        Expression::Identifier(id) => locals.iter().find(|(name, _)| *name == id.name.as_str()).map(|(_, f)| *f),
        value => Func::of(value),
    };
    let mut out: Vec<(String, Func<'b, 'a>)> = Vec::new();
    let mut push = |name: &str, f: Option<Func<'b, 'a>>| {
        if let (Some(f), false) = (f, out.iter().any(|(n, _)| n == name)) {
            out.push((name.to_string(), f));
        }
    };
    for statement in &program.body {
        match statement {
            Statement::ExportDeclaration(export) => match &export.declaration {
                Declaration::FunctionDeclaration(function) => {
                    if let Some(id) = &function.id {
                        push(id.name.as_str(), function.body.as_ref().map(|_| Func::Function(function)));
                    }
                }
                Declaration::VariableDeclaration(vars) => {
                    for declarator in &vars.declarations {
                        if let (BindingPattern::BindingIdentifier(id), Some(init)) = (&declarator.id, &declarator.init)
                        {
                            push(id.name.as_str(), Func::of(init));
                        }
                    }
                }
                _ => {}
            },
            Statement::ExpressionStatement(e) => {
                let Expression::AssignmentExpression(assign) = e.expression.get_inner_expression() else { continue };
                match crate::read::commonjs::export_target(&assign.left) {
                    // `module.exports = { createTask, update: async (req, res) => ... }`
                    Some(None) => {
                        let Expression::ObjectExpression(object) = assign.right.get_inner_expression() else {
                            continue;
                        };
                        for property in &object.properties {
                            let ObjectPropertyKind::ObjectProperty(p) = property else { continue };
                            if let Some(key) = p.key.static_name() {
                                push(key.as_ref(), local(&p.value));
                            }
                        }
                    }
                    Some(Some(name)) => push(&name, local(&assign.right)),
                    None => {}
                }
            }
            _ => {}
        }
    }
    out
}

/// Where the module exports an instance (`module.exports = new TaskController()`,
/// `export default new TaskController()`), if it does.
fn exported_instance(program: &Program<'_>) -> Option<u32> {
    program.body.iter().find_map(|statement| {
        let (value, at) = match statement {
            Statement::ExportDefaultDeclaration(export) => (export.declaration.as_expression()?, export.span.start),
            Statement::ExpressionStatement(e) => {
                let Expression::AssignmentExpression(assign) = e.expression.get_inner_expression() else { return None };
                crate::read::commonjs::export_target(&assign.left)?.is_none().then_some(())?;
                (&assign.right, assign.span.start)
            }
            _ => return None,
        };
        matches!(value.get_inner_expression(), Expression::NewExpression(_)).then_some(at)
    })
}

/// The exported request handlers, with their parameter names.
fn exported_handlers(program: &Program<'_>, camel: &str) -> Vec<(Handler, Vec<String>)> {
    let mut out = Vec::new();
    for (name, f) in exported_functions(program) {
        push_handler(&mut out, &name, f.params(), camel, |finder| f.visit_body(finder));
    }
    out
}

fn push_handler(
    out: &mut Vec<(Handler, Vec<String>)>,
    name: &str,
    params: &FormalParameters<'_>,
    camel: &str,
    visit: impl FnOnce(&mut SendFinder<'_>),
) {
    let names: Vec<String> = params
        .items
        .iter()
        .filter_map(|p| match &p.pattern {
            BindingPattern::BindingIdentifier(id) => Some(id.name.to_string()),
            _ => None,
        })
        .collect();
    // A request handler takes the request and the response, both named.
    if names.len() < 2 || names.len() != params.items.len() {
        return;
    }
    let mut finder =
        SendFinder { res: names[1].clone(), camel, wrapper: None, other: None, found: false, hands_res: false };
    visit(&mut finder);
    // Answered through a helper given `res` (`successResponse(res, task)`):
    // the body's shape is the helper's, which rtgen does not read, so the
    // record is not taken to be the body (it is `{ data }` as often as not).
    if !finder.found && finder.hands_res {
        finder.other = Some(Vec::new());
    }
    out.push((
        Handler { name: name.to_string(), wrapper: finder.wrapper, answers_without_record: finder.other },
        names,
    ));
}

/// The first successful `res.json(...)`/`res.send(...)` (or `res.status(2xx).json(...)`) of a handler.
struct SendFinder<'c> {
    res: String,
    camel: &'c str,
    wrapper: Option<String>,
    /// The sent object's keys, when none holds the record (empty: sent by a
    /// helper the handler hands `res` to).
    other: Option<Vec<String>>,
    found: bool,
    /// Whether the handler passes `res` to another function.
    hands_res: bool,
}

impl<'a> Visit<'a> for SendFinder<'_> {
    fn visit_call_expression(&mut self, call: &CallExpression<'a>) {
        if !self.found {
            if let Some(argument) = success_send(call, &self.res) {
                self.found = true;
                self.wrapper = wrapper_key(argument, self.camel);
                if self.wrapper.is_none() {
                    self.other = keys_without_record(argument);
                }
            }
            let passes_res =
                call.arguments.iter().any(|a| matches!(a, Argument::Identifier(id) if id.name == self.res.as_str()));
            let is_next = matches!(call.callee.get_inner_expression(), Expression::Identifier(id) if id.name == "next");
            self.hands_res |= passes_res && !is_next;
        }
        oxc_ast_visit::walk::walk_call_expression(self, call);
    }
}

/// The body argument of `res.json(x)`, `res.send(x)` or `res.status(2xx).json(x)`.
pub(crate) fn success_send<'b, 'a>(call: &'b CallExpression<'a>, res: &str) -> Option<&'b Expression<'a>> {
    let Expression::StaticMemberExpression(member) = call.callee.get_inner_expression() else { return None };
    if !matches!(member.property.name.as_str(), "json" | "send") {
        return None;
    }
    let on_res = match member.object.get_inner_expression() {
        Expression::Identifier(id) => id.name == res,
        Expression::CallExpression(status) => match status.callee.get_inner_expression() {
            Expression::StaticMemberExpression(m) if m.property.name == "status" => {
                let is_res = matches!(m.object.get_inner_expression(), Expression::Identifier(id) if id.name == res);
                let code = match status.arguments.first().and_then(|a| a.as_expression()) {
                    Some(Expression::NumericLiteral(n)) => Some(n.value),
                    _ => None,
                };
                is_res && code.is_some_and(|c| (200.0..300.0).contains(&c))
            }
            _ => false,
        },
        _ => false,
    };
    if !on_res {
        return None;
    }
    call.arguments.first().and_then(|a| a.as_expression())
}

/// The keys of every object literal sent with `res.json(...)`/`res.send(...)`, whatever the status.
struct ResponseKeys(Vec<String>);

impl<'a> Visit<'a> for ResponseKeys {
    fn visit_call_expression(&mut self, call: &CallExpression<'a>) {
        if let Expression::StaticMemberExpression(member) = call.callee.get_inner_expression() {
            let sends = matches!(member.property.name.as_str(), "json" | "send");
            let on_res = match member.object.get_inner_expression() {
                Expression::Identifier(id) => id.name == "res",
                Expression::CallExpression(status) => status.callee.is_specific_member_access("res", "status"),
                _ => false,
            };
            if let (true, true, Some(Expression::ObjectExpression(object))) =
                (sends, on_res, call.arguments.first().and_then(|a| a.as_expression()))
            {
                for property in &object.properties {
                    if let ObjectPropertyKind::ObjectProperty(p) = property {
                        if let Some(name) = p.key.static_name() {
                            if !self.0.iter().any(|k| k == name.as_ref()) {
                                self.0.push(name.to_string());
                            }
                        }
                    }
                }
            }
        }
        oxc_ast_visit::walk::walk_call_expression(self, call);
    }
}

/// Where the record is in a sent object literal, at any depth the literal
/// nests it: the module's name, else `data`, else `result` (`task`,
/// `data.task` for `{ success, data: { task } }`).
pub(crate) fn wrapper_key(body: &Expression<'_>, camel: &str) -> Option<String> {
    let Expression::ObjectExpression(object) = body.get_inner_expression() else { return None };
    let value_of = |key: &str| {
        object.properties.iter().find_map(|p| match p {
            ObjectPropertyKind::ObjectProperty(p) if p.key.static_name().is_some_and(|n| n == key) => Some(&p.value),
            _ => None,
        })
    };
    let (key, value) = [camel, "data", "result"].iter().find_map(|k| value_of(k).map(|v| (*k, v)))?;
    // A literal in its place holds the record one level deeper, or is the record itself.
    match wrapper_key(value, camel) {
        Some(inner) => Some(format!("{key}.{inner}")),
        None => Some(key.to_string()),
    }
}

/// The keys of a sent object literal that cannot be the record itself: no
/// spread, and no `id`/`_id` key among them.
fn keys_without_record(body: &Expression<'_>) -> Option<Vec<String>> {
    let Expression::ObjectExpression(object) = body.get_inner_expression() else { return None };
    let mut keys = Vec::new();
    for property in &object.properties {
        let ObjectPropertyKind::ObjectProperty(p) = property else { return None };
        keys.push(p.key.static_name()?.to_string());
    }
    (!keys.iter().any(|k| k == "id" || k == "_id")).then_some(keys)
}

/// The first `Model.findById(req.params.x)` (or `findByPk`, `getById`) on an imported binding;
/// the id may first be bound from the params (`const { id } = req.params;`,
/// `const { id: vehicleId } = req.params;`, `const id = req.params.id;`).
fn model_read(program: &Program<'_>) -> Option<ModelRead> {
    /// The reads found, and the locals bound from `req.params` so far (local, param).
    struct Reads(Vec<(String, String, String)>, Vec<(String, String)>);
    impl<'a> Visit<'a> for Reads {
        fn visit_variable_declarator(&mut self, d: &VariableDeclarator<'a>) {
            match (&d.id, d.init.as_ref().map(|i| i.get_inner_expression())) {
                (BindingPattern::ObjectPattern(pattern), Some(init))
                    if init.is_specific_member_access("req", "params") =>
                {
                    for property in &pattern.properties {
                        if let (Some(key), BindingPattern::BindingIdentifier(local)) =
                            (property.key.static_name(), &property.value)
                        {
                            self.1.push((local.name.to_string(), key.to_string()));
                        }
                    }
                }
                (BindingPattern::BindingIdentifier(local), Some(Expression::StaticMemberExpression(init)))
                    if init.object.is_specific_member_access("req", "params") =>
                {
                    self.1.push((local.name.to_string(), init.property.name.to_string()));
                }
                _ => {}
            }
            oxc_ast_visit::walk::walk_variable_declarator(self, d);
        }

        fn visit_call_expression(&mut self, call: &CallExpression<'a>) {
            if let Expression::StaticMemberExpression(member) = call.callee.get_inner_expression() {
                let by_id = matches!(member.property.name.as_str(), "findById" | "findByPk" | "getById");
                let param =
                    match call.arguments.first().and_then(|a| a.as_expression()).map(|a| a.get_inner_expression()) {
                        Some(Expression::StaticMemberExpression(arg))
                            if arg.object.is_specific_member_access("req", "params") =>
                        {
                            Some(arg.property.name.to_string())
                        }
                        // The latest binding of that name from `req.params` (source order).
                        Some(Expression::Identifier(local)) => self
                            .1
                            .iter()
                            .rev()
                            .find(|(name, _)| name == local.name.as_str())
                            .map(|(_, key)| key.clone()),
                        _ => None,
                    };
                if let (true, Expression::Identifier(model), Some(param)) =
                    (by_id, member.object.get_inner_expression(), param)
                {
                    self.0.push((model.name.to_string(), member.property.name.to_string(), param));
                }
            }
            oxc_ast_visit::walk::walk_call_expression(self, call);
        }
    }
    let mut reads = Reads(Vec::new(), Vec::new());
    reads.visit_program(program);
    reads.0.into_iter().find_map(|(model, method, param)| {
        let import = program.body.iter().find_map(|s| match s {
            Statement::ImportDeclaration(decl) => es_import_of(decl, &model),
            Statement::VariableDeclaration(vars) => vars.declarations.iter().find_map(|d| require_of(d, &model)),
            _ => None,
        })?;
        Some(ModelRead { import, call: format!("{model}.{method}(req.params.{param})") })
    })
}

/// `import Task from "../models/Task.js";` for the binding `model`, as `decl` imports it.
fn es_import_of(decl: &ImportDeclaration<'_>, model: &str) -> Option<String> {
    let from = crate::js::literal::js_string_literal(decl.source.value.as_str());
    decl.specifiers.iter().flatten().find(|spec| spec.local().name.as_str() == model).map(|spec| match spec {
        ImportDeclarationSpecifier::ImportDefaultSpecifier(_) => format!("import {model} from {from};"),
        ImportDeclarationSpecifier::ImportNamespaceSpecifier(_) => format!("import * as {model} from {from};"),
        ImportDeclarationSpecifier::ImportSpecifier(named) => match named.imported.name().as_str() {
            imported if imported == model => format!("import {{ {model} }} from {from};"),
            imported => format!("import {{ {imported} as {model} }} from {from};"),
        },
    })
}

/// `const Task = require("../models/Task");` or `const { Task } = require("../models");`
/// for the binding `model`, as the declarator `d` requires it.
fn require_of(d: &VariableDeclarator<'_>, model: &str) -> Option<String> {
    let Some(Expression::CallExpression(call)) = d.init.as_ref().map(|i| i.get_inner_expression()) else {
        return None;
    };
    let Some(Expression::StringLiteral(from)) = call.arguments.first().and_then(|a| a.as_expression()) else {
        return None;
    };
    if !call.is_require_call() {
        return None;
    }
    let from = crate::js::literal::js_string_literal(from.value.as_str());
    match &d.id {
        BindingPattern::BindingIdentifier(id) if id.name == model => Some(format!("const {model} = require({from});")),
        BindingPattern::ObjectPattern(object) => object.properties.iter().find_map(|p| {
            let BindingPattern::BindingIdentifier(local) = &p.value else { return None };
            if local.name != model {
                return None;
            }
            match p.key.static_name()?.as_ref() {
                key if key == model => Some(format!("const {{ {model} }} = require({from});")),
                key => Some(format!("const {{ {key}: {model} }} = require({from});")),
            }
        }),
        _ => None,
    }
}

/// Where `text` sets `req.user = ...`: `path:line` and the assignment.
fn request_user(path: &Path, text: &str) -> Option<String> {
    struct Finder(Option<u32>);
    impl<'a> Visit<'a> for Finder {
        fn visit_assignment_expression(&mut self, it: &AssignmentExpression<'a>) {
            if let AssignmentTarget::StaticMemberExpression(member) = &it.left {
                let on_req =
                    matches!(member.object.get_inner_expression(), Expression::Identifier(id) if id.name == "req");
                if on_req && member.property.name == "user" && self.0.is_none() {
                    self.0 = Some(it.span.start);
                }
            }
            oxc_ast_visit::walk::walk_assignment_expression(self, it);
        }
    }
    if !text.contains("req.user") {
        return None;
    }
    let at = with_program(path, text, |program| {
        let mut finder = Finder(None);
        finder.visit_program(program);
        finder.0
    })
    .ok()??;
    let (line, _) = line_col(text, at);
    Some(format!("{}:{line}", crate::js::paths::slash(path)))
}

/// A route handler written inline for the module: `router.post("/", protect, async (req, res) => {...})`.
#[derive(Debug, Clone, PartialEq)]
pub struct InlineRoute {
    pub line: usize,
    pub method: String,
    pub route: String,
    /// The call's callee and its arguments before the handler, as written
    /// (`router.post`, `'/'`, `protect`): what the line to paste repeats.
    pub callee: String,
    pub before_handler: Vec<String>,
    /// The record's key in the body the handler sends (`{ task }`), read as a controller's is.
    pub wrapper: Option<String>,
    /// The keys of the object literal it sends on success when none holds the record
    /// (`{ success, message }`): an event after it would never go out.
    pub answers_without_record: Option<Vec<String>>,
    /// The handler's head up to its body's brace, as written (`async (req, res) => {`).
    pub handler_head: String,
    /// The event named by an `<binding>.emitAfter("created")` argument, when one is there.
    pub emits: Option<(String, String)>,
}

impl InlineRoute {
    /// The event this route's middleware sends: `created`, `updated`, `deleted`.
    pub fn event(&self) -> &'static str {
        match self.method.as_str() {
            "POST" => "created",
            "DELETE" => "deleted",
            _ => "updated",
        }
    }
}

/// The mutating routes of `source` whose handler is written in place.
pub fn inline_routes(path: &Path, source: &str, camel: &str) -> Vec<InlineRoute> {
    struct Finder<'s> {
        source: &'s str,
        camel: &'s str,
        found: Vec<InlineRoute>,
    }
    impl<'a> Visit<'a> for Finder<'_> {
        fn visit_call_expression(&mut self, call: &CallExpression<'a>) {
            if let Expression::StaticMemberExpression(member) = call.callee.get_inner_expression() {
                let method = member.property.name.as_str();
                let handler = call.arguments.last().and_then(|a| a.as_expression()).filter(|e| {
                    matches!(
                        e.get_inner_expression(),
                        Expression::ArrowFunctionExpression(_) | Expression::FunctionExpression(_)
                    )
                });
                let route = match call.arguments.first().and_then(|a| a.as_expression()) {
                    Some(Expression::StringLiteral(s)) => Some(s.value.to_string()),
                    _ => None,
                };
                if let (true, Some(handler), Some(route)) =
                    (matches!(method, "post" | "put" | "patch" | "delete"), handler, route)
                {
                    let (line, _) = line_col(self.source, call.span.start);
                    let text = |span: oxc_span::Span| self.source[span.start as usize..span.end as usize].to_string();
                    let args = &call.arguments[..call.arguments.len() - 1];
                    let emits = args.iter().filter_map(|a| a.as_expression()).find_map(|e| {
                        let Expression::CallExpression(inner) = e.get_inner_expression() else { return None };
                        let Expression::StaticMemberExpression(m) = inner.callee.get_inner_expression() else {
                            return None;
                        };
                        let Expression::Identifier(object) = m.object.get_inner_expression() else { return None };
                        let Some(Expression::StringLiteral(event)) =
                            inner.arguments.first().and_then(|a| a.as_expression())
                        else {
                            return None;
                        };
                        (m.property.name == "emitAfter").then(|| (object.name.to_string(), event.value.to_string()))
                    });
                    let mut handlers = Vec::new();
                    if let Some(f) = Func::of(handler) {
                        push_handler(&mut handlers, method, f.params(), self.camel, |finder| f.visit_body(finder));
                    }
                    let handler_read = handlers.into_iter().next().map(|(h, _)| h);
                    self.found.push(InlineRoute {
                        line,
                        method: method.to_uppercase(),
                        route,
                        callee: text(oxc_span::GetSpan::span(&call.callee)),
                        before_handler: args.iter().map(|a| text(oxc_span::GetSpan::span(a))).collect(),
                        wrapper: handler_read.as_ref().and_then(|h| h.wrapper.clone()),
                        answers_without_record: handler_read.and_then(|h| h.answers_without_record),
                        handler_head: head(self.source, handler),
                        emits,
                    });
                }
            }
            oxc_ast_visit::walk::walk_call_expression(self, call);
        }
    }
    with_program(path, source, |program| {
        let mut finder = Finder { source, camel, found: Vec::new() };
        finder.visit_program(program);
        finder.found
    })
    .unwrap_or_default()
}

/// A function's text up to and including its body's opening brace.
fn head(source: &str, handler: &Expression<'_>) -> String {
    let (start, body) = match handler.get_inner_expression() {
        Expression::ArrowFunctionExpression(f) => match &f.body {
            ArrowFunctionBody::FunctionBody(body) => (f.span.start, body.span.start + 1),
            body => (f.span.start, oxc_span::GetSpan::span(body).start),
        },
        Expression::FunctionExpression(f) => (f.span.start, f.body.as_ref().map_or(f.span.end, |b| b.span.start + 1)),
        _ => return String::new(),
    };
    source[start as usize..body as usize].to_string()
}

/// The keys of every object literal `source` sends with `res.json(...)`/`res.send(...)`:
/// response fields (`success`, `data`), not a record's columns.
pub fn response_keys(path: &Path, source: &str) -> Vec<String> {
    with_program(path, source, |program| {
        let mut keys = ResponseKeys(Vec::new());
        keys.visit_program(program);
        keys.0
    })
    .unwrap_or_default()
}

/// Where the auth middleware among `files` sets `req.user` (`path:line`), if one does.
pub fn actor_source(files: &[(PathBuf, String)]) -> Option<String> {
    files.iter().find_map(|(file, text)| request_user(file, text))
}

/// The refusal for a module whose mutating routes are written inline.
pub fn inline_refusal(
    path: &Path,
    routes: &[InlineRoute],
    camel: &str,
    controller: &Path,
    commonjs: bool,
    middleware: &str,
) -> LocatedError {
    let pascal = heck::ToUpperCamelCase::to_upper_camel_case(camel);
    let first = &routes[0];
    // The handler's export and the route, as the routes file writes them.
    let export = match commonjs {
        true => format!("exports.{}{pascal} = async (req, res, next) => {{ ... }}", verb(first)),
        false => format!("export const {}{pascal} = async (req, res, next) => {{ ... }}", verb(first)),
    };
    let mut args = first.before_handler.clone();
    args.push(format!("{}{pascal}", verb(first)));
    let route = format!("{}({})", first.callee, args.join(", "));
    let others: Vec<String> = ["create", "update", "delete"]
        .iter()
        .filter(|v| **v != verb(first))
        .map(|v| format!("`{v}{pascal}`"))
        .collect();
    let listed: Vec<String> = routes.iter().map(|r| format!("`{} {}` (line {})", r.method, r.route, r.line)).collect();
    LocatedError::new(
        path,
        first.line,
        1,
        format!(
            "the `{camel}` module has no service and no controller: its handlers are written inline in the routes ({}), and rtgen emits from a service or a controller it can wrap",
            listed.join(", ")
        ),
    )
    .with_help(format!(
        "move each handler into `{}` as an exported function (`{export}`, {}), import it in the route (`{route}`), and run `rtgen add {camel}` again: rtgen then emits from a socket-enabled controller beside it{middleware}",
        crate::js::paths::slash(controller),
        others.join(", ")
    ))
}

/// The controller verb of a route's handler: `create`, `update`, `delete`.
fn verb(route: &InlineRoute) -> &'static str {
    match route.method.as_str() {
        "POST" => "create",
        "DELETE" => "delete",
        _ => "update",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn handlers(source: &str) -> Vec<Handler> {
        let auth = vec![(
            PathBuf::from("src/middleware/auth.js"),
            "export const protect = (req, res, next) => {\n  req.user = { id: 1 };\n  next();\n};\n".to_string(),
        )];
        read_controller(Path::new("src/controllers/taskController.js"), source, "task", &auth)
            .expect("reads")
            .map(|c| c.handlers)
            .unwrap_or_default()
    }

    #[test]
    fn response_capture_shapes() {
        let source = r#"
export const plain = async (req, res) => { res.json(await Task.create(req.body)); };
export const created = async (req, res, next) => {
  if (!req.body.title) return res.status(400).json({ task: null, message: "no" });
  res.status(201).json({ success: true, task: await Task.create(req.body) });
};
export async function wrapped(req, res) { const task = 1; res.send({ data: task }); }
export const shorthand = (req, res) => { const task = 1; return res.status(200).json({ task }); };
export const helper = (value) => value;
export const wrappedByHelper = asyncHandler(async (req, res) => { res.status(201).json({ task: {} }); });
export const nested = async (req, res) => { const task = 1; res.status(201).json({ success: true, data: { task } }); };
export const result = async (req, res) => { const task = 1; res.json({ ok: true, result: task }); };
"#;
        let found = handlers(source);
        let shapes: Vec<(&str, Option<&str>)> = found.iter().map(|h| (h.name.as_str(), h.wrapper.as_deref())).collect();
        assert_eq!(
            shapes,
            vec![
                ("plain", None),
                ("created", Some("task")),
                ("wrapped", Some("data")),
                ("shorthand", Some("task")),
                ("wrappedByHelper", Some("task")),
                ("nested", Some("data.task")),
                ("result", Some("result"))
            ]
        );
    }

    #[test]
    fn model_read_by_id_through_an_id_bound_from_the_params() {
        let read = |source: &str| with_program(Path::new("c.js"), source, model_read).unwrap();
        let destructured = read("import Vehicle from \"../models/vehicle.model.js\";\nexport async function getOne(req, res) {\n  const { id } = req.params;\n  res.json(await Vehicle.findById(id).lean());\n}\n").unwrap();
        assert_eq!(destructured.call, "Vehicle.findById(req.params.id)");
        assert_eq!(destructured.import, "import Vehicle from \"../models/vehicle.model.js\";");
        let renamed = read("import Vehicle from \"./m.js\";\nexport async function getOne(req, res) {\n  const { vehicleId: key } = req.params;\n  res.json(await Vehicle.findById(key));\n}\n").unwrap();
        assert_eq!(renamed.call, "Vehicle.findById(req.params.vehicleId)");
        let member = read("const Vehicle = require(\"./m\");\nexports.getOne = async (req, res) => {\n  const id = req.params.id;\n  res.json(await Vehicle.findByPk(id));\n};\n").unwrap();
        assert_eq!(member.call, "Vehicle.findByPk(req.params.id)");
        // An id from elsewhere (the body) is not a read by the route's id.
        assert!(read("import Vehicle from \"./m.js\";\nexport async function getOne(req, res) {\n  const { id } = req.body;\n  res.json(await Vehicle.findById(id));\n}\n").is_none());
    }

    #[test]
    fn model_read_by_id_is_taken_as_the_host_writes_it() {
        let source = "import Task from \"../models/Task.js\";\nexport const get = async (req, res) => res.json(await Task.findById(req.params.id));\n";
        let auth = vec![(PathBuf::from("a.js"), "req.user = decoded;".to_string())];
        let module = read_controller(Path::new("c.js"), source, "task", &auth).unwrap().unwrap();
        let find = module.find.expect("a model read");
        assert_eq!(find.import, "import Task from \"../models/Task.js\";");
        assert_eq!(find.call, "Task.findById(req.params.id)");
        assert_eq!(module.actor_source, "a.js:1");
    }

    #[test]
    fn actor_is_read_from_the_auth_middleware_or_refused() {
        let source = "export const create = (req, res) => res.json({});\n";
        let refused = read_controller(Path::new("c.js"), source, "task", &[]).unwrap_err();
        assert!(refused.message.contains("no auth middleware sets `req.user`"), "{}", refused.message);
        assert!(refused.help.unwrap().contains("req.user = { id: user.id"));
        let auth = vec![(
            PathBuf::from("m.js"),
            "const x = 1;\nexport const p = (req, res, next) => {\n  req.user = { _id: u._id };\n};\n".into(),
        )];
        let module = read_controller(Path::new("c.js"), source, "task", &auth).unwrap().unwrap();
        assert_eq!(module.actor_source, "m.js:3");
    }

    #[test]
    fn commonjs_handlers_in_every_export_shape() {
        let names = |source: &str| -> Vec<(String, Option<String>)> {
            handlers(source).into_iter().map(|h| (h.name, h.wrapper)).collect()
        };
        let exports = "const Task = require('../models/Task');\n\nexports.createTask = async (req, res) => {\n    const task = await Task.create(req.body);\n    res.status(201).json({ success: true, data: task });\n};\nexports.getTasks = async function (req, res) { res.json(await Task.find()); };\nexports.notify = async ({ recipient }) => recipient;\n";
        assert_eq!(names(exports), [("createTask".into(), Some("data".into())), ("getTasks".into(), None)]);
        let object = "async function createTask(req, res, next) {\n  res.status(201).json({ task: {} });\n}\nconst deleteTask = (req, res) => res.json({ message: 'gone' });\nconst helper = (x) => x;\nmodule.exports = { createTask, remove: deleteTask, helper, update: async (req, res) => res.json({}), move(req, res) { res.json({}); } };\nmodule.exports.archiveTask = asyncHandler(async (req, res) => res.json({ data: 1 }));\n";
        let found: Vec<String> = names(object).into_iter().map(|(n, _)| n).collect();
        assert_eq!(found, ["createTask", "remove", "update", "move", "archiveTask"]);
        assert_eq!(names(object)[0].1.as_deref(), Some("task"));
    }

    #[test]
    fn a_controller_class_instance_is_refused_with_the_shapes_that_work() {
        let auth = vec![(PathBuf::from("a.js"), "req.user = decoded;".to_string())];
        let source = "class TaskController {\n  async createTask(req, res) { res.json({}); }\n}\n\nmodule.exports = new TaskController();\n";
        let error = read_controller(Path::new("c.js"), source, "task", &auth).unwrap_err();
        assert_eq!(error.line, 5);
        assert!(error.message.contains("exports an instance of a class"), "{}", error.message);
        assert!(error.help.unwrap().contains("`exports.createTask = async (req, res, next) => { ... }`"));
        let esm = "class C { createTask(req, res) {} }\nexport default new C();\n";
        assert!(read_controller(Path::new("c.js"), esm, "task", &auth).is_err());
    }

    #[test]
    fn commonjs_model_read_is_required_as_the_controller_requires_it() {
        let auth = vec![(PathBuf::from("a.js"), "req.user = decoded;".to_string())];
        let read = |source: &str| {
            read_controller(Path::new("c.js"), source, "task", &auth).unwrap().unwrap().find.expect("a model read")
        };
        let whole = read("const Task = require('../models/Task');\nexports.getTask = async (req, res) => res.json(await Task.findById(req.params.id));\n");
        assert_eq!(whole.import, "const Task = require(\"../models/Task\");");
        assert_eq!(whole.call, "Task.findById(req.params.id)");
        let destructured = read("const { Task, User } = require('../models');\nexports.getOne = async (req, res) => res.json(await Task.findByPk(req.params.id, { include: [User] }));\n");
        assert_eq!(destructured.import, "const { Task } = require(\"../models\");");
        assert_eq!(destructured.call, "Task.findByPk(req.params.id)");
        let renamed = read("const { Task: TaskModel } = require('../models');\nexports.get = async (req, res) => res.json(await TaskModel.findById(req.params.taskId));\n");
        assert_eq!(renamed.import, "const { Task: TaskModel } = require(\"../models\");");
        assert_eq!(renamed.call, "TaskModel.findById(req.params.taskId)");
    }

    #[test]
    fn inline_routes_read_the_middleware_the_wrapper_and_the_head() {
        let source = "const r = require('express').Router();\nr.post('/', protect, taskEvents.emitAfter('created'), async (req, res) => {\n  res.status(201).json({ success: true, task: {} });\n});\nr.put('/:id', async function (req, res) { res.json(await Task.update(req.body)); });\nr.delete('/:id', (req, res) => res.json({ success: true, message: 'gone' }));\n";
        let routes = inline_routes(Path::new("routes/tasks.js"), source, "task");
        assert_eq!(routes.len(), 3);
        assert_eq!(routes[0].emits, Some(("taskEvents".into(), "created".into())));
        assert_eq!(routes[0].wrapper.as_deref(), Some("task"));
        assert_eq!(routes[0].before_handler, ["'/'", "protect", "taskEvents.emitAfter('created')"]);
        assert_eq!(routes[0].handler_head, "async (req, res) => {");
        assert_eq!(
            (routes[1].event(), routes[1].wrapper.as_deref(), routes[1].emits.as_ref()),
            ("updated", None, None)
        );
        assert_eq!(routes[1].handler_head, "async function (req, res) {");
        assert_eq!(routes[2].event(), "deleted");
        assert_eq!(routes[2].handler_head, "(req, res) => ");
        assert_eq!(
            routes[2].answers_without_record.as_deref(),
            Some(&["success".to_string(), "message".to_string()][..])
        );
    }

    #[test]
    fn inline_route_refusal_names_the_line_and_the_way_forward() {
        let source = "import { Router } from \"express\";\nconst router = Router();\nrouter.get(\"/\", async (req, res) => res.json([]));\nrouter.post(\"/\", protect, async (req, res) => {\n  res.json({});\n});\nrouter.delete(\"/:id\", remove);\n";
        let routes = inline_routes(Path::new("src/routes/tasks.js"), source, "task");
        assert_eq!(
            routes,
            vec![InlineRoute {
                line: 4,
                method: "POST".into(),
                route: "/".into(),
                callee: "router.post".into(),
                before_handler: vec!["\"/\"".into(), "protect".into()],
                wrapper: None,
                answers_without_record: Some(vec![]),
                handler_head: "async (req, res) => {".into(),
                emits: None,
            }]
        );
        let error = inline_refusal(
            Path::new("src/routes/tasks.js"),
            &routes,
            "task",
            Path::new("src/controllers/taskController.js"),
            false,
            "",
        );
        assert_eq!(error.line, 4);
        assert!(error.message.contains("`POST /` (line 4)"), "{}", error.message);
        let help = error.help.unwrap();
        assert!(help.contains("move each handler into `src/controllers/taskController.js`"), "{help}");
        assert!(help.contains("`export const createTask = async (req, res, next) => { ... }`"), "{help}");
        assert!(help.contains("(`router.post(\"/\", protect, createTask)`)"), "{help}");
    }
}
