//! A module's entity as the host declares it: its columns, which of them
//! hold user ids, and whether it has a status. Read from a drizzle table
//! (`pgTable("proposals", {...})`, user columns by `.references(() =>
//! users.id)`), a Mongoose schema (`ref: "User"`), a Prisma model
//! (`@relation(fields: [...], references: [id])` to `User`), or, without a
//! schema, from the names the base service writes (`createdBy: userId`).
//! Where nothing declares a column's target, a user-like name (`*By`, `*To`,
//! `owner*`, `*UserId`, `assignee*`, `members`) counts as a user column.

use std::path::Path;

use anyhow::Result;
use oxc_ast::ast::*;
use oxc_ast_visit::{walk, Visit};

use crate::read::host::Host;
use crate::render::context::slash;

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
    let names = entity_names(camel, plural);
    let mut files = host.walk(backend, 6, 4000)?;
    files.retain(|f| f.extension().is_some_and(|e| matches!(e.to_str(), Some("js" | "mjs" | "cjs" | "ts" | "prisma"))));
    // Schema modules first: the usual places, then any other file that declares tables.
    files.sort_by_key(|f| {
        let s = slash(f);
        !(s.contains("schema") || s.contains("/models/") || s.contains("/db/") || s.contains("/model/"))
    });
    for file in &files {
        let Some(text) = host.read(file)? else { continue };
        let found = if file.extension().is_some_and(|e| e == "prisma") {
            prisma_model(&text, &names)
                .map(|(columns, users)| (columns, users, format!("Prisma model in `{}`", slash(file))))
        } else if text.contains("Table(")
            || text.contains("Schema(")
            || text.contains(".define(")
            || text.contains(".init(")
        {
            js_schema(file, &text, &names)
        } else {
            None
        };
        if let Some((columns, declared, source)) = found {
            let mut users = declared;
            for column in &columns {
                if !users.contains(column) && user_like(column) {
                    users.push(column.clone());
                }
            }
            users.sort_by_key(|u| columns.iter().position(|c| c == u));
            return Ok(Some(Entity { columns, user_columns: users, source, from_schema: true }));
        }
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
    }))
}

/// A drizzle table, Mongoose schema or Sequelize model named like the module:
/// its columns, the ones declared to reference users, and a description.
fn js_schema(path: &Path, source: &str, names: &[String]) -> Option<(Vec<String>, Vec<String>, String)> {
    crate::js::parse::with_program(path, source, |program| {
        let mut finder = SchemaFinder { names, found: None, file: slash(path) };
        finder.visit_program(program);
        finder.found
    })
    .ok()
    .flatten()
}

struct SchemaFinder<'s> {
    names: &'s [String],
    found: Option<(Vec<String>, Vec<String>, String)>,
    file: String,
}

