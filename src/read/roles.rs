//! The roles users sign in with, where a schema declares them: a drizzle
//! `pgEnum("user_role", [...])`, a Mongoose `role: { enum: [...] }` (also
//! `enum: ROLES` or `Object.values(ROLES)` through a constant of the same
//! file or one it imports), a Sequelize `role: DataTypes.ENUM(...)`, a Prisma
//! `enum Role { ... }`. Read only where no roles module says it first.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::Result;
use oxc_ast::ast::*;
use oxc_ast_visit::{walk, Visit};

use crate::read::host::Host;

/// Where a role field's values come from.
enum RoleSource {
    Values(Vec<String>),
    /// A constant by its local name (`ROLES`), resolved in the file or its imports.
    Constant(String),
}

/// The roles a backend's schema declares for its users, and the file that
/// declares them. Only files whose path names users, schemas, models or auth.
pub fn schema_roles_of(host: &Host, backend: &Path) -> Result<Option<(Vec<String>, PathBuf)>> {
    let mut files = host.walk(backend, 6, 4000)?;
    // The users' own model first: a project's member roles are not who signs in.
    // SQL last: a Prisma host's migrations are generated from its schema, and an
    // old migration's enum may no longer be the schema's.
    files.sort_by_key(|f| {
        (f.extension().is_some_and(|e| e == "sql"), !f.to_string_lossy().to_lowercase().contains("user"))
    });
    for file in files {
        let ext = file.extension().and_then(|e| e.to_str()).unwrap_or_default();
        if !matches!(ext, "js" | "mjs" | "cjs" | "ts" | "prisma" | "sql") {
            continue;
        }
        let name = file.to_string_lossy().to_lowercase();
        let schema_like = ["user", "schema", "auth", "model", "migration"];
        if !schema_like.iter().any(|w| name.contains(w)) && ext != "sql" {
            continue;
        }
        let text = host.read(&file)?.unwrap_or_default();
        if !text.contains("role") && !text.contains("Role") {
            continue;
        }
        let found = if ext == "prisma" {
            prisma_roles(&text)
        } else if ext == "sql" {
            sql_roles(&text)
        } else {
            let resolve = |specifier: &str, name: &str| imported_strings(host, &file, specifier, name);
            schema_roles(&file, &text, &resolve)
        };
        if let Some(found) = found.filter(|f| !f.is_empty()) {
            return Ok(Some((found, file)));
        }
    }
    Ok(None)
}

/// `enum Role { ADMIN USER }` (or `UserRole`) in a Prisma schema: its values as written.
pub fn prisma_roles(text: &str) -> Option<Vec<String>> {
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        let mut words = line.split_whitespace();
        if words.next() != Some("enum") || !words.next().is_some_and(|n| n.to_lowercase().contains("role")) {
            continue;
        }
        let mut values = Vec::new();
        for line in lines.by_ref() {
            let line = line.trim();
            if line.starts_with('}') {
                break;
            }
            let Some(value) = line.split_whitespace().next() else { continue };
            if value.starts_with("//") || value.starts_with('@') {
                continue;
            }
            values.push(value.to_string());
        }
        return Some(values);
    }
    None
}

/// The roles SQL declares: `CREATE TYPE user_role AS ENUM ('admin', ...)`, a
/// `role` column's `ENUM('admin', ...)` (MySQL) or `CHECK (role IN ('admin', ...))`.
pub fn sql_roles(text: &str) -> Option<Vec<String>> {
    let lower = text.to_lowercase();
    let quoted = |from: usize| -> Option<Vec<String>> {
        let open = lower[from..].find('(')? + from;
        let close = lower[open..].find(')')? + open;
        let values: Vec<String> = text[open + 1..close]
            .split(',')
            .map(|v| v.trim())
            .filter(|v| v.len() >= 2 && v.starts_with('\'') && v.ends_with('\''))
            .map(|v| v[1..v.len() - 1].to_string())
            .collect();
        (!values.is_empty()).then_some(values)
    };
    let mut at = 0;
    while let Some(found) = lower[at..].find("create type ") {
        let start = at + found + "create type ".len();
        let name = lower[start..].split_whitespace().next().unwrap_or("");
        let rest = &lower[start..];
        if name.contains("role") && rest.split_whitespace().nth(2).is_some_and(|w| w.starts_with("enum")) {
            return quoted(start);
        }
        at = start;
    }
    for pattern in ["role enum", "role\" enum", "role` enum", "check (role in", "check(role in", "check (\"role\" in"] {
        if let Some(found) = lower.find(pattern) {
            return quoted(found + pattern.len());
        }
    }
    None
}

