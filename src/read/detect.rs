//! Detection: reads what a host already has (its socket server, its roles,
//! each base service's export shape and methods) from the syntax tree, so the
//! profile matches the code without anyone writing it down.

use std::path::Path;

use oxc_ast::ast::*;
use oxc_ast_visit::Visit;

use crate::error::LocatedError;
use crate::read::profile::{Method, ModuleProfile, ServiceExport};

/// Parses `source`, calling `f` with the program; a syntax error becomes a
/// located error.
pub(crate) fn with_program<R>(path: &Path, source: &str, f: impl FnOnce(&Program<'_>) -> R) -> Result<R, LocatedError> {
    crate::js::parse::with_program(path, source, f).map_err(|error| {
        LocatedError::new(path, error.line, error.column, format!("does not parse: {}", error.message))
            .with_help("fix the syntax error, then run rtgen again")
    })
}

/// A class declared in the service module.
pub(crate) struct ClassInfo {
    pub(crate) name: String,
    pub(crate) parent: Option<String>,
    pub(crate) methods: Vec<Method>,
    /// Its `static` methods: called on the class itself.
    pub(crate) statics: Vec<Method>,
}

/// A class of `static` methods only (no instance method, no parent):
/// callers use the class itself as an object, so rtgen wraps it as one.
/// Its static methods, when it is one.
pub(crate) fn static_class(classes: &[ClassInfo], name: &str) -> Option<Vec<Method>> {
    let class = classes.iter().find(|c| c.name == name)?;
    (class.methods.is_empty() && class.parent.is_none() && !class.statics.is_empty()).then(|| class.statics.clone())
}

/// The profile of a class exported as the default (`export default X`,
/// `module.exports = X`) or under `named`: a class of static methods is
/// wrapped as the object it is used as.
pub(crate) fn class_profile(classes: &[ClassInfo], class: &str, named: Option<&str>) -> ModuleProfile {
    match (static_class(classes, class), named) {
        (Some(methods), None) => ModuleProfile { export: ServiceExport::DefaultObject, methods },
        (Some(methods), Some(name)) => {
            ModuleProfile { export: ServiceExport::NamedInstance { name: name.to_string() }, methods }
        }
        (None, None) => {
            ModuleProfile { export: ServiceExport::DefaultClass, methods: inherited_methods(classes, class) }
        }
        (None, Some(name)) => ModuleProfile {
            export: ServiceExport::NamedClass { name: name.to_string() },
            methods: inherited_methods(classes, class),
        },
    }
}

/// Reads the export shape and methods of a base service module.
pub fn detect_service(path: &Path, source: &str) -> Result<ModuleProfile, LocatedError> {
    if crate::read::survey::is_commonjs(path, source) {
        return crate::read::commonjs::detect_service(path, source);
    }
    with_program(path, source, |program| {
        // Functions first: an object literal's shorthand may name one declared below it.
        let local_functions = local_functions(program);
        let mut found = Exports::new(source, &local_functions);
        for statement in &program.body {
            match statement {
                Statement::ClassDeclaration(class) => found.classes.push(class_info(class, source)),
                Statement::VariableDeclaration(decl) => {
                    collect_instances(decl, &mut found.instances);
                    collect_objects(decl, &local_functions, &mut found.objects);
                }
                Statement::ExportDefaultDeclaration(decl) => found.default_export(&decl.declaration),
                Statement::ExportDeclaration(decl) => found.named_export(&decl.declaration),
                _ => {}
            }
        }
        found.profile()
    })?
    .ok_or_else(|| {
        LocatedError::new(path, 1, 1, "found no service export: no default class, default instance, named class, named instance, default object or exported functions")
            .with_help("export the service in one of those shapes, or set `names.service` in the spec to the right file")
    })
}

/// Every top-level function (exported or not), for object shorthands.
pub(crate) fn local_functions(program: &Program<'_>) -> Vec<Method> {
    let mut local_functions: Vec<Method> = Vec::new();
    for statement in &program.body {
        let declaration = match statement {
            Statement::ExportDeclaration(decl) => Some(&decl.declaration),
            _ => statement.as_declaration(),
        };
        match declaration {
            Some(Declaration::FunctionDeclaration(function)) => {
                if let Some(id) = &function.id {
                    local_functions.push(Method {
                        name: id.name.to_string(),
                        params: params_of(&function.params),
                        field: false,
                        line: 0,
                    });
                }
            }
            Some(Declaration::VariableDeclaration(vars)) => {
                for declarator in &vars.declarations {
                    if let (BindingPattern::BindingIdentifier(id), Some(init)) = (&declarator.id, &declarator.init) {
                        if let Some(params) = function_params(init) {
                            local_functions.push(Method { name: id.name.to_string(), params, field: false, line: 0 });
                        }
                    }
                }
            }
            _ => {}
        }
    }
    local_functions
}

pub(crate) fn class_info(class: &Class<'_>, source: &str) -> ClassInfo {
    ClassInfo {
        name: class.id.as_ref().map(|i| i.name.to_string()).unwrap_or_default(),
        parent: match class.heritage.as_ref().map(|h| &h.expression) {
            Some(Expression::Identifier(id)) => Some(id.name.to_string()),
            _ => None,
        },
        methods: class_methods(class, source),
        statics: static_methods(class),
    }
}

fn static_methods(class: &Class<'_>) -> Vec<Method> {
    class
        .body
        .body
        .iter()
        .filter_map(|element| match element {
            ClassElement::MethodDefinition(method)
                if method.kind == MethodDefinitionKind::Method && method.r#static =>
            {
                let name = method.key.static_name()?.to_string();
                Some(Method { name, params: params_of(&method.value.params), field: false, line: 0 })
            }
            _ => None,
        })
        .collect()
}

/// What a service module's top level declares and exports, gathered in
/// source order.
struct Exports<'s> {
    source: &'s str,
    local_functions: &'s [Method],
    classes: Vec<ClassInfo>,
    named_classes: Vec<String>,
    /// The export shape and the class (or binding) it names.
    export: Option<(ServiceExport, String)>,
    /// Exported functions.
    functions: Vec<Method>,
    /// `const s = { ... }`.
    objects: Vec<(String, Vec<Method>)>,
    object_methods: Option<Vec<Method>>,
    /// (binding, class).
    instances: Vec<(String, String)>,
}

