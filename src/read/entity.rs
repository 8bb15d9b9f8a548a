//! A module's entity as the host declares it: its columns, which of them
//! hold user ids, and whether it has a status. Read from a drizzle table
//! (`pgTable("proposals", {...})`, user columns by `.references(() =>
//! users.id)`), a Mongoose schema (`ref: "User"`), a Prisma model
//! (`@relation(fields: [...], references: [id])` to `User`), a Sequelize
//! model (`Model.init`, `define`, associations with a `foreignKey`), a
//! TypeORM entity (`read::typeorm`), an SQL migration (`CREATE TABLE`), or,
//! without a schema, from the names the base service writes (`createdBy:
//! userId`), query objects (`where`, `orderBy`, ...) left out.
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
            f.extension().is_some_and(|e| matches!(e.to_str(), Some("js" | "mjs" | "cjs" | "ts" | "prisma" | "sql")))
        });
        // Schema modules first: the usual places, then any other file that declares tables.
        files.sort_by_key(|f| {
            let s = slash(f);
            !(s.contains("schema")
                || s.contains("/models/")
                || s.contains("/db/")
                || s.contains("/model/")
                || s.contains("migration"))
        });
        let mut declared = Vec::new();
        let mut typescript = Vec::new();
        let mut links = Vec::new();
        let mut sql = Vec::new();
        for file in &files {
            let Some(text) = host.read(file)? else { continue };
            if file.extension().is_some_and(|e| e == "sql") {
                // After the ORM's own schema: Prisma's migrations are generated from it.
                sql_tables(&text, &slash(file), &mut sql);
                continue;
            }
            if file.extension().is_some_and(|e| e == "prisma") {
                declared.extend(prisma_models(&text).into_iter().map(|(name, columns, (users, refs), types)| {
                    Declared {
                        names: vec![name.clone()],
                        columns,
                        users,
                        refs,
                        types,
                        source: format!("Prisma model `{name}` in `{}`", slash(file)),
                    }
                }));
            } else if matches!(file.extension().and_then(|e| e.to_str()), Some("ts" | "mts" | "cts"))
                && text.contains("@Entity(")
            {
                declared.extend(crate::read::typeorm::entities(file, &text).into_iter().map(|entity| {
                    let users = entity.refs.iter().filter(|(_, t)| names_users(t)).map(|(c, _)| c.clone()).collect();
                    Declared {
                        source: format!("TypeORM entity `{}` in `{}`", entity.names[0], slash(file)),
                        names: entity.names,
                        columns: entity.columns,
                        users,
                        refs: entity.refs,
                        types: BTreeMap::new(),
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
                || text.contains("belongsTo(")
                || text.contains("hasMany(")
                || text.contains("hasOne(")
            {
                let (found, associations) = sequelize_and_schemas(file, &text);
                declared.extend(found);
                links.extend(associations);
            }
        }
        declared.extend(sql);
        declared.extend(typescript);
        apply_associations(&mut declared, &links);
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
#[cfg(test)]
fn js_schemas(path: &Path, source: &str) -> Vec<Declared> {
    sequelize_and_schemas(path, source).0
}

/// A Sequelize association: `owner` holds `foreign_key`, an id of `target`
/// (`Order.belongsTo(User, { foreignKey: "courierId" })`, or the other way
/// round, `User.hasMany(Order, { foreignKey: "courierId" })`).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Association {
    owner: String,
    target: String,
    foreign_key: String,
}

/// The tables, schemas and models `source` declares, and its Sequelize associations.
fn sequelize_and_schemas(path: &Path, source: &str) -> (Vec<Declared>, Vec<Association>) {
    crate::js::parse::with_program(path, source, |program| {
        let mut finder = SchemaFinder { found: Vec::new(), associations: Vec::new(), file: slash(path) };
        finder.visit_program(program);
        (finder.found, finder.associations)
    })
    .unwrap_or_default()
}

/// Each association's foreign key becomes a column of its owner that
/// references its target (a user column when the target is users).
fn apply_associations(declared: &mut [Declared], links: &[Association]) {
    for link in links {
        let Some(owner) = declared.iter_mut().find(|d| d.names.iter().any(|n| *n == link.owner)) else { continue };
        if !owner.columns.contains(&link.foreign_key) {
            owner.columns.push(link.foreign_key.clone());
        }
        owner.refs.insert(link.foreign_key.clone(), link.target.clone());
        if names_users(&link.target) && !owner.users.contains(&link.foreign_key) {
            owner.users.push(link.foreign_key.clone());
        }
    }
}

/// The model a Sequelize call names: `Order`, `models.Order`, `db.Order`, `this`.
fn model_name(expr: &Expression<'_>) -> Option<String> {
    match expr.get_inner_expression() {
        Expression::Identifier(id) => Some(id.name.to_string()),
        Expression::StaticMemberExpression(m) => Some(m.property.name.to_string()),
        _ => None,
    }
}

/// A string property of an object literal (`modelName: "Order"`).
fn string_property(object: &ObjectExpression<'_>, name: &str) -> Option<String> {
    object.properties.iter().find_map(|p| match p {
        ObjectPropertyKind::ObjectProperty(p) if p.key.static_name().as_deref() == Some(name) => {
            match p.value.get_inner_expression() {
                Expression::StringLiteral(s) => Some(s.value.to_string()),
                // `foreignKey: { name: "courierId", allowNull: false }`
                Expression::ObjectExpression(inner) => string_property(inner, "name"),
                _ => None,
            }
        }
        _ => None,
    })
}

struct SchemaFinder {
    found: Vec<Declared>,
    associations: Vec<Association>,
    file: String,
}

impl<'a> Visit<'a> for SchemaFinder {
    fn visit_call_expression(&mut self, it: &CallExpression<'a>) {
        if let Expression::StaticMemberExpression(m) = it.callee.get_inner_expression() {
            let object_arg = |i: usize| match it
                .arguments
                .get(i)
                .and_then(|a| a.as_expression())
                .map(|e| e.get_inner_expression())
            {
                Some(Expression::ObjectExpression(o)) => Some(o),
                _ => None,
            };
            let method = m.property.name.as_str();
            match method {
                // `class Order extends Model {}; Order.init({ ... }, { sequelize, modelName: "Order" })`
                "init" => {
                    if let (Some(model), Some(columns), options) = (model_name(&m.object), object_arg(0), object_arg(1))
                    {
                        let sequelize = options.is_some_and(|o| {
                            o.properties.iter().any(|p| matches!(p, ObjectPropertyKind::ObjectProperty(p) if p.key.static_name().as_deref() == Some("sequelize")))
                        });
                        if sequelize {
                            let (columns, (users, refs), types) = columns_of(columns);
                            let mut names = vec![model.clone()];
                            for key in ["modelName", "tableName"] {
                                names.extend(options.and_then(|o| string_property(o, key)));
                            }
                            self.found.push(Declared {
                                names,
                                columns,
                                users,
                                refs,
                                types,
                                source: format!("Sequelize model `{model}` in `{}`", self.file),
                            });
                        }
                    }
                }
                "belongsTo" | "hasMany" | "hasOne" => {
                    let source = model_name(&m.object);
                    let other = it.arguments.first().and_then(|a| a.as_expression()).and_then(model_name);
                    let key = object_arg(1).and_then(|o| string_property(o, "foreignKey"));
                    if let (Some(source), Some(other), Some(foreign_key)) = (source, other, key) {
                        let (owner, target) = if method == "belongsTo" { (source, other) } else { (other, source) };
                        self.associations.push(Association { owner, target, foreign_key });
                    }
                }
                _ => {}
            }
        }
        walk::walk_call_expression(self, it);
    }

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
    // Fields typed by an enum are string columns, not relations.
    let enums: Vec<&str> = text
        .lines()
        .filter_map(|l| l.trim().strip_prefix("enum "))
        .filter_map(|rest| rest.split_whitespace().next())
        .collect();
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
                _ if enums.contains(&base) => json!({ "type": "string" }),
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

/// The tables SQL migrations create (`CREATE TABLE orders (...)`) and the
/// columns later ones add (`ALTER TABLE orders ADD COLUMN ...`): columns by
/// name as the database returns them, user columns by `REFERENCES users`.
fn sql_tables(text: &str, file: &str, declared: &mut Vec<Declared>) {
    let unquote = |w: &str| w.trim_matches(|c| matches!(c, '"' | '`' | '[' | ']' | '\'')).to_string();
    // Statements without `--` comments.
    let code: String = text.lines().map(|l| l.split("--").next().unwrap_or("")).collect::<Vec<_>>().join("\n");
    for statement in code.split(';') {
        let words: Vec<&str> = statement.split_whitespace().collect();
        let upper: Vec<String> = words.iter().map(|w| w.to_uppercase()).collect();
        let at = |i: usize| upper.get(i).map(String::as_str).unwrap_or("");
        if at(0) == "CREATE" && upper.iter().take(3).any(|w| w == "TABLE") {
            let mut i = upper.iter().position(|w| w == "TABLE").unwrap_or(0) + 1;
            if at(i) == "IF" {
                i += 3; // IF NOT EXISTS
            }
            let Some(raw) = words.get(i) else { continue };
            let name = unquote(raw.split('(').next().unwrap_or(raw));
            let name = name.rsplit('.').next().unwrap_or(&name).to_string();
            let (Some(open), Some(close)) = (statement.find('('), statement.rfind(')')) else { continue };
            let mut table = Declared {
                names: vec![name.clone()],
                columns: Vec::new(),
                users: Vec::new(),
                refs: BTreeMap::new(),
                types: BTreeMap::new(),
                source: format!("SQL table `{name}` in `{file}`"),
            };
            for definition in split_top_level(&statement[open + 1..close]) {
                sql_column(&definition, &mut table, &unquote);
            }
            declared.push(table);
        } else if at(0) == "ALTER" && at(1) == "TABLE" {
            let name = unquote(words.get(2).copied().unwrap_or(""));
            let name = name.rsplit('.').next().unwrap_or(&name).to_string();
            let Some(table) = declared.iter_mut().find(|d| d.names.contains(&name)) else { continue };
            for part in split_top_level(&words[3.min(words.len())..].join(" ")) {
                let part = part.trim();
                let upper = part.to_uppercase();
                let Some(rest) = upper.strip_prefix("ADD ") else { continue };
                let skip = part.len() - rest.len() + if rest.starts_with("COLUMN ") { 7 } else { 0 };
                sql_column(&part[skip..], table, &unquote);
            }
        }
    }
}

/// One column definition (or table constraint) of a table.
fn sql_column(definition: &str, table: &mut Declared, unquote: &dyn Fn(&str) -> String) {
    let words: Vec<&str> = definition.split_whitespace().collect();
    let Some(first) = words.first() else { return };
    let upper = definition.to_uppercase();
    let references = |from: usize| -> Option<String> {
        let at = upper[from..].find("REFERENCES ")? + from + "REFERENCES ".len();
        let target = definition[at..].split(|c: char| c == '(' || c.is_whitespace()).next()?;
        Some(unquote(target.rsplit('.').next().unwrap_or(target)))
    };
    match first.to_uppercase().as_str() {
        // `FOREIGN KEY (courier_id) REFERENCES users(id)`
        "FOREIGN" | "CONSTRAINT" => {
            let Some(key_at) = upper.find("FOREIGN KEY") else { return };
            let rest = &definition[key_at + "FOREIGN KEY".len()..];
            let (Some(open), Some(close)) = (rest.find('('), rest.find(')')) else { return };
            let columns: Vec<String> = rest[open + 1..close].split(',').map(|c| unquote(c.trim())).collect();
            if let (Some(target), [column]) = (references(key_at), columns.as_slice()) {
                link(table, column, &target);
            }
        }
        "PRIMARY" | "UNIQUE" | "CHECK" | "KEY" | "INDEX" | "EXCLUDE" => {}
        _ => {
            let column = unquote(first);
            let ty = words.get(1).map(|t| t.to_uppercase()).unwrap_or_default();
            let base = ty.split('(').next().unwrap_or("");
            let json = match base {
                "INT" | "INTEGER" | "SMALLINT" | "SERIAL" | "SMALLSERIAL" | "TINYINT" | "MEDIUMINT" => {
                    json!({ "type": "integer" })
                }
                "TEXT" | "VARCHAR" | "CHAR" | "UUID" | "CITEXT" | "CHARACTER" | "ENUM" => json!({ "type": "string" }),
                "BOOLEAN" | "BOOL" => json!({ "type": "boolean" }),
                "REAL" | "FLOAT" | "DOUBLE" => json!({ "type": "number" }),
                "TIMESTAMP" | "TIMESTAMPTZ" | "DATETIME" => json!({ "type": "string", "format": "date-time" }),
                _ => json!({}),
            };
            if json != json!({}) {
                let nullable = !(upper.contains("NOT NULL") || upper.contains("PRIMARY KEY"));
                table.types.insert(column.clone(), typed(json, false, nullable));
            }
            if !table.columns.contains(&column) {
                table.columns.push(column.clone());
            }
            if let Some(target) = references(0) {
                link(table, &column, &target);
            }
        }
    }
}

fn link(table: &mut Declared, column: &str, target: &str) {
    table.refs.insert(column.to_string(), target.to_string());
    if names_users(target) && !table.users.iter().any(|u| u == column) {
        table.users.push(column.to_string());
    }
}

/// `a INT, b NUMERIC(10, 2), c TEXT` -> the three definitions (commas inside parentheses kept).
fn split_top_level(text: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let (mut depth, mut current) = (0usize, String::new());
    for c in text.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                parts.push(std::mem::take(&mut current));
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    parts.push(current);
    parts.into_iter().map(|p| p.trim().to_string()).filter(|p| !p.is_empty()).collect()
}

/// Keys of query objects: what they hold (`where: { status: "open" }`,
/// `orderBy: { createdAt: "desc" }`) are filters, sorts and projections,
/// never columns a record is written with, and the key itself is none either.
const QUERY_KEYS: &[&str] = &[
    "where",
    "select",
    "include",
    "orderBy",
    "order",
    "sort",
    "attributes",
    "populate",
    "projection",
    "having",
    "groupBy",
    "group",
    "distinct",
    "take",
    "skip",
    "limit",
    "offset",
    "cursor",
    "omit",
    "_count",
    "_sum",
    "_avg",
    "_min",
    "_max",
    "lean",
    "new",
    "returning",
    "upsert",
    "raw",
    "transaction",
    "runValidators",
    "nest",
    "paranoid",
];

/// Operators inside query objects (Prisma's, Sequelize's `Op` spelled as keys, Mongo's `$`-keys).
const QUERY_OPERATORS: &[&str] = &[
    "in",
    "notIn",
    "gt",
    "gte",
    "lt",
    "lte",
    "not",
    "equals",
    "contains",
    "startsWith",
    "endsWith",
    "mode",
    "some",
    "every",
    "none",
    "is",
    "isNot",
    "AND",
    "OR",
    "NOT",
    "has",
    "hasSome",
    "hasEvery",
    "like",
    "iLike",
    "between",
];

/// Keys the service writes in object literals (`{ ...data, createdBy: userId }`):
/// identifiers only (a status value used as a key, `"in-progress"`, is none),
/// never what a query object holds.
fn service_keys(path: &Path, source: &str) -> Vec<String> {
    #[derive(Default)]
    struct Keys(Vec<String>);
    impl<'a> Visit<'a> for Keys {
        fn visit_program(&mut self, it: &Program<'a>) {
            for statement in &it.body {
                // A module-level constant (`const labels = { pending: "Pending" }`) is a
                // lookup table, not a record the service writes.
                let declaration = match statement {
                    Statement::VariableDeclaration(d) => Some(&**d),
                    Statement::ExportDeclaration(e) => match &e.declaration {
                        Declaration::VariableDeclaration(d) => Some(&**d),
                        _ => None,
                    },
                    _ => None,
                };
                let constant = declaration.is_some_and(|d| {
                    d.declarations.iter().all(|v| {
                        matches!(
                            v.init.as_ref().map(|i| i.get_inner_expression()),
                            Some(Expression::ObjectExpression(_))
                        )
                    })
                });
                if !constant {
                    self.visit_statement(statement);
                }
            }
        }
        fn visit_object_property(&mut self, it: &ObjectProperty<'a>) {
            let Some(key) = it.key.static_name() else {
                walk::walk_object_property(self, it);
                return;
            };
            if QUERY_KEYS.contains(&key.as_ref()) {
                // Neither the key nor anything in its value.
                return;
            }
            if key == "data" {
                // Prisma's `create({ data: { ... } })`: the columns are inside.
                walk::walk_object_property(self, it);
                return;
            }
            let identifier = key.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
                && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
            if identifier && !QUERY_OPERATORS.contains(&key.as_ref()) && !self.0.iter().any(|k| k == key.as_ref()) {
                self.0.push(key.to_string());
            }
            walk::walk_object_property(self, it);
        }
        fn visit_call_expression(&mut self, it: &CallExpression<'a>) {
            // `.sort({ createdAt: -1 })`, `.select({ ... })`: only the chain before it.
            if let Expression::StaticMemberExpression(m) = it.callee.get_inner_expression() {
                if QUERY_KEYS.contains(&m.property.name.as_str()) {
                    self.visit_expression(&m.object);
                    return;
                }
            }
            walk::walk_call_expression(self, it);
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
        let text = "enum IssueStatus {\n  OPEN\n}\nmodel User {\n  id String @id\n}\nmodel Issue {\n  id String @id\n  title String\n  status IssueStatus\n  reporter User @relation(\"r\", fields: [reporterId], references: [id])\n  reporterId String\n  project Project @relation(fields: [projectId], references: [id])\n  projectId String\n}\n";
        let (columns, users) = prisma_model(text, &entity_names("issue", "issues")).unwrap();
        assert_eq!(columns, ["id", "title", "status", "reporterId", "projectId"]);
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

    #[test]
    fn query_objects_give_no_columns_and_no_users() {
        let service = "export const listOrders = (status) => prisma.order.findMany({ where: { status: { in: ['open', 'in-progress'] }, total: { gt: 5 } }, select: { id: true, secretNote: true }, include: { customer: true }, orderBy: { createdAt: 'desc' } });\nexport const createOrder = (data, userId) => prisma.order.create({ data: { ...data, placedBy: userId, total: data.total } });\nexport const byStatus = { 'in-progress': 1, open: 2 };\nexport const find = (q) => Order.find({ total: { $gt: q } }).sort({ createdAt: -1 });\n";
        let keys = service_keys(Path::new("s.js"), service);
        assert_eq!(keys, ["placedBy", "total"]);
        assert!(!keys.iter().any(|k| user_like(k) && k != "placedBy"), "{keys:?}");
    }

    #[test]
    fn sequelize_models_and_associations() {
        let order = "const { Model, DataTypes } = require('sequelize');\nclass Order extends Model {}\nOrder.init({\n  title: DataTypes.STRING,\n  status: { type: DataTypes.ENUM('pending', 'delivered'), defaultValue: 'pending' },\n  customerId: { type: DataTypes.INTEGER, references: { model: 'users', key: 'id' } },\n}, { sequelize, modelName: 'Order', tableName: 'orders' });\nmodule.exports = Order;\n";
        let index = "const User = require('./User');\nconst Order = require('./Order');\nconst Shop = require('./Shop');\nOrder.belongsTo(User, { foreignKey: 'courierId', as: 'courier' });\nUser.hasMany(Order, { foreignKey: { name: 'reviewerId' } });\nOrder.belongsTo(Shop, { foreignKey: 'shopId' });\n";
        let user = "module.exports = (sequelize, DataTypes) => {\n  const User = sequelize.define('User', { email: DataTypes.STRING, role: DataTypes.ENUM('admin', 'courier', 'customer') });\n  return User;\n};\n";
        let entity = index_entity(
            &[("models/Order.js", order), ("models/index.js", index), ("models/User.js", user)],
            "order",
            "orders",
        );
        assert_eq!(entity.columns, ["title", "status", "customerId", "courierId", "reviewerId", "shopId"]);
        assert_eq!(entity.user_columns, ["customerId", "courierId", "reviewerId"]);
        assert_eq!(entity.source, "Sequelize model `Order` in `models/Order.js`");
    }

    #[test]
    fn sql_migrations_create_and_alter_tables() {
        let first = "-- orders\nCREATE TABLE IF NOT EXISTS users (id SERIAL PRIMARY KEY, email TEXT NOT NULL, role VARCHAR(20));\nCREATE TABLE orders (\n  id SERIAL PRIMARY KEY,\n  title VARCHAR(200) NOT NULL,\n  total NUMERIC(10, 2),\n  status TEXT DEFAULT 'pending',\n  customer_id INTEGER NOT NULL REFERENCES users(id),\n  shop_id INTEGER REFERENCES shops (id),\n  courier_id INTEGER,\n  created_at TIMESTAMP DEFAULT NOW(),\n  FOREIGN KEY (courier_id) REFERENCES \"users\"(id) ON DELETE SET NULL\n);\n";
        let second = "ALTER TABLE orders ADD COLUMN approved_by INTEGER REFERENCES users(id);\n";
        let entity = index_entity(
            &[("migrations/001_init.sql", first), ("migrations/002_approve.sql", second)],
            "order",
            "orders",
        );
        assert_eq!(
            entity.columns,
            ["id", "title", "total", "status", "customer_id", "shop_id", "courier_id", "created_at", "approved_by"]
        );
        assert_eq!(entity.user_columns, ["customer_id", "courier_id", "approved_by"]);
        assert_eq!(entity.source, "SQL table `orders` in `migrations/001_init.sql`");
        assert_eq!(entity.types["title"], json!({ "type": "string" }));
        assert_eq!(entity.types["customer_id"], json!({ "type": "integer" }));
    }
}