/// The roles a JavaScript schema declares; `resolve(specifier, name)` gives
/// the strings of a constant the file imports.
pub fn schema_roles(
    path: &Path,
    source: &str,
    resolve: &dyn Fn(&str, &str) -> Option<Vec<String>>,
) -> Option<Vec<String>> {
    let (found, constants, imported) = crate::js::parse::with_program(path, source, |program| {
        let mut finder = Finder::default();
        finder.visit_program(program);
        (finder.found, finder.constants, finder.imported)
    })
    .ok()?;
    match found? {
        RoleSource::Values(values) => Some(values),
        RoleSource::Constant(name) => match constants.get(&name) {
            Some(values) => Some(values.clone()),
            None => {
                let (specifier, imported_name) = imported.get(&name)?;
                resolve(specifier, imported_name)
            }
        },
    }
}

/// The string values of constant `name` in the module `specifier` resolves
/// to from `from` (`"default"`: every string of the module).
fn imported_strings(host: &Host, from: &Path, specifier: &str, name: &str) -> Option<Vec<String>> {
    if !specifier.starts_with('.') {
        return None;
    }
    let dir = from.parent().unwrap_or(Path::new(""));
    let base = dir.join(specifier);
    let candidates = [
        base.clone(),
        base.with_extension("js"),
        base.with_extension("ts"),
        PathBuf::from(format!("{}.js", base.display())),
        PathBuf::from(format!("{}.ts", base.display())),
        base.join("index.js"),
        base.join("index.ts"),
    ];
    for candidate in candidates {
        let Ok(Some(text)) = host.read(&normalise(&candidate)) else { continue };
        if name == "default" {
            return crate::read::detect::detect_roles(&candidate, &text).ok();
        }
        let constants = crate::js::parse::with_program(&candidate, &text, |program| {
            let mut finder = Finder::default();
            finder.visit_program(program);
            finder.constants
        })
        .ok()?;
        return constants.get(name).cloned();
    }
    None
}

/// `a/b/../c` -> `a/c`, so the host reads a path inside its root.
fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

#[derive(Default)]
struct Finder {
    found: Option<RoleSource>,
    /// Constants holding strings: `const ROLES = ["admin", "user"]`, `{ ADMIN: "admin" }`.
    constants: BTreeMap<String, Vec<String>>,
    /// Local name -> (module specifier, imported name).
    imported: BTreeMap<String, (String, String)>,
}

/// The strings of an array (spreads of constants included) or of an object's values.
fn strings_of(expr: &Expression<'_>) -> Option<Vec<String>> {
    let strings: Vec<String> = match expr.get_inner_expression() {
        Expression::ArrayExpression(array) => array
            .elements
            .iter()
            .filter_map(|e| match e.as_expression()?.get_inner_expression() {
                Expression::StringLiteral(s) => Some(s.value.to_string()),
                _ => None,
            })
            .collect(),
        Expression::ObjectExpression(object) => object
            .properties
            .iter()
            .filter_map(|p| match p {
                ObjectPropertyKind::ObjectProperty(p) => match p.value.get_inner_expression() {
                    Expression::StringLiteral(s) => Some(s.value.to_string()),
                    _ => None,
                },
                _ => None,
            })
            .collect(),
        // `Object.freeze({ ... })`
        Expression::CallExpression(call) if call.callee.is_specific_member_access("Object", "freeze") => {
            return call.arguments.first().and_then(|a| a.as_expression()).and_then(strings_of)
        }
        _ => return None,
    };
    (!strings.is_empty()).then_some(strings)
}

/// Where a role field's `enum` (or Sequelize `ENUM`) takes its values.
fn source_of(expr: &Expression<'_>) -> Option<RoleSource> {
    match expr.get_inner_expression() {
        Expression::Identifier(id) => Some(RoleSource::Constant(id.name.to_string())),
        // `Object.values(ROLES)`
        Expression::CallExpression(call) if call.callee.is_specific_member_access("Object", "values") => {
            match call.arguments.first().and_then(|a| a.as_expression()).map(|e| e.get_inner_expression()) {
                Some(Expression::Identifier(id)) => Some(RoleSource::Constant(id.name.to_string())),
                Some(other) => strings_of(other).map(RoleSource::Values),
                None => None,
            }
        }
        // `DataTypes.ENUM("admin", "user")`, `DataTypes.ENUM(...ROLES)`
        Expression::CallExpression(call) if call.callee_name().is_some_and(|n| n == "ENUM") => {
            let mut values = Vec::new();
            for argument in &call.arguments {
                match argument {
                    Argument::SpreadElement(spread) => return source_of(&spread.argument),
                    other => match other.as_expression().map(|e| e.get_inner_expression()) {
                        Some(Expression::StringLiteral(s)) => values.push(s.value.to_string()),
                        Some(array @ Expression::ArrayExpression(_)) => {
                            return strings_of(array).map(RoleSource::Values)
                        }
                        _ => {}
                    },
                }
            }
            (!values.is_empty()).then_some(RoleSource::Values(values))
        }
        other => strings_of(other).map(RoleSource::Values),
    }
}

