//! CommonJS: which module system a file uses (its extension, its syntax, the
//! nearest `package.json` `type`), and what a CommonJS service module exports
//! (`module.exports = new TaskService()`, `= TaskService`, `= { createTask }`,
//! `exports.createTask = ...`). What it cannot read is refused with the
//! construct and the line.

use std::path::Path;

use anyhow::Result;
use oxc_ast::ast::*;
use oxc_ast_visit::Visit;
use serde::Serialize;

use crate::error::LocatedError;
use crate::read::detect::{
    class_info, collect_instances, collect_objects, function_params, inherited_methods, local_functions,
    object_literal_methods, with_program, ClassInfo,
};
use crate::read::host::Host;
use crate::read::profile::{Method, ModuleProfile, ServiceExport};

/// How a file imports and exports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ModuleSystem {
    Esm,
    CommonJs,
}

impl ModuleSystem {
    /// Its name in templates: `esm` or `commonjs`.
    pub fn as_str(self) -> &'static str {
        match self {
            ModuleSystem::Esm => "esm",
            ModuleSystem::CommonJs => "commonjs",
        }
    }
}

/// The module system of `source` at `path`: `.cjs` and `.mjs` win, then the
/// file's own syntax (`import`/`export` or `require`/`module.exports`), then
/// `package_type` (the nearest `package.json`'s `type`: `module` is ESM,
/// anything else CommonJS, as node decides).
pub fn module_system(path: &Path, source: Option<&str>, package_type: Option<&str>) -> ModuleSystem {
    match path.extension().and_then(|e| e.to_str()) {
        Some("cjs") => return ModuleSystem::CommonJs,
        Some("mjs") => return ModuleSystem::Esm,
        _ => {}
    }
    if let Some(source) = source {
        let esm = crate::js::parse::with_program(path, source, |program| {
            program.body.iter().any(|s| s.is_module_declaration())
        })
        .unwrap_or(false);
        if esm {
            return ModuleSystem::Esm;
        }
        if crate::read::survey::is_commonjs(path, source) {
            return ModuleSystem::CommonJs;
        }
    }
    match package_type {
        Some("module") => ModuleSystem::Esm,
        _ => ModuleSystem::CommonJs,
    }
}

/// The module system of the host file `rel` (read if it exists), with the
/// `type` of the nearest `package.json` above it inside the root.
pub fn module_system_of(host: &Host, rel: &Path) -> Result<ModuleSystem> {
    let source = host.read(rel)?;
    let mut dir = rel.parent();
    let mut package_type = None;
    while let Some(d) = dir {
        if let Some(text) = host.read(&d.join("package.json"))? {
            let json: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
            package_type = json.get("type").and_then(|t| t.as_str()).map(str::to_string);
            break;
        }
        dir = d.parent();
    }
    Ok(module_system(rel, source.as_deref(), package_type.as_deref()))
}

/// Whether a CommonJS module writes its relative `require`s with the file's
/// extension (`require("./db.js")`): true unless it has some and all of them
/// omit it (`require("../db/objectId")`).
pub fn requires_with_extension(path: &Path, source: &str) -> bool {
    #[derive(Default)]
    struct Requires(Vec<String>);
    impl<'a> Visit<'a> for Requires {
        fn visit_call_expression(&mut self, call: &CallExpression<'a>) {
            if let (true, Some(Expression::StringLiteral(s))) =
                (call.is_require_call(), call.arguments.first().and_then(|a| a.as_expression()))
            {
                if s.value.starts_with('.') {
                    self.0.push(s.value.to_string());
                }
            }
            oxc_ast_visit::walk::walk_call_expression(self, call);
        }
    }
    let relative = crate::js::parse::with_program(path, source, |program| {
        let mut requires = Requires::default();
        requires.visit_program(program);
        requires.0
    })
    .unwrap_or_default();
    relative.is_empty() || relative.iter().any(|r| r.ends_with(".js") || r.ends_with(".cjs"))
}