impl<'s> Exports<'s> {
    fn new(source: &'s str, local_functions: &'s [Method]) -> Self {
        Exports {
            source,
            local_functions,
            classes: Vec::new(),
            named_classes: Vec::new(),
            export: None,
            functions: Vec::new(),
            objects: Vec::new(),
            object_methods: None,
            instances: Vec::new(),
        }
    }

    fn default_export(&mut self, declaration: &ExportDefaultDeclarationKind<'_>) {
        match declaration {
            ExportDefaultDeclarationKind::ClassDeclaration(class) => {
                let info = class_info(class, self.source);
                self.export = Some((ServiceExport::DefaultClass, info.name.clone()));
                self.classes.push(info);
            }
            ExportDefaultDeclarationKind::NewExpression(new) => {
                if let Expression::Identifier(id) = &new.callee {
                    self.export = Some((ServiceExport::DefaultInstance, id.name.to_string()));
                }
            }
            ExportDefaultDeclarationKind::ObjectExpression(object) => {
                self.object_methods = Some(object_literal_methods(object, self.local_functions));
                self.export = Some((ServiceExport::DefaultObject, String::new()));
            }
            ExportDefaultDeclarationKind::Identifier(id) => {
                let name = id.name.to_string();
                if let Some((_, class)) = self.instances.iter().find(|(b, _)| *b == name) {
                    self.export = Some((ServiceExport::DefaultInstance, class.clone()));
                } else if self.classes.iter().any(|c| c.name == name) {
                    self.export = Some((ServiceExport::DefaultClass, name));
                } else if let Some((_, methods)) = self.objects.iter().find(|(b, _)| *b == name) {
                    self.object_methods = Some(methods.clone());
                    self.export = Some((ServiceExport::DefaultObject, String::new()));
                }
            }
            _ => {}
        }
    }

