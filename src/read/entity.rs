//! A module's entity as the host declares it: its columns, which of them
//! hold user ids, and whether it has a status. Read from a drizzle table
//! (`pgTable("proposals", {...})`, user columns by `.references(() =>
//! users.id)`), a Mongoose schema (`ref: "User"`), a Prisma model
//! (`@relation(fields: [...], references: [id])` to `User`), or, without a
//! schema, from the names the base service writes (`createdBy: userId`).
//! Where nothing declares a column's target, a user-like name (`*By`, `*To`,
//! `owner*`, `*UserId`, `assignee*`, `members`) counts as a user column.
//! Each column's type is kept as the JSON Schema of its value on the wire
//! (`{}` where the schema does not say), for the event contract. In a
//! TypeScript backend, an `interface Proposal` (or object `type`) declares
//! the entity too (`read::ts_entity`), after the schemas of an ORM.

use std::path::Path;

use std::collections::BTreeMap;

use anyhow::Result;
use oxc_ast::ast::*;
use oxc_ast_visit::{walk, Visit};

use crate::js::paths::slash;
use crate::read::host::Host;
use serde_json::{json, Value};

/// One table, model or schema a backend file declares.
#[derive(Debug, Clone)]
struct Declared {
    /// The binding and the table or model name (`proposalTable`, `proposals`).
    names: Vec<String>,
    columns: Vec<String>,
    users: Vec<String>,
    /// The model or table each column's definition names as its target
    /// (`ref: "Employee"`, `.references(() => users.id)`, a Prisma relation).
    refs: BTreeMap<String, String>,
    types: BTreeMap<String, Value>,
    source: String,
}

/// Every table, model and schema of a backend, read once (the contract
/// looks up each module's entity in it).
#[derive(Debug, Clone, Default)]
pub struct EntityIndex {
    /// In the order [`read_entity`] looks: schema modules first.
    declared: Vec<Declared>,
}

impl EntityIndex {
    /// Reads every schema file under `backend`.
    pub fn read(host: &Host, backend: &Path) -> Result<EntityIndex> {
        let mut files = host.walk(backend, 6, 4000)?;
        files.retain(|f| {
            f.extension().is_some_and(|e| matches!(e.to_str(), Some("js" | "mjs" | "cjs" | "ts" | "prisma")))
        });
        // Schema modules first: the usual places, then any other file that declares tables.
        files.sort_by_key(|f| {
            let s = slash(f);
            !(s.contains("schema") || s.contains("/models/") || s.contains("/db/") || s.contains("/model/"))
        });
        let mut declared = Vec::new();
        let mut typescript = Vec::new();
        for file in &files {
            let Some(text) = host.read(file)? else { continue };
            if file.extension().is_some_and(|e| e == "prisma") {
                declared.extend(prisma_models(&text).into_iter().map(|(name, columns, (users, refs), types)| {
                    Declared {
                        names: vec![name],
                        columns,
                        users,
                        refs,
                        types,
                        source: format!("Prisma model in `{}`", slash(file)),
                    }
                }));
            } else if matches!(file.extension().and_then(|e| e.to_str()), Some("ts" | "mts" | "cts"))
                && (text.contains("interface ") || text.contains("type "))
            {
                // After every ORM schema: a table says more than an interface.
                typescript.extend(crate::read::ts_entity::object_types(file, &text).into_iter().map(|ty| {
                    let users = ty.columns.iter().filter(|c| user_like(c)).cloned().collect();
                    Declared {
                        source: format!("TypeScript type `{}` in `{}`", ty.name, slash(file)),
                        names: vec![ty.name],
                        columns: ty.columns,
                        users,
                        refs: BTreeMap::new(),
                        types: ty.types,
                    }
                }));
            }
            if text.contains("Table(")
                || text.contains("Schema(")
                || text.contains(".define(")
                || text.contains(".init(")
            {
                declared.extend(js_schemas(file, &text));
            }
        }
        declared.extend(typescript);
        Ok(EntityIndex { declared })
    }