/// What `module.exports = ...` or `exports.<name> = ...` assigns to: `None`
/// for the whole `module.exports`, the property's name otherwise.
pub(crate) fn export_target(target: &AssignmentTarget<'_>) -> Option<Option<String>> {
    let AssignmentTarget::StaticMemberExpression(member) = target else { return None };
    let object = member.object.get_inner_expression();
    if object.is_specific_id("module") && member.property.name == "exports" {
        return Some(None);
    }
    if object.is_specific_id("exports") || object.is_specific_member_access("module", "exports") {
        return Some(Some(member.property.name.to_string()));
    }
    None
}

/// The names a CommonJS statement exports: the keys of `module.exports =
/// { ... }`, `default` for any other `module.exports = value` (what
/// `require` returns), `x` for `exports.x = ...`.
pub(crate) fn exported_names(statement: &Statement<'_>) -> Vec<String> {
    let Statement::ExpressionStatement(e) = statement else { return Vec::new() };
    let Expression::AssignmentExpression(assign) = e.expression.get_inner_expression() else { return Vec::new() };
    match export_target(&assign.left) {
        Some(None) => match assign.right.get_inner_expression() {
            Expression::ObjectExpression(object) => object
                .properties
                .iter()
                .filter_map(|p| match p {
                    ObjectPropertyKind::ObjectProperty(p) => p.key.static_name().map(|k| k.to_string()),
                    ObjectPropertyKind::SpreadProperty(_) => None,
                })
                .collect(),
            _ => vec!["default".to_string()],
        },
        Some(Some(name)) => vec![name],
        None => Vec::new(),
    }
}