    fn named_export(&mut self, declaration: &Declaration<'_>) {
        match declaration {
            Declaration::ClassDeclaration(class) => {
                let info = class_info(class, self.source);
                self.named_classes.push(info.name.clone());
                if self.export.is_none() {
                    self.export = Some((ServiceExport::NamedClass { name: info.name.clone() }, info.name.clone()));
                }
                self.classes.push(info);
            }
            Declaration::VariableDeclaration(vars) => {
                let before = self.instances.len();
                collect_instances(vars, &mut self.instances);
                if let Some((binding, class)) = self.instances.get(before) {
                    if self.export.is_none() {
                        self.export = Some((ServiceExport::NamedInstance { name: binding.clone() }, class.clone()));
                    }
                }
                for declarator in &vars.declarations {
                    if let (BindingPattern::BindingIdentifier(id), Some(init)) = (&declarator.id, &declarator.init) {
                        if let Some(params) = function_params(init) {
                            self.functions.push(Method { name: id.name.to_string(), params, field: false, line: 0 });
                        }
                    }
                }
            }
            Declaration::FunctionDeclaration(function) => {
                if let Some(id) = &function.id {
                    self.functions.push(Method {
                        name: id.name.to_string(),
                        params: params_of(&function.params),
                        field: false,
                        line: 0,
                    });
                }
            }
            _ => {}
        }
    }

    /// A class's own methods, then those it inherits from classes in the same file.
    fn methods_of(&self, class: &str) -> Vec<Method> {
        inherited_methods(&self.classes, class)
    }

    fn profile(self) -> Option<ModuleProfile> {
        match self.export.clone() {
            Some((ServiceExport::DefaultObject, _)) => Some(ModuleProfile {
                export: ServiceExport::DefaultObject,
                methods: self.object_methods.unwrap_or_default(),
            }),
            // `export class X` and `export default new X()`: both must emit.
            Some((ServiceExport::DefaultInstance, class)) if self.named_classes.contains(&class) => {
                Some(ModuleProfile {
                    methods: self.methods_of(&class),
                    export: ServiceExport::NamedClassAndInstance { name: class },
                })
            }
            Some((ServiceExport::DefaultClass, class)) => Some(class_profile(&self.classes, &class, None)),
            Some((ServiceExport::NamedClass { name }, class)) => {
                Some(class_profile(&self.classes, &class, Some(&name)))
            }
            Some((shape, class)) => Some(ModuleProfile { methods: self.methods_of(&class), export: shape }),
            None if !self.functions.is_empty() => {
                Some(ModuleProfile { export: ServiceExport::Functions, methods: self.functions })
            }
            None => None,
        }
    }
}

/// A class's own methods, then those it inherits from classes in the same file.
pub(crate) fn inherited_methods(classes: &[ClassInfo], class: &str) -> Vec<Method> {
    let mut methods: Vec<Method> = Vec::new();
    let mut next = Some(class.to_string());
    let mut seen = Vec::new();
    while let Some(name) = next.take() {
        if seen.contains(&name) {
            break;
        }
        let Some(info) = classes.iter().find(|c| c.name == name) else { break };
        for method in &info.methods {
            if !methods.iter().any(|m| m.name == method.name) {
                methods.push(method.clone());
            }
        }
        next = info.parent.clone();
        seen.push(name);
    }
    methods
}

fn class_methods(class: &Class<'_>, source: &str) -> Vec<Method> {
    class
        .body
        .body
        .iter()
        .filter_map(|element| match element {
            ClassElement::MethodDefinition(method)
                if method.kind == MethodDefinitionKind::Method && !method.r#static =>
            {
                let name = method.key.static_name()?.to_string();
                Some(Method { name, params: params_of(&method.value.params), field: false, line: 0 })
            }
            ClassElement::PropertyDefinition(property) if !property.r#static => {
                let name = property.key.static_name()?.to_string();
                let params = function_params(property.value.as_ref()?)?;
                let line = crate::js::parse::line_col(source, property.span.start).0;
                Some(Method { name, params, field: true, line })
            }
            _ => None,
        })
        .collect()
}