    /// Whether `target`, a model or table a column references, is the one users
    /// sign in as: `User`/`users` where the backend declares one (an `Employee`
    /// beside it is another model, and its ids are no user's), else `Employee`.
    fn is_login_model(&self, target: &str) -> bool {
        let declares_user = self.declared.iter().any(|d| d.names.iter().any(|n| names_login_users(n)));
        if declares_user {
            names_login_users(target)
        } else {
            names_users(target)
        }
    }

    /// The entity of a module: its table or model, else the keys its base service writes.
    pub fn entity(&self, host: &Host, camel: &str, plural: &str, service: &Path) -> Result<Option<Entity>> {
        let names = entity_names(camel, plural);
        if let Some(found) = self.declared.iter().find(|d| d.names.iter().any(|n| names.contains(n))) {
            let columns = found.columns.clone();
            // A column that names its target holds that model's ids: users only when the
            // target is the model users sign in as, whatever the column is called.
            let mut users: Vec<String> = found
                .users
                .iter()
                .filter(|u| found.refs.get(*u).is_none_or(|target| self.is_login_model(target)))
                .cloned()
                .collect();
            for column in &columns {
                if !users.contains(column) && user_like(column) && !found.refs.contains_key(column) {
                    users.push(column.clone());
                }
            }
            users.sort_by_key(|u| columns.iter().position(|c| c == u));
            return Ok(Some(Entity {
                columns,
                user_columns: users,
                source: found.source.clone(),
                from_schema: true,
                types: found.types.clone(),
            }));
        }
        // No schema: what the service itself writes.
        let Some(text) = host.read(service)? else { return Ok(None) };
        let columns = service_keys(service, &text);
        if columns.is_empty() {
            return Ok(None);
        }
        let users = columns.iter().filter(|c| user_like(c)).cloned().collect();
        Ok(Some(Entity {
            user_columns: users,
            source: format!("the keys `{}` writes (no schema found)", slash(service)),
            from_schema: false,
            columns,
            types: BTreeMap::new(),
        }))
    }
}

/// The entity of one module.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entity {
    /// Column names, in declaration order.
    pub columns: Vec<String>,
    /// Columns that hold a user id or a list of them.
    pub user_columns: Vec<String>,
    /// Where the columns were read, for the spec's comments.
    pub source: String,
    /// Whether the columns come from a schema (else from the service's code).
    pub from_schema: bool,
    /// The JSON Schema of each column's value as JSON carries it, where the
    /// schema tells its type (a column missing here is untyped).
    pub types: BTreeMap<String, Value>,
}

impl Entity {
    pub fn has(&self, column: &str) -> bool {
        self.columns.iter().any(|c| c == column)
    }
}

/// Names the module's table, model or collection may have.
fn entity_names(camel: &str, plural: &str) -> Vec<String> {
    let pascal = heck::ToUpperCamelCase::to_upper_camel_case(camel);
    let plural_pascal = heck::ToUpperCamelCase::to_upper_camel_case(plural);
    let snake = heck::ToSnakeCase::to_snake_case(camel);
    let plural_snake = heck::ToSnakeCase::to_snake_case(plural);
    let mut names =
        vec![camel.to_string(), plural.to_string(), pascal.clone(), plural_pascal.clone(), snake, plural_snake];
    for base in [camel, plural, &pascal, &plural_pascal] {
        names.push(format!("{base}Table"));
        names.push(format!("{base}Model"));
        names.push(format!("{base}Schema"));
    }
    names
}

/// Whether a column name reads like it holds users.
pub fn user_like(name: &str) -> bool {
    let lower = name.to_lowercase();
    (name.ends_with("By") && name.len() > 2)
        || (name.ends_with("To") && name.len() > 2)
        || ["owner", "author", "creator", "reporter", "requester", "approver", "reviewer", "manager"]
            .iter()
            .any(|who| lower.starts_with(who) && (lower.len() == who.len() || lower[who.len()..].starts_with("id")))
        || lower.ends_with("userid")
        || lower.ends_with("userids")
        || lower.starts_with("assignee")
        || matches!(
            lower.as_str(),
            "members" | "memberids" | "participants" | "watchers" | "reviewers" | "signers" | "userid" | "user"
        )
}