/// Reads the export shape and methods of a CommonJS service module.
pub fn detect_service(path: &Path, source: &str) -> Result<ModuleProfile, LocatedError> {
    with_program(path, source, |program| {
        let functions = local_functions(program);
        let mut classes: Vec<ClassInfo> = Vec::new();
        let mut instances: Vec<(String, String)> = Vec::new();
        let mut objects: Vec<(String, Vec<Method>)> = Vec::new();
        let mut whole: Option<(ModuleProfile, u32)> = None;
        let mut named: Vec<Method> = Vec::new();
        for statement in &program.body {
            match statement {
                Statement::ClassDeclaration(class) => classes.push(class_info(class, source)),
                Statement::VariableDeclaration(decl) => {
                    collect_instances(decl, &mut instances);
                    collect_objects(decl, &functions, &mut objects);
                    for d in &decl.declarations {
                        if let (BindingPattern::BindingIdentifier(id), Some(Expression::ClassExpression(class))) =
                            (&d.id, &d.init)
                        {
                            let mut info = class_info(class, source);
                            info.name = id.name.to_string();
                            classes.push(info);
                        }
                    }
                }
                Statement::ExpressionStatement(e) => {
                    let Expression::AssignmentExpression(assign) = e.expression.get_inner_expression() else {
                        continue;
                    };
                    let Some(target) = export_target(&assign.left) else { continue };
                    let known = Known { classes: &classes, instances: &instances, objects: &objects, functions: &functions };
                    match target {
                        None => whole = Some((known.whole(path, source, &assign.right)?, assign.span.start)),
                        Some(name) => {
                            if let Some(params) = function_params(&assign.right) {
                                named.push(Method { name, params, field: false, line: 0 });
                            } else if let Expression::Identifier(id) = assign.right.get_inner_expression() {
                                if let Some(f) = functions.iter().find(|f| f.name == id.name.as_str()) {
                                    named.push(Method { name, params: f.params.clone(), field: false, line: 0 });
                                }
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        Ok(match whole {
            // `module.exports = { createTask }` then `module.exports.deleteTask = ...`.
            Some((mut profile, _)) if profile.export == ServiceExport::Functions => {
                profile.methods.extend(named);
                Some(profile)
            }
            Some((profile, _)) => Some(profile),
            None if !named.is_empty() => Some(ModuleProfile { export: ServiceExport::Functions, methods: named }),
            None => None,
        })
    })??
    .ok_or_else(|| {
        LocatedError::new(path, 1, 1, "found no service export: a CommonJS module with no `module.exports = ...` or `exports.<name> = ...` of a class, an instance, an object or functions")
            .with_help("export the service (`module.exports = new TaskService()`, `module.exports = { createTask }`), or set `names.service` in the spec to the right file")
    })
}

/// What the module declared before an export.
struct Known<'k> {
    classes: &'k [ClassInfo],
    instances: &'k [(String, String)],
    objects: &'k [(String, Vec<Method>)],
    functions: &'k [Method],
}

impl Known<'_> {
    /// The shape `module.exports = <value>` gives.
    fn whole(&self, path: &Path, source: &str, value: &Expression<'_>) -> Result<ModuleProfile, LocatedError> {
        let profile = |export, methods| Ok(ModuleProfile { export, methods });
        let refuse = |what: String, help: &str| {
            let line = crate::js::parse::line_col(source, oxc_span::GetSpan::span(value).start).0;
            Err(LocatedError::new(
                path,
                line,
                1,
                format!("`module.exports` is {what}, whose methods rtgen cannot read"),
            )
            .with_help(help.to_string()))
        };
        match value.get_inner_expression() {
            Expression::NewExpression(new) => match new.callee.get_inner_expression() {
                Expression::Identifier(class) => {
                    profile(ServiceExport::DefaultInstance, inherited_methods(self.classes, class.name.as_str()))
                }
                _ => refuse("an instance of a computed class".into(), "export `new TaskService()` of a class declared in this file"),
            },
            Expression::ClassExpression(class) => {
                let info = class_info(class, source);
                let name = info.name.clone();
                Ok(crate::read::detect::class_profile(std::slice::from_ref(&info), &name, None))
            }
            Expression::Identifier(id) => {
                let name = id.name.as_str();
                if let Some((_, class)) = self.instances.iter().find(|(b, _)| b == name) {
                    profile(ServiceExport::DefaultInstance, inherited_methods(self.classes, class))
                } else if self.classes.iter().any(|c| c.name == name) {
                    Ok(crate::read::detect::class_profile(self.classes, name, None))
                } else if let Some((_, methods)) = self.objects.iter().find(|(b, _)| b == name) {
                    profile(ServiceExport::DefaultObject, methods.clone())
                } else if self.functions.iter().any(|f| f.name == name) {
                    refuse(format!("the single function `{name}`"), &format!("export an object of the service's functions, `module.exports = {{ {name} }}`"))
                } else {
                    refuse(format!("`{name}`, which is not a class, instance or object declared in this file"), "declare the service in this file, or set `names.service` in the spec to the file that does")
                }
            }
            Expression::ObjectExpression(object) => Ok(self.object(object)),
            Expression::CallExpression(call) if call.is_require_call() => {
                refuse("a re-export (`require(...)`)".into(), "set `names.service` in the spec to the module it re-exports")
            }
            Expression::CallExpression(_) => refuse("the result of a call".into(), "export the service itself (`module.exports = new TaskService()`), or describe it under `modules:` in `rtgen.yaml` (`export` and `methods`)"),
            _ => refuse("an expression".into(), "export a class, an instance, an object or functions"),
        }
    }

    /// `module.exports = { ... }`: a class or instance under its name, plain
    /// functions, or an object whose methods may use `this`.
    fn object(&self, object: &ObjectExpression<'_>) -> ModuleProfile {
        let mut methods_or_values = false;
        let mut functions = Vec::new();
        for property in &object.properties {
            let ObjectPropertyKind::ObjectProperty(p) = property else { continue };
            let Some(key) = p.key.static_name() else { continue };
            if p.method || function_params(&p.value).is_some() {
                methods_or_values = true;
                continue;
            }
            let Expression::Identifier(id) = p.value.get_inner_expression() else { continue };
            let name = id.name.as_str();
            if self.classes.iter().any(|c| c.name == name) {
                return crate::read::detect::class_profile(self.classes, name, Some(&key));
            }
            if let Some((_, class)) = self.instances.iter().find(|(b, _)| b == name) {
                return ModuleProfile {
                    export: ServiceExport::NamedInstance { name: key.to_string() },
                    methods: inherited_methods(self.classes, class),
                };
            }
            if let Some(f) = self.functions.iter().find(|f| f.name == name) {
                functions.push(Method { name: key.to_string(), params: f.params.clone(), field: false, line: 0 });
            }
        }
        if methods_or_values {
            return ModuleProfile {
                export: ServiceExport::DefaultObject,
                methods: object_literal_methods(object, self.functions),
            };
        }
        ModuleProfile { export: ServiceExport::Functions, methods: functions }
    }
}

/// Whether a CommonJS file opens with the `"use strict"` directive.
pub fn uses_strict(path: &Path, source: &str) -> bool {
    with_program(path, source, |program| program.directives.iter().any(|d| d.directive == "use strict"))
        .unwrap_or(false)
}

/// The directive and the blank line after it, in `style`.
pub fn use_strict_line(style: &crate::js::style::Style) -> String {
    let quote = match style.quote {
        crate::js::style::Quote::Double => '"',
        crate::js::style::Quote::Single => '\'',
    };
    let semi = if style.semicolons { ";" } else { "" };
    let eol = style.line_ending.as_str();
    format!("{quote}use strict{quote}{semi}{eol}{eol}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn service(source: &str) -> ModuleProfile {
        detect_service(Path::new("s.js"), source).unwrap()
    }

    fn names(p: &ModuleProfile) -> Vec<&str> {
        p.methods.iter().map(|m| m.name.as_str()).collect()
    }

    #[test]
    fn require_extensions_follow_the_module() {
        let p = Path::new("s.js");
        assert!(!requires_with_extension(p, "const a = require(\"./a\");\nconst b = require(\"express\");"));
        assert!(requires_with_extension(p, "const a = require(\"./a.js\");"));
        assert!(requires_with_extension(p, "const b = require(\"express\");"));
    }

    #[test]
    fn module_systems() {
        let cjs = "const x = require(\"x\");\nmodule.exports = x;";
        assert_eq!(module_system(Path::new("a.js"), Some(cjs), Some("module")), ModuleSystem::CommonJs);
        assert_eq!(module_system(Path::new("a.js"), Some("export const a = 1;"), None), ModuleSystem::Esm);
        assert_eq!(module_system(Path::new("a.mjs"), Some(cjs), None), ModuleSystem::Esm);
        assert_eq!(module_system(Path::new("a.cjs"), Some("const a = 1;"), Some("module")), ModuleSystem::CommonJs);
        // Neither syntax, or no file yet: the package decides.
        assert_eq!(module_system(Path::new("a.js"), Some("const a = 1;"), Some("module")), ModuleSystem::Esm);
        assert_eq!(module_system(Path::new("a.js"), None, None), ModuleSystem::CommonJs);
    }

    #[test]
    fn instance_class_and_object_exports() {
        let instance = service("class TaskService {\n  async createTask(data, userId) {}\n  getTaskById(id) {}\n}\nmodule.exports = new TaskService();\n");
        assert_eq!(instance.export, ServiceExport::DefaultInstance);
        assert_eq!(instance.methods[0].params, ["data", "userId"]);
        let bound = service("class A { x() {} }\nconst a = new A();\nmodule.exports = a;");
        assert_eq!(bound.export, ServiceExport::DefaultInstance);
        assert_eq!(names(&bound), ["x"]);
        let class = service("class TaskService { createTask(d, userId) {} }\nmodule.exports = TaskService;");
        assert_eq!(class.export, ServiceExport::DefaultClass);
        let expression = service("module.exports = class TaskService { createTask(d, userId) {} };");
        assert_eq!(expression.export, ServiceExport::DefaultClass);
        let object = service(
            "module.exports = {\n  async createTask(data, userId) { return this.save(data); },\n  save(d) {},\n};",
        );
        assert_eq!(object.export, ServiceExport::DefaultObject);
        assert_eq!(names(&object), ["createTask", "save"]);
        let named = service("class TaskService { createTask(d, userId) {} }\nmodule.exports = { TaskService };");
        assert_eq!(named.export, ServiceExport::NamedClass { name: "TaskService".into() });
        let named_instance = service(
            "class A { createTask(d, userId) {} }\nconst taskService = new A();\nmodule.exports = { taskService };",
        );
        assert_eq!(named_instance.export, ServiceExport::NamedInstance { name: "taskService".into() });
    }

    #[test]
    fn function_exports() {
        let object = service("async function createTask(data, userId) {}\nconst deleteTask = async (id, userId) => {};\nmodule.exports = { createTask, deleteTask };");
        assert_eq!(object.export, ServiceExport::Functions);
        assert_eq!(names(&object), ["createTask", "deleteTask"]);
        assert_eq!(object.methods[1].params, ["id", "userId"]);
        let exports = service("exports.createTask = async (data, userId) => {};\nexports.getTask = function (id) {};");
        assert_eq!(exports.export, ServiceExport::Functions);
        assert_eq!(names(&exports), ["createTask", "getTask"]);
        let module_exports =
            service("function updateTask(id, data, userId) {}\nmodule.exports.updateTask = updateTask;");
        assert_eq!(names(&module_exports), ["updateTask"]);
        let mixed = service("function a(x) {}\nmodule.exports = { a };\nmodule.exports.b = (y) => {};");
        assert_eq!(names(&mixed), ["a", "b"]);
    }

    #[test]
    fn refusals_name_the_construct() {
        let refused = |source: &str| detect_service(Path::new("s.js"), source).unwrap_err().to_string();
        let single = refused("function createTask(d) {}\nmodule.exports = createTask;");
        assert!(
            single.contains("the single function `createTask`") && single.contains("module.exports = { createTask }"),
            "{single}"
        );
        let reexport = refused("module.exports = require(\"./other\");");
        assert!(reexport.contains("a re-export") && reexport.contains("names.service"), "{reexport}");
        let call = refused("const make = () => ({});\n\nmodule.exports = make();");
        assert!(call.contains("s.js:3") && call.contains("the result of a call"), "{call}");
        let unknown = refused("const x = require(\"./x\");\nmodule.exports = x;");
        assert!(unknown.contains("`x`, which is not a class"), "{unknown}");
        let none = refused("const x = require(\"./x\");\nx.go();");
        assert!(none.contains("found no service export") && none.contains("module.exports"), "{none}");
    }

    #[test]
    fn use_strict_is_read_from_the_directive_and_written_in_the_file_style() {
        let p = Path::new("s.js");
        assert!(uses_strict(p, "// header\n'use strict'\n\nconst a = require('./a')\n"));
        assert!(!uses_strict(p, "const a = require(\"./a\");\n\"use strict\";\n"));
        assert!(!uses_strict(p, "const s = \"use strict\";\n"));
        let style = crate::js::style::Style {
            quote: crate::js::style::Quote::Single,
            semicolons: false,
            indent: crate::js::style::Indent::Tab,
            line_ending: crate::js::style::LineEnding::Crlf,
        };
        assert_eq!(use_strict_line(&style), "'use strict'\r\n\r\n");
        assert_eq!(use_strict_line(&crate::js::style::Style::default()), "\"use strict\";\n\n");
    }
}