/// Methods of an object literal: method shorthands, function values, and
/// `{ createProposal }` shorthands naming a function of the module.
pub(crate) fn object_literal_methods(object: &ObjectExpression<'_>, functions: &[Method]) -> Vec<Method> {
    object
        .properties
        .iter()
        .filter_map(|property| match property {
            ObjectPropertyKind::ObjectProperty(p) => {
                let name = p.key.static_name()?.to_string();
                if let Some(params) = function_params(&p.value) {
                    return Some(Method { name, params, field: false, line: 0 });
                }
                let Expression::Identifier(id) = &p.value else { return None };
                let function = functions.iter().find(|f| f.name == id.name.as_str())?;
                Some(Method { name, params: function.params.clone(), field: false, line: 0 })
            }
            ObjectPropertyKind::SpreadProperty(_) => None,
        })
        .collect()
}

/// `const service = { ... }` bindings, for `export default service`.
pub(crate) fn collect_objects(
    decl: &VariableDeclaration<'_>,
    functions: &[Method],
    out: &mut Vec<(String, Vec<Method>)>,
) {
    for declarator in &decl.declarations {
        if let (BindingPattern::BindingIdentifier(id), Some(Expression::ObjectExpression(object))) =
            (&declarator.id, &declarator.init)
        {
            out.push((id.name.to_string(), object_literal_methods(object, functions)));
        }
    }
}

pub(crate) fn collect_instances(decl: &VariableDeclaration<'_>, out: &mut Vec<(String, String)>) {
    for declarator in &decl.declarations {
        if let (BindingPattern::BindingIdentifier(id), Some(Expression::NewExpression(new))) =
            (&declarator.id, &declarator.init)
        {
            if let Expression::Identifier(class) = &new.callee {
                out.push((id.name.to_string(), class.name.to_string()));
            }
        }
    }
}

pub(crate) fn function_params(expression: &Expression<'_>) -> Option<Vec<String>> {
    match expression.get_inner_expression() {
        Expression::FunctionExpression(f) => Some(params_of(&f.params)),
        Expression::ArrowFunctionExpression(f) => Some(params_of(&f.params)),
        _ => None,
    }
}

fn params_of(params: &FormalParameters<'_>) -> Vec<String> {
    let mut names: Vec<String> = params
        .items
        .iter()
        .map(|p| match &p.pattern {
            BindingPattern::BindingIdentifier(id) => id.name.to_string(),
            BindingPattern::AssignmentPattern(a) => pattern_name(&a.left),
            other => pattern_name(other),
        })
        .collect();
    if let Some(rest) = &params.rest {
        names.push(format!("...{}", pattern_name(&rest.rest.argument)));
    }
    names
}

/// A parameter's name, or `{...}` / `[...]` for a destructuring pattern,
/// which no override can pass on by name.
fn pattern_name(pattern: &BindingPattern<'_>) -> String {
    match pattern {
        BindingPattern::BindingIdentifier(id) => id.name.to_string(),
        BindingPattern::ObjectPattern(_) => "{...}".into(),
        BindingPattern::ArrayPattern(_) => "[...]".into(),
        BindingPattern::AssignmentPattern(a) => pattern_name(&a.left),
    }
}

/// Calls that write to a store: drizzle, Knex, Prisma, Mongoose, Sequelize, TypeORM.
const WRITE_CALLS: &[&str] = &[
    "insert",
    "update",
    "delete",
    "save",
    "create",
    "destroy",
    "upsert",
    "remove",
    "insertMany",
    "updateOne",
    "updateMany",
    "deleteOne",
    "deleteMany",
    "findByIdAndUpdate",
    "findByIdAndDelete",
    "findOneAndUpdate",
    "findOneAndDelete",
    "bulkCreate",
    "increment",
    "decrement",
    "createMany",
];