/// Reads the entity of a module from the backend's schema, else from its base service.
pub fn read_entity(host: &Host, backend: &Path, camel: &str, plural: &str, service: &Path) -> Result<Option<Entity>> {
    EntityIndex::read(host, backend)?.entity(host, camel, plural, service)
}

/// The drizzle tables, Mongoose schemas and Sequelize models `source` declares.
fn js_schemas(path: &Path, source: &str) -> Vec<Declared> {
    crate::js::parse::with_program(path, source, |program| {
        let mut finder = SchemaFinder { found: Vec::new(), file: slash(path) };
        finder.visit_program(program);
        finder.found
    })
    .unwrap_or_default()
}

struct SchemaFinder {
    found: Vec<Declared>,
    file: String,
}

impl<'a> Visit<'a> for SchemaFinder {
    fn visit_variable_declarator(&mut self, it: &VariableDeclarator<'a>) {
        if let (BindingPattern::BindingIdentifier(id), Some(init)) = (&it.id, &it.init) {
            let call = match init.get_inner_expression() {
                Expression::NewExpression(new) => Some((callee_of(&new.callee), &new.arguments)),
                other => crate::js::ast::call_of(other).map(|c| (callee_of(&c.callee), &c.arguments)),
            };
            if let Some((callee, arguments)) = call {
                let callee = callee.as_str();
                let first = arguments.first().and_then(|a| a.as_expression());
                let table_name = first.and_then(|e| match e.get_inner_expression() {
                    Expression::StringLiteral(s) => Some(s.value.to_string()),
                    _ => None,
                });
                let columns_arg =
                    if callee.ends_with("Table") || callee == "define" { arguments.get(1) } else { arguments.first() };
                let is_schema = callee.ends_with("Table") || callee == "Schema" || callee == "define";
                if is_schema {
                    if let Some(Expression::ObjectExpression(object)) =
                        columns_arg.and_then(|a| a.as_expression()).map(|e| e.get_inner_expression())
                    {
                        let (columns, (users, refs), types) = columns_of(object);
                        let kind = if callee.ends_with("Table") {
                            "drizzle table"
                        } else if callee == "Schema" {
                            "Mongoose schema"
                        } else {
                            "Sequelize model"
                        };
                        let mut names = vec![id.name.to_string()];
                        names.extend(table_name);
                        self.found.push(Declared {
                            names,
                            columns,
                            users,
                            refs,
                            types,
                            source: format!("{kind} `{}` in `{}`", id.name, self.file),
                        });
                    }
                }
            }
        }
        walk::walk_variable_declarator(self, it);
    }
}

/// `pgTable`, `Schema` (also `mongoose.Schema`), `define`.
fn callee_of(callee: &Expression<'_>) -> String {
    match callee.get_inner_expression() {
        Expression::Identifier(id) => id.name.to_string(),
        Expression::StaticMemberExpression(m) => m.property.name.to_string(),
        _ => String::new(),
    }
}

/// Column keys of a table/schema object, those whose definition names a
/// user table or model (`.references(() => users.id)`, `ref: "User"`,
/// `references: { model: "users" }`), and the types the definitions tell.
#[allow(clippy::type_complexity)]
fn columns_of(
    object: &ObjectExpression<'_>,
) -> (Vec<String>, (Vec<String>, BTreeMap<String, String>), BTreeMap<String, Value>) {
    let mut columns = Vec::new();
    let mut users = Vec::new();
    let mut refs = BTreeMap::new();
    let mut types = BTreeMap::new();
    for property in &object.properties {
        let ObjectPropertyKind::ObjectProperty(p) = property else { continue };
        let Some(key) = p.key.static_name() else { continue };
        let mut column_refs = UserRefs::default();
        column_refs.visit_expression(&p.value);
        columns.push(key.to_string());
        if let Some(target) = column_refs.target {
            refs.insert(key.to_string(), target);
        }
        if column_refs.user {
            users.push(key.to_string());
        }
        if let Some(schema) = drizzle_type(&p.value).or_else(|| mongoose_type(&p.value)) {
            types.insert(key.to_string(), schema);
        }
    }
    (columns, (users, refs), types)
}