/// What a `role:` property's value says: its `enum`, its Sequelize `type`/`values`, or an array of such.
fn role_field(expr: &Expression<'_>) -> Option<RoleSource> {
    match expr.get_inner_expression() {
        Expression::ObjectExpression(object) => {
            let property = |name: &str| {
                object.properties.iter().find_map(|p| match p {
                    ObjectPropertyKind::ObjectProperty(p) if p.key.static_name().as_deref() == Some(name) => {
                        Some(&p.value)
                    }
                    _ => None,
                })
            };
            property("enum")
                .and_then(source_of)
                .or_else(|| property("values").and_then(source_of))
                .or_else(|| property("type").filter(|t| matches!(t, Expression::CallExpression(_))).and_then(source_of))
        }
        // `roles: [{ type: String, enum: ROLES }]`
        Expression::ArrayExpression(array) => {
            array.elements.first().and_then(|e| e.as_expression()).and_then(role_field)
        }
        call @ Expression::CallExpression(_) => source_of(call),
        _ => None,
    }
}

impl<'a> Visit<'a> for Finder {
    fn visit_import_declaration(&mut self, it: &ImportDeclaration<'a>) {
        for specifier in it.specifiers.iter().flatten() {
            let (local, imported) = match specifier {
                ImportDeclarationSpecifier::ImportSpecifier(s) => {
                    (s.local.name.to_string(), s.imported.name().to_string())
                }
                ImportDeclarationSpecifier::ImportDefaultSpecifier(s) => (s.local.name.to_string(), "default".into()),
                ImportDeclarationSpecifier::ImportNamespaceSpecifier(_) => continue,
            };
            self.imported.insert(local, (it.source.value.to_string(), imported));
        }
    }

    fn visit_variable_declarator(&mut self, it: &VariableDeclarator<'a>) {
        let Some(init) = &it.init else { return };
        match &it.id {
            BindingPattern::BindingIdentifier(id) => {
                if let Some(strings) = strings_of(init) {
                    self.constants.insert(id.name.to_string(), strings);
                }
                if let Expression::CallExpression(call) = init.get_inner_expression() {
                    if let Some(specifier) = require_of(call) {
                        self.imported.insert(id.name.to_string(), (specifier, "default".into()));
                    }
                }
            }
            // `const { ROLES } = require("../constants")`
            BindingPattern::ObjectPattern(object) => {
                if let Expression::CallExpression(call) = init.get_inner_expression() {
                    if let Some(specifier) = require_of(call) {
                        for p in &object.properties {
                            let (Some(key), BindingPattern::BindingIdentifier(local)) = (p.key.static_name(), &p.value)
                            else {
                                continue;
                            };
                            self.imported.insert(local.name.to_string(), (specifier.clone(), key.to_string()));
                        }
                    }
                }
            }
            _ => {}
        }
        walk::walk_variable_declarator(self, it);
    }

    fn visit_call_expression(&mut self, it: &CallExpression<'a>) {
        // drizzle: `pgEnum("user_role", ["admin", ...])`
        let enum_call = it.callee_name().is_some_and(|n| n.ends_with("Enum"));
        let named_role = matches!(it.arguments.first().and_then(|a| a.as_expression()), Some(Expression::StringLiteral(s)) if s.value.contains("role"));
        if self.found.is_none() && enum_call && named_role {
            self.found = it.arguments.get(1).and_then(|a| a.as_expression()).and_then(source_of);
        }
        walk::walk_call_expression(self, it);
    }

    fn visit_object_property(&mut self, it: &ObjectProperty<'a>) {
        if self.found.is_none() && it.key.static_name().is_some_and(|k| k == "role" || k == "roles") {
            self.found = role_field(&it.value);
        }
        walk::walk_object_property(self, it);
    }
}