/// The service's methods and functions whose bodies call a store's write
/// (`db.update(...)`, `Model.findByIdAndUpdate(...)`), by name.
pub fn writing_methods(path: &Path, source: &str) -> Vec<String> {
    #[derive(Default)]
    struct Finder {
        names: Vec<String>,
        found: Vec<String>,
        /// Functions imported from a data layer (`../repositories/carRepository.js`)
        /// whose names write (`createCar`, `updateCarStatus`, `deleteCar`).
        data_writes: Vec<String>,
    }
    impl Finder {
        /// The outermost named function writes: a helper arrow inside a method counts for the method.
        fn mark(&mut self) {
            if let Some(name) = self.names.first() {
                if !self.found.contains(name) {
                    self.found.push(name.clone());
                }
            }
        }
        fn enter(&mut self, name: Option<String>) -> bool {
            match name {
                Some(name) => {
                    self.names.push(name);
                    true
                }
                None => false,
            }
        }
    }
    impl<'a> Visit<'a> for Finder {
        fn visit_method_definition(&mut self, it: &MethodDefinition<'a>) {
            let pushed = self.enter(it.key.static_name().map(|n| n.to_string()));
            oxc_ast_visit::walk::walk_method_definition(self, it);
            if pushed {
                self.names.pop();
            }
        }
        fn visit_property_definition(&mut self, it: &PropertyDefinition<'a>) {
            let pushed = self.enter(it.key.static_name().map(|n| n.to_string()));
            oxc_ast_visit::walk::walk_property_definition(self, it);
            if pushed {
                self.names.pop();
            }
        }
        fn visit_object_property(&mut self, it: &ObjectProperty<'a>) {
            let is_function = function_params(&it.value).is_some() || it.method;
            let pushed = is_function && self.enter(it.key.static_name().map(|n| n.to_string()));
            oxc_ast_visit::walk::walk_object_property(self, it);
            if pushed {
                self.names.pop();
            }
        }
        fn visit_function(&mut self, it: &Function<'a>, flags: oxc_semantic::ScopeFlags) {
            let pushed = self.enter(it.id.as_ref().map(|id| id.name.to_string()));
            oxc_ast_visit::walk::walk_function(self, it, flags);
            if pushed {
                self.names.pop();
            }
        }
        fn visit_variable_declarator(&mut self, it: &VariableDeclarator<'a>) {
            let is_function = it.init.as_ref().is_some_and(|init| function_params(init).is_some());
            let name = match &it.id {
                BindingPattern::BindingIdentifier(id) if is_function => Some(id.name.to_string()),
                _ => None,
            };
            let pushed = self.enter(name);
            oxc_ast_visit::walk::walk_variable_declarator(self, it);
            if pushed {
                self.names.pop();
            }
        }
        fn visit_assignment_expression(&mut self, it: &AssignmentExpression<'a>) {
            // CommonJS: `exports.createTask = async (req, res) => ...`, `module.exports.x = ...`.
            let name = match crate::read::commonjs::export_target(&it.left) {
                Some(Some(name)) if function_params(&it.right).is_some() => Some(name),
                _ => None,
            };
            let pushed = self.enter(name);
            oxc_ast_visit::walk::walk_assignment_expression(self, it);
            if pushed {
                self.names.pop();
            }
        }
        fn visit_call_expression(&mut self, it: &CallExpression<'a>) {
            match it.callee.get_inner_expression() {
                Expression::StaticMemberExpression(m) if WRITE_CALLS.contains(&m.property.name.as_str()) => self.mark(),
                Expression::Identifier(id) if self.data_writes.iter().any(|w| w == id.name.as_str()) => self.mark(),
                _ => {}
            }
            oxc_ast_visit::walk::walk_call_expression(self, it);
        }
        fn visit_import_declaration(&mut self, it: &ImportDeclaration<'a>) {
            if is_data_layer(&it.source.value) {
                for specifier in it.specifiers.iter().flatten() {
                    if let ImportDeclarationSpecifier::ImportSpecifier(s) = specifier {
                        if names_a_write(s.imported.name().as_str()) {
                            self.data_writes.push(s.local.name.to_string());
                        }
                    }
                }
            }
        }
        fn visit_string_literal(&mut self, it: &StringLiteral<'a>) {
            if is_sql_write(&it.value) {
                self.mark();
            }
        }
        fn visit_template_literal(&mut self, it: &TemplateLiteral<'a>) {
            if it.quasis.first().is_some_and(|q| is_sql_write(&q.value.raw)) {
                self.mark();
            }
            oxc_ast_visit::walk::walk_template_literal(self, it);
        }
    }
    crate::js::parse::with_program(path, source, |program| {
        let mut finder = Finder::default();
        finder.visit_program(program);
        finder.found
    })
    .unwrap_or_default()
}