/// A JSON type (`"integer"`), as a list, in an array, or with null allowed.
fn typed(base: Value, array: bool, nullable: bool) -> Value {
    let mut schema = if array { json!({ "type": "array", "items": base }) } else { base };
    if nullable {
        if let Some(Value::String(t)) = schema.get("type").cloned() {
            schema["type"] = json!([t, "null"]);
        }
    }
    schema
}

/// The JSON a drizzle column builder's values become (`integer("x").array().notNull()`).
fn drizzle_type(value: &Expression<'_>) -> Option<Value> {
    let mut modifiers = Vec::new();
    let mut expr = value.get_inner_expression();
    loop {
        let Expression::CallExpression(call) = expr else { return None };
        match call.callee.get_inner_expression() {
            Expression::StaticMemberExpression(m) => {
                modifiers.push(m.property.name.to_string());
                expr = m.object.get_inner_expression();
            }
            Expression::Identifier(id) => {
                let mode = call.arguments.iter().filter_map(|a| a.as_expression()).find_map(|a| {
                    let Expression::ObjectExpression(o) = a.get_inner_expression() else { return None };
                    o.properties.iter().find_map(|p| match p {
                        ObjectPropertyKind::ObjectProperty(p) if p.key.static_name().as_deref() == Some("mode") => {
                            match p.value.get_inner_expression() {
                                Expression::StringLiteral(s) => Some(s.value.to_string()),
                                _ => None,
                            }
                        }
                        _ => None,
                    })
                });
                let base = drizzle_base(&id.name, mode.as_deref())?;
                let has = |m: &str| modifiers.iter().any(|x| x == m);
                let nullable = !(has("notNull") || has("primaryKey"));
                return Some(typed(base, has("array"), nullable));
            }
            _ => return None,
        }
    }
}

/// The JSON of a drizzle column type (pg, mysql, sqlite), by its builder's name and `mode`.
fn drizzle_base(builder: &str, mode: Option<&str>) -> Option<Value> {
    let date_time = json!({ "type": "string", "format": "date-time" });
    Some(match (builder, mode) {
        (_, Some("json")) => json!({}),
        (_, Some("boolean")) => json!({ "type": "boolean" }),
        (_, Some("timestamp" | "timestamp_ms" | "date")) => date_time,
        (_, Some("string")) => json!({ "type": "string" }),
        ("bigint" | "bigserial", Some("bigint")) | ("bigint" | "bigserial", None) => return None,
        (
            "integer" | "int" | "smallint" | "tinyint" | "mediumint" | "serial" | "smallserial" | "bigserial"
            | "bigint",
            _,
        ) => {
            json!({ "type": "integer" })
        }
        ("real" | "doublePrecision" | "double" | "float", _) => json!({ "type": "number" }),
        ("numeric" | "decimal", _) => json!({ "type": "string" }),
        ("text" | "varchar" | "char" | "uuid" | "citext" | "inet" | "cidr" | "macaddr" | "interval" | "time", _) => {
            json!({ "type": "string" })
        }
        ("boolean" | "bool", _) => json!({ "type": "boolean" }),
        ("timestamp" | "datetime", _) => date_time,
        ("date", _) => json!({ "type": "string" }),
        ("json" | "jsonb", _) => json!({}),
        _ => return None,
    })
}