/// `require("<specifier>")`.
fn require_of(call: &CallExpression<'_>) -> Option<String> {
    if !call.callee.is_specific_id("require") {
        return None;
    }
    match call.arguments.first()?.as_expression()? {
        Expression::StringLiteral(s) => Some(s.value.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roles(source: &str) -> Option<Vec<String>> {
        schema_roles(Path::new("User.js"), source, &|specifier, name| {
            (specifier == "../constants/roles.js" && name == "ROLES").then(|| vec!["owner".into(), "staff".into()])
        })
    }

    #[test]
    fn roles_in_every_shape_a_schema_declares_them() {
        let drizzle = "export const userRoleEnum = pgEnum(\"user_role\", [\"super_admin\", \"admin\", \"sales\"]);\nexport const statusEnum = pgEnum(\"status\", [\"a\"]);\n";
        assert_eq!(roles(drizzle).unwrap(), ["super_admin", "admin", "sales"]);
        let mongoose = "const userSchema = new Schema({ name: String, role: { type: String, enum: ['admin', 'user'], default: 'user' } });";
        assert_eq!(roles(mongoose).unwrap(), ["admin", "user"]);
        let same_file = "const ROLES = ['admin', 'editor', 'viewer'];\nconst userSchema = new Schema({ role: { type: String, enum: ROLES } });";
        assert_eq!(roles(same_file).unwrap(), ["admin", "editor", "viewer"]);
        let object = "const ROLES = Object.freeze({ ADMIN: 'admin', AGENT: 'agent' });\nconst userSchema = new Schema({ role: { type: String, enum: Object.values(ROLES) } });";
        assert_eq!(roles(object).unwrap(), ["admin", "agent"]);
        let imported = "import { ROLES } from '../constants/roles.js';\nconst userSchema = new Schema({ roles: [{ type: String, enum: ROLES }] });";
        assert_eq!(roles(imported).unwrap(), ["owner", "staff"]);
        let sequelize = "User.init({ email: DataTypes.STRING, role: { type: DataTypes.ENUM('admin', 'courier'), defaultValue: 'courier' } }, { sequelize });";
        assert_eq!(roles(sequelize).unwrap(), ["admin", "courier"]);
        let bare = "sequelize.define('User', { role: DataTypes.ENUM('admin', 'customer') });";
        assert_eq!(roles(bare).unwrap(), ["admin", "customer"]);
        let values = "sequelize.define('User', { role: { type: DataTypes.ENUM, values: ['admin', 'customer'] } });";
        assert_eq!(roles(values).unwrap(), ["admin", "customer"]);
        assert_eq!(roles("const s = new Schema({ status: { enum: ['a'] } });"), None);
    }

    #[test]
    fn prisma_enum_roles() {
        let schema = "enum Status {\n  OPEN\n}\n\nenum Role {\n  ADMIN\n  AGENT // support staff\n  CUSTOMER\n}\n";
        assert_eq!(prisma_roles(schema).unwrap(), ["ADMIN", "AGENT", "CUSTOMER"]);
    }

    #[test]
    fn sql_roles_as_types_enums_and_checks() {
        let pg = "CREATE TYPE order_status AS ENUM ('a');\nCREATE TYPE user_role AS ENUM ('admin', 'courier');\n";
        assert_eq!(sql_roles(pg).unwrap(), ["admin", "courier"]);
        let mysql = "CREATE TABLE users (id INT, role ENUM('admin','member') NOT NULL);";
        assert_eq!(sql_roles(mysql).unwrap(), ["admin", "member"]);
        let check = "CREATE TABLE users (id INT, role TEXT NOT NULL CHECK (role IN ('admin', 'agent')));";
        assert_eq!(sql_roles(check).unwrap(), ["admin", "agent"]);
        assert_eq!(sql_roles("CREATE TABLE t (status TEXT CHECK (status IN ('a')));"), None);
    }

    #[test]
    fn a_prisma_schema_wins_over_its_old_migrations() {
        let dir = tempfile::tempdir().unwrap();
        let write = |path: &str, text: &str| {
            let full = dir.path().join(path);
            std::fs::create_dir_all(full.parent().unwrap()).unwrap();
            std::fs::write(full, text).unwrap();
        };
        write("prisma/migrations/1_init/migration.sql", "CREATE TYPE \"Role\" AS ENUM ('ADMIN', 'STAFF');\n");
        write("prisma/schema.prisma", "enum Role {\n  ADMIN\n  STAFF_ADMIN\n  MANAGER\n}\n");
        let host = Host::new(dir.path());
        let (roles, file) = schema_roles_of(&host, Path::new(".")).unwrap().unwrap();
        assert_eq!(roles, ["ADMIN", "STAFF_ADMIN", "MANAGER"]);
        assert!(file.ends_with("schema.prisma"), "{file:?}");
    }
}