/// A module of the data layer: repositories, models, DAOs.
fn is_data_layer(specifier: &str) -> bool {
    let lower = specifier.to_lowercase();
    specifier.starts_with('.')
        && ["repositor", "/models/", "/model/", "dao", "/data/"].iter().any(|w| lower.contains(w))
}

/// A data-layer function whose name says it writes (`createCar`, `updateCarStatus`).
fn names_a_write(name: &str) -> bool {
    let first = name.split(|c: char| c.is_uppercase()).next().unwrap_or(name);
    matches!(
        first,
        "create" | "update" | "delete" | "remove" | "insert" | "save" | "upsert" | "destroy" | "import" | "set"
    )
}

/// Whether a string is an SQL statement that writes (`INSERT INTO`,
/// `UPDATE ... SET`, `DELETE FROM`), as raw-SQL services pass to `query`.
fn is_sql_write(text: &str) -> bool {
    let words: Vec<String> = text.split_whitespace().take(3).map(str::to_uppercase).collect();
    match words.first().map(String::as_str) {
        Some("INSERT") => words.get(1).is_some_and(|w| w == "INTO"),
        Some("DELETE") => words.get(1).is_some_and(|w| w == "FROM"),
        Some("UPDATE") => words.len() >= 2 && text.to_uppercase().contains(" SET "),
        _ => false,
    }
}

/// The string values of a roles module (`export const ROLES = { ADMIN: "admin" }`
/// or an array of strings).
pub fn detect_roles(path: &Path, source: &str) -> Result<Vec<String>, LocatedError> {
    with_program(path, source, |program| {
        #[derive(Default)]
        struct Strings(Vec<String>);
        impl<'a> Visit<'a> for Strings {
            fn visit_string_literal(&mut self, it: &StringLiteral<'a>) {
                self.0.push(it.value.to_string());
            }
        }
        let mut strings = Strings::default();
        strings.visit_program(program);
        let mut roles = strings.0;
        roles.dedup();
        roles
    })
}