/// The JSON a Mongoose path's values become (`String`, `[{ type: ObjectId }]`,
/// `{ type: Date, required: true }`).
fn mongoose_type(value: &Expression<'_>) -> Option<Value> {
    match value.get_inner_expression() {
        Expression::ArrayExpression(array) => {
            let item = array.elements.first().and_then(|e| e.as_expression()).and_then(mongoose_type);
            Some(json!({ "type": "array", "items": item.unwrap_or_else(|| json!({})) }))
        }
        Expression::ObjectExpression(object) => {
            let property = |name: &str| {
                object.properties.iter().find_map(|p| match p {
                    ObjectPropertyKind::ObjectProperty(p) if p.key.static_name().as_deref() == Some(name) => {
                        Some(&p.value)
                    }
                    _ => None,
                })
            };
            let ty = mongoose_type(property("type")?)?;
            let required = property("required").is_some_and(|r| matches!(r, Expression::BooleanLiteral(b) if b.value));
            Some(typed(ty, false, !required))
        }
        Expression::Identifier(id) => mongoose_base(&id.name),
        Expression::StaticMemberExpression(m) => mongoose_base(&m.property.name),
        _ => None,
    }
}

fn mongoose_base(name: &str) -> Option<Value> {
    Some(match name {
        "String" | "ObjectId" | "UUID" => json!({ "type": "string" }),
        "Number" => json!({ "type": "number" }),
        "Boolean" => json!({ "type": "boolean" }),
        "Date" => json!({ "type": "string", "format": "date-time" }),
        "Mixed" | "Map" => json!({}),
        _ => return None,
    })
}

#[derive(Default)]
struct UserRefs {
    user: bool,
    /// The model or table the definition references, whoever it is.
    target: Option<String>,
}

/// `User`, `users`, `usersTable`, `UserModel`, `UserSchema`.
fn names_login_users(name: &str) -> bool {
    let lower = name.to_lowercase();
    let base = ["table", "model", "schema"].iter().find_map(|s| lower.strip_suffix(s)).unwrap_or(&lower);
    base == "user" || base == "users"
}

fn names_users(name: &str) -> bool {
    let lower = name.to_lowercase();
    names_login_users(name) || lower == "employee" || lower == "employees"
}

impl<'a> Visit<'a> for UserRefs {
    fn visit_call_expression(&mut self, it: &CallExpression<'a>) {
        // `.references(() => users.id)`
        if let Expression::StaticMemberExpression(m) = it.callee.get_inner_expression() {
            if m.property.name == "references" {
                let mut inner = UserNames::default();
                for arg in &it.arguments {
                    if let Some(e) = arg.as_expression() {
                        inner.visit_expression(e);
                    }
                }
                self.user |= inner.found;
                self.target = self.target.take().or(inner.first);
            }
        }
        walk::walk_call_expression(self, it);
    }
    fn visit_object_property(&mut self, it: &ObjectProperty<'a>) {
        // `ref: "User"`, `references: { model: "users" }`
        let key = it.key.static_name().unwrap_or_default();
        if key == "ref" || key == "model" {
            if let Expression::StringLiteral(s) = it.value.get_inner_expression() {
                self.user |= names_users(&s.value);
                self.target.get_or_insert_with(|| s.value.to_string());
            }
        }
        walk::walk_object_property(self, it);
    }
}

#[derive(Default)]
struct UserNames {
    found: bool,
    /// The first name referenced (`users` in `() => users.id`).
    first: Option<String>,
}

impl<'a> Visit<'a> for UserNames {
    fn visit_identifier_reference(&mut self, it: &IdentifierReference<'a>) {
        self.found |= names_users(&it.name);
        self.first.get_or_insert_with(|| it.name.to_string());
    }
}

/// A Prisma `model <Name> { ... }` named in `names`: its scalar fields, and
/// the foreign keys of relations to `User`.
#[cfg(test)]
fn prisma_model(text: &str, names: &[String]) -> Option<(Vec<String>, Vec<String>)> {
    prisma_models(text).into_iter().find(|m| names.contains(&m.0)).map(|(_, columns, (users, _), _)| (columns, users))
}