impl<'a> Visit<'a> for SchemaFinder<'_> {
    fn visit_variable_declarator(&mut self, it: &VariableDeclarator<'a>) {
        if self.found.is_none() {
            if let (BindingPattern::BindingIdentifier(id), Some(init)) = (&it.id, &it.init) {
                let call = match init.get_inner_expression() {
                    Expression::NewExpression(new) => Some((callee_of(&new.callee), &new.arguments)),
                    other => crate::patch::call_of(other).map(|c| (callee_of(&c.callee), &c.arguments)),
                };
                if let Some((callee, arguments)) = call {
                    let callee = callee.as_str();
                    let first = arguments.first().and_then(|a| a.as_expression());
                    let table_name = first.and_then(|e| match e.get_inner_expression() {
                        Expression::StringLiteral(s) => Some(s.value.to_string()),
                        _ => None,
                    });
                    let named = self.names.iter().any(|n| n == id.name.as_str())
                        || table_name.as_ref().is_some_and(|t| self.names.iter().any(|n| n == t));
                    let columns_arg = if callee.ends_with("Table") || callee == "define" {
                        arguments.get(1)
                    } else {
                        arguments.first()
                    };
                    let is_schema = callee.ends_with("Table") || callee == "Schema" || callee == "define";
                    if named && is_schema {
                        if let Some(Expression::ObjectExpression(object)) =
                            columns_arg.and_then(|a| a.as_expression()).map(|e| e.get_inner_expression())
                        {
                            let (columns, users) = columns_of(object);
                            let kind = if callee.ends_with("Table") {
                                "drizzle table"
                            } else if callee == "Schema" {
                                "Mongoose schema"
                            } else {
                                "Sequelize model"
                            };
                            self.found = Some((columns, users, format!("{kind} `{}` in `{}`", id.name, self.file)));
                        }
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

/// Column keys of a table/schema object, and those whose definition names a
/// user table or model (`.references(() => users.id)`, `ref: "User"`,
/// `references: { model: "users" }`).
fn columns_of(object: &ObjectExpression<'_>) -> (Vec<String>, Vec<String>) {
    let mut columns = Vec::new();
    let mut users = Vec::new();
    for property in &object.properties {
        let ObjectPropertyKind::ObjectProperty(p) = property else { continue };
        let Some(key) = p.key.static_name() else { continue };
        let mut refs = UserRefs::default();
        refs.visit_expression(&p.value);
        columns.push(key.to_string());
        if refs.user {
            users.push(key.to_string());
        }
    }
    (columns, users)
}

#[derive(Default)]
struct UserRefs {
    user: bool,
}

fn names_users(name: &str) -> bool {
    let lower = name.to_lowercase();
    lower == "user"
        || lower == "users"
        || lower.starts_with("user") && (lower.ends_with("table") || lower.ends_with("model"))
        || lower == "employee"
        || lower == "employees"
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
            }
        }
        walk::walk_object_property(self, it);
    }
}

#[derive(Default)]
struct UserNames {
    found: bool,
}

impl<'a> Visit<'a> for UserNames {
    fn visit_identifier_reference(&mut self, it: &IdentifierReference<'a>) {
        self.found |= names_users(&it.name);
    }
}

/// A Prisma `model <Name> { ... }`: its scalar fields, and the foreign keys of
/// relations to `User`.
fn prisma_model(text: &str, names: &[String]) -> Option<(Vec<String>, Vec<String>)> {
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        let mut words = line.split_whitespace();
        if words.next() != Some("model") {
            continue;
        }
        let Some(name) = words.next() else { continue };
        if !names.iter().any(|n| n == name) {
            continue;
        }
        let mut columns = Vec::new();
        let mut users = Vec::new();
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
                if names_users(base) {
                    let rest = &line[start + 9..];
                    let end = rest.find(']').unwrap_or(rest.len());
                    users.extend(rest[..end].split(',').map(|f| f.trim().to_string()));
                }
                continue;
            }
            if base.chars().next().is_some_and(|c| c.is_uppercase())
                && !matches!(
                    base,
                    "String" | "Int" | "Float" | "Boolean" | "DateTime" | "Json" | "BigInt" | "Decimal" | "Bytes"
                )
            {
                continue; // a relation field, not a column
            }
            columns.push(field.to_string());
        }
        return Some((columns, users));
    }
    None
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
        let (columns, users, source) =
            js_schema(Path::new("schema.js"), source, &entity_names("proposal", "proposals")).unwrap();
        assert_eq!(columns, ["id", "requestedBy", "inquiryId", "status", "clientResponseToken", "sentTo"]);
        assert_eq!(users, ["requestedBy"]);
        assert_eq!(source, "drizzle table `proposalTable` in `schema.js`");
    }

    #[test]
    fn mongoose_schema_refs() {
        let source = "const taskSchema = new mongoose.Schema({ title: String, assignee: { type: Schema.Types.ObjectId, ref: \"User\" }, members: [{ type: ObjectId, ref: 'User' }], project: { type: ObjectId, ref: 'Project' } });\nmodule.exports = mongoose.model('Task', taskSchema);\n";
        let (columns, users, _) = js_schema(Path::new("Task.js"), source, &entity_names("task", "tasks")).unwrap();
        assert_eq!(columns, ["title", "assignee", "members", "project"]);
        assert_eq!(users, ["assignee", "members"]);
    }

    #[test]
    fn prisma_relations() {
        let text = "model User {\n  id String @id\n}\nmodel Issue {\n  id String @id\n  title String\n  reporter User @relation(\"r\", fields: [reporterId], references: [id])\n  reporterId String\n  project Project @relation(fields: [projectId], references: [id])\n  projectId String\n}\n";
        let (columns, users) = prisma_model(text, &entity_names("issue", "issues")).unwrap();
        assert_eq!(columns, ["id", "title", "reporterId", "projectId"]);
        assert_eq!(users, ["reporterId"]);
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