/// Whether `method` of a service returns the module's record inside a
/// wrapper: its body selects `{ <key>: <table>, <other>: ... }` (a drizzle
/// join) or returns `{ <key>, <other> }`. The key, when it does.
pub fn wrapper_key(path: &Path, source: &str, method: &str, key: &str) -> Option<String> {
    struct Finder<'s> {
        method: &'s str,
        key: &'s str,
        depth: usize,
        found: bool,
    }
    impl<'a> Visit<'a> for Finder<'_> {
        fn visit_method_definition(&mut self, it: &MethodDefinition<'a>) {
            let inside = it.key.static_name().is_some_and(|n| n == self.method);
            self.depth += usize::from(inside);
            oxc_ast_visit::walk::walk_method_definition(self, it);
            self.depth -= usize::from(inside);
        }
        fn visit_function(&mut self, it: &Function<'a>, flags: oxc_semantic::ScopeFlags) {
            let inside = it.id.as_ref().is_some_and(|id| id.name == self.method);
            self.depth += usize::from(inside);
            oxc_ast_visit::walk::walk_function(self, it, flags);
            self.depth -= usize::from(inside);
        }
        fn visit_object_expression(&mut self, it: &ObjectExpression<'a>) {
            if self.depth > 0 && it.properties.len() > 1 {
                self.found |= it.properties.iter().any(|p| {
                    matches!(p,
                    ObjectPropertyKind::ObjectProperty(p) if p.key.static_name().is_some_and(|k| k == self.key))
                });
            }
            oxc_ast_visit::walk::walk_object_expression(self, it);
        }
    }
    crate::js::parse::with_program(path, source, |program| {
        let mut finder = Finder { method, key, depth: 0, found: false };
        finder.visit_program(program);
        finder.found.then(|| key.to_string())
    })
    .ok()
    .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commonjs_exported_functions_that_write() {
        let source = "exports.approveTask = async (req, res) => {\n  await Task.findByIdAndUpdate(req.params.id, { approved: true });\n  res.json({});\n};\nmodule.exports.listTasks = async (req, res) => res.json(await Task.find());\n";
        assert_eq!(writing_methods(Path::new("c.js"), source), ["approveTask"]);
    }

    #[test]
    fn sql_statements_and_orm_calls_write_whatever_the_method_is_called() {
        let source = "class S {\n  async receive(id) {\n    await pool.query(`UPDATE orders SET status = 'received' WHERE id = $1`, [id]);\n  }\n  async apply(id, userId) {\n    return db.query(\"INSERT INTO applications (job_id, user_id) VALUES ($1, $2)\", [id, userId]);\n  }\n  async list() {\n    return db.query(\"SELECT * FROM orders WHERE status = 'updated'\");\n  }\n  async saveEditedHtml(id, html) {\n    const doc = await Doc.findById(id);\n    doc.html = html;\n    await doc.save();\n  }\n}\n";
        assert_eq!(writing_methods(Path::new("s.js"), source), ["receive", "apply", "saveEditedHtml"]);
    }

    #[test]
    fn calls_into_a_repository_that_write_are_writes() {
        let source = "import { listCars, createCar, updateCarStatus } from '../repositories/carRepository.js';\nimport { createSlug } from '../utils/slug.js';\nexport async function addCar(req, res) { const car = await createCar({ slug: createSlug(req.body.name) }); res.json(car); }\nexport async function changeCarStatus(req, res) { res.json(await updateCarStatus(req.params.id, req.body.status)); }\nexport async function getCars(req, res) { res.json(await listCars()); }\nexport async function preview(req, res) { res.json({ slug: createSlug(req.body.name) }); }\n";
        assert_eq!(writing_methods(Path::new("c.js"), source), ["addCar", "changeCarStatus"]);
    }

    #[test]
    fn wrapped_get_by_id() {
        let source = "class C {\n  async getContractById(id) {\n    const [row] = await db.select({ contract: contractsTable, proposal: proposalTable }).from(contractsTable);\n    return row;\n  }\n  async updateContract(id, data) { return db.update(contractsTable).set({ contract: 1, b: 2 }); }\n}\nexport default new C();\n";
        assert_eq!(wrapper_key(Path::new("c.js"), source, "getContractById", "contract").as_deref(), Some("contract"));
        assert_eq!(
            wrapper_key(
                Path::new("c.js"),
                "class C { getContractById(id) { return db.select().from(t); } }",
                "getContractById",
                "contract"
            ),
            None
        );
    }

    fn service(source: &str) -> ModuleProfile {
        detect_service(Path::new("s.js"), source).unwrap()
    }

    #[test]
    fn default_instance() {
        let p = service("class ProposalService {\n  async getProposalById(id) {}\n  async createProposal(data, userId) {}\n}\n\nexport default new ProposalService();\n");
        assert_eq!(p.export, ServiceExport::DefaultInstance);
        assert_eq!(
            p.methods[1],
            Method {
                name: "createProposal".into(),
                params: vec!["data".into(), "userId".into()],
                field: false,
                line: 0
            }
        );
    }

    #[test]
    fn other_shapes() {
        assert_eq!(service("export default class A { run() {} }").export, ServiceExport::DefaultClass);
        assert_eq!(
            service("export class ContractService { getAll() {} }").export,
            ServiceExport::NamedClass { name: "ContractService".into() }
        );
        assert_eq!(
            service("class A { x() {} }\nexport const proposalService = new A();").export,
            ServiceExport::NamedInstance { name: "proposalService".into() }
        );
        let object =
            service("export default {\n  async createProposal(data, user) {},\n  remove: async (id) => {},\n};");
        assert_eq!(object.export, ServiceExport::DefaultObject);
        assert_eq!(object.methods.len(), 2);
        let functions = service(
            "export async function createProposal(data, userId) {}\nexport const deleteProposal = async (id) => {};",
        );
        assert_eq!(functions.export, ServiceExport::Functions);
        assert_eq!(functions.methods[1].name, "deleteProposal");
        let instance_via_binding = service("class A { x() {} }\nconst a = new A();\nexport default a;");
        assert_eq!(instance_via_binding.export, ServiceExport::DefaultInstance);
        assert_eq!(instance_via_binding.methods[0].name, "x");
    }

    #[test]
    fn shapes_users_write() {
        // `export class X` plus `export default new X()`: both must be covered.
        let both = service(
            "export class ContractService { signContract(id, userId) {} }\nexport default new ContractService();",
        );
        assert_eq!(both.export, ServiceExport::NamedClassAndInstance { name: "ContractService".into() });
        // Shorthand properties naming functions of the module.
        let shorthand = service("async function createProposal(data, userId) {}\nconst getAllProposals = async () => [];\nexport default { createProposal, getAllProposals };");
        assert_eq!(shorthand.export, ServiceExport::DefaultObject);
        assert_eq!(shorthand.methods[0].params, vec!["data".to_string(), "userId".to_string()]);
        // An object literal exported through its binding.
        let bound = service(
            "const proposalService = { async createProposal(data, userId) {} };\nexport default proposalService;",
        );
        assert_eq!(bound.export, ServiceExport::DefaultObject);
        assert_eq!(bound.methods.len(), 1);
        // Methods inherited from a class in the same file.
        let inherited = service("class Base { getProposalById(id) {} }\nclass ProposalService extends Base { createProposal(d, userId) {} }\nexport default new ProposalService();");
        let names: Vec<&str> = inherited.methods.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(names, ["createProposal", "getProposalById"]);
        // Destructured parameters cannot be passed on by name.
        let patterns = service("export async function createProposal({ title }, [a], userId = 1, ...{ length }) {}");
        assert_eq!(patterns.methods[0].params, ["{...}", "[...]", "userId", "...{...}"]);
        // Arrow-function class fields are marked: a subclass cannot override them.
        let fields = service("export class A { create = async (data, userId) => {}; }");
        assert!(fields.methods[0].field);
    }

    /// A class of static methods is used as an object: it is wrapped as one
    /// (it was read as a class without methods).
    #[test]
    fn a_class_of_static_methods_is_an_object() {
        let default = service("class TicketService {\n  static cache = null;\n  static async createTicket(data, userId) {}\n  static async getTicketById(id) {}\n}\nexport default TicketService;\n");
        assert_eq!(default.export, ServiceExport::DefaultObject);
        let names: Vec<&str> = default.methods.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(names, ["createTicket", "getTicketById"]);
        let named = service("export class TicketService {\n  static async createTicket(data, userId) {}\n}\n");
        assert_eq!(named.export, ServiceExport::NamedInstance { name: "TicketService".into() });
        let cjs = detect_service(
            Path::new("s.js"),
            "class TicketService {\n  static async createTicket(data, userId) {}\n}\nmodule.exports = TicketService;\n",
        )
        .unwrap();
        assert_eq!(cjs.export, ServiceExport::DefaultObject);
        assert_eq!(cjs.methods[0].name, "createTicket");
        // A class with instance methods stays a class.
        let mixed = service("export default class A {\n  static of() {}\n  run() {}\n}\n");
        assert_eq!(mixed.export, ServiceExport::DefaultClass);
    }

    #[test]
    fn no_export_is_an_error() {
        assert!(detect_service(Path::new("s.js"), "class A {}").is_err());
        let e = detect_service(Path::new("s.js"), "class A {\n  x( {}\n}").unwrap_err();
        assert!(e.line >= 2, "{e}");
    }
}