/// Every Prisma model: its name, scalar fields, the foreign keys of
/// relations to `User`, and the fields' types.
#[allow(clippy::type_complexity)]
fn prisma_models(
    text: &str,
) -> Vec<(String, Vec<String>, (Vec<String>, BTreeMap<String, String>), BTreeMap<String, Value>)> {
    let mut models = Vec::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        let mut words = line.split_whitespace();
        if words.next() != Some("model") {
            continue;
        }
        let Some(name) = words.next() else { continue };
        let mut columns = Vec::new();
        let mut users = Vec::new();
        let mut refs = BTreeMap::new();
        let mut types = BTreeMap::new();
        for line in lines.by_ref() {
            let line = line.trim();
            if line.starts_with('}') {
                break;
            }
            let mut parts = line.split_whitespace();
            let (Some(field), Some(ty)) = (parts.next(), parts.next()) else { continue };
            if field.starts_with("//") || field.starts_with('@') {
                continue;
            }
            let base = ty.trim_end_matches(['?', ']', '[']);
            if let Some(start) = line.find("fields: [") {
                let rest = &line[start + 9..];
                let end = rest.find(']').unwrap_or(rest.len());
                for key in rest[..end].split(',').map(|f| f.trim().to_string()) {
                    refs.insert(key.clone(), base.to_string());
                    if names_users(base) {
                        users.push(key);
                    }
                }
                continue;
            }
            let json = match base {
                "String" => json!({ "type": "string" }),
                "Int" => json!({ "type": "integer" }),
                "Float" => json!({ "type": "number" }),
                "Boolean" => json!({ "type": "boolean" }),
                "DateTime" => json!({ "type": "string", "format": "date-time" }),
                "Decimal" => json!({ "type": "string" }),
                "Json" | "BigInt" | "Bytes" => json!({}),
                _ if base.chars().next().is_some_and(|c| c.is_uppercase()) => continue, // a relation field, not a column
                _ => json!({}),
            };
            if json != json!({}) {
                types.insert(field.to_string(), typed(json, ty.ends_with("[]"), ty.ends_with('?')));
            }
            columns.push(field.to_string());
        }
        models.push((name.to_string(), columns, (users, refs), types));
    }
    models
}

/// Keys the service writes in object literals (`{ ...data, createdBy: userId }`).
fn service_keys(path: &Path, source: &str) -> Vec<String> {
    #[derive(Default)]
    struct Keys(Vec<String>);
    impl<'a> Visit<'a> for Keys {
        fn visit_object_property(&mut self, it: &ObjectProperty<'a>) {
            if let Some(key) = it.key.static_name() {
                if !self.0.iter().any(|k| k == key.as_ref()) {
                    self.0.push(key.to_string());
                }
            }
            walk::walk_object_property(self, it);
        }
    }
    crate::js::parse::with_program(path, source, |program| {
        let mut keys = Keys::default();
        keys.visit_program(program);
        keys.0
    })
    .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drizzle_table_with_references() {
        let source = "export const userTable = pgTable(\"user\", { id: text(\"id\").primaryKey() });\nexport const proposalTable = pgTable(\"proposal\", {\n  id: uuid(\"id\").primaryKey(),\n  requestedBy: text(\"requested_by\").notNull().references(() => userTable.id),\n  inquiryId: uuid(\"inquiry_id\").references(() => inquiryTable.id),\n  status: text(\"status\"),\n  clientResponseToken: text(\"client_response_token\"),\n  sentTo: text(\"sent_to\").references(() => clientTable.id),\n});\n";
        let found = js_schemas(Path::new("schema.js"), source);
        let table = found.iter().find(|d| d.names.contains(&"proposal".to_string())).unwrap();
        assert_eq!(table.columns, ["id", "requestedBy", "inquiryId", "status", "clientResponseToken", "sentTo"]);
        assert_eq!(table.users, ["requestedBy"]);
        assert_eq!(table.source, "drizzle table `proposalTable` in `schema.js`");
        assert_eq!(table.types["id"], json!({ "type": "string" }));
        assert_eq!(table.types["requestedBy"], json!({ "type": "string" }));
        assert_eq!(table.types["status"], json!({ "type": ["string", "null"] }));
    }

    #[test]
    fn mongoose_schema_refs() {
        let source = "const taskSchema = new mongoose.Schema({ title: String, assignee: { type: Schema.Types.ObjectId, ref: \"User\" }, members: [{ type: ObjectId, ref: 'User' }], project: { type: ObjectId, ref: 'Project' } });\nmodule.exports = mongoose.model('Task', taskSchema);\n";
        let found = js_schemas(Path::new("Task.js"), source);
        assert_eq!(found[0].names, ["taskSchema"]);
        assert_eq!(found[0].columns, ["title", "assignee", "members", "project"]);
        assert_eq!(found[0].users, ["assignee", "members"]);
        assert_eq!(found[0].types["title"], json!({ "type": "string" }));
        assert_eq!(found[0].types["assignee"], json!({ "type": ["string", "null"] }));
        assert_eq!(found[0].types["members"], json!({ "type": "array", "items": { "type": ["string", "null"] } }));
    }

    #[test]
    fn prisma_relations() {
        let text = "model User {\n  id String @id\n}\nmodel Issue {\n  id String @id\n  title String\n  reporter User @relation(\"r\", fields: [reporterId], references: [id])\n  reporterId String\n  project Project @relation(fields: [projectId], references: [id])\n  projectId String\n}\n";
        let (columns, users) = prisma_model(text, &entity_names("issue", "issues")).unwrap();
        assert_eq!(columns, ["id", "title", "reporterId", "projectId"]);
        assert_eq!(users, ["reporterId"]);
    }

    fn index_entity(files: &[(&str, &str)], camel: &str, plural: &str) -> Entity {
        let dir = tempfile::tempdir().unwrap();
        for (path, text) in files {
            let full = dir.path().join(path);
            std::fs::create_dir_all(full.parent().unwrap()).unwrap();
            std::fs::write(full, text).unwrap();
        }
        let host = Host::new(dir.path());
        read_entity(&host, Path::new("."), camel, plural, Path::new("none.js")).unwrap().unwrap()
    }

    #[test]
    fn a_column_naming_another_model_holds_no_user_whatever_its_name() {
        // Enterprise-WMP: users sign in as `User`; `Employee` is another model, and its ids
        // are in no user's room. `owner` naming `Organization` is no user either.
        let project = "const ProjectSchema = new mongoose.Schema({ name: String, manager: { type: ObjectId, ref: 'Employee' }, teamMembers: [{ type: ObjectId, ref: 'Employee' }], owner: { type: ObjectId, ref: 'Organization' }, createdBy: { type: ObjectId, ref: 'User' }, reviewer: String });\nmodule.exports = mongoose.model('Project', ProjectSchema);\n";
        let user = "const UserSchema = new mongoose.Schema({ email: String });\nmodule.exports = mongoose.model('User', UserSchema);\n";
        let employee = "const EmployeeSchema = new mongoose.Schema({ user: { type: ObjectId, ref: 'User' } });\nmodule.exports = mongoose.model('Employee', EmployeeSchema);\n";
        let files = [("models/Project.js", project), ("models/User.js", user), ("models/Employee.js", employee)];
        let entity = index_entity(&files, "project", "projects");
        // `reviewer` names no target: its name still reads as a user. A `UserSettings`
        // model is not who signs in.
        assert!(!names_login_users("UserSettingsSchema") && names_login_users("usersTable"));
        assert_eq!(entity.user_columns, ["createdBy", "reviewer"]);
        // Without a `User` model, employees are who signs in.
        let entity = index_entity(&[files[0], files[2]], "project", "projects");
        assert_eq!(entity.user_columns, ["manager", "teamMembers", "createdBy", "reviewer"]);
    }

    #[test]
    fn user_like_names() {
        for name in
            ["createdBy", "assignedTo", "ownerId", "assigneeId", "members", "managerUserId", "authorId", "reporter"]
        {
            assert!(user_like(name), "{name}");
        }
        for name in ["status", "title", "token", "To", "amount", "authorName", "ownership"] {
            assert!(!user_like(name), "{name}");
        }
    }
}
