//! A module's entity as a TypeScript host declares it: an `interface
//! Proposal { id: number; ... }` or `type Proposal = { ... }`. Each property
//! is a column; its type, where it maps to JSON (`number`, `string`,
//! `boolean`, string-literal unions, `T[]`, `T | null`, and the file's own
//! aliases of those), is kept as the JSON Schema of its value, so the
//! generated payload types use the host's own field types.

use std::collections::BTreeMap;
use std::path::Path;

use oxc_ast::ast::*;
use serde_json::{json, Value};

/// One declared object type: its name, property names in order, and the
/// JSON Schema of each property whose type maps to JSON.
#[derive(Debug, Clone, PartialEq)]
pub struct TsObjectType {
    pub name: String,
    pub columns: Vec<String>,
    pub types: BTreeMap<String, Value>,
}

/// The top-level (or exported) interfaces and object type aliases of a
/// TypeScript file; none for a file that does not parse.
pub fn object_types(path: &Path, source: &str) -> Vec<TsObjectType> {
    crate::js::parse::with_program(path, source, |program| {
        let declarations: Vec<&Declaration<'_>> = program
            .body
            .iter()
            .filter_map(|statement| match statement {
                Statement::ExportDeclaration(export) => Some(&export.declaration),
                other => other.as_declaration(),
            })
            .collect();
        let mut aliases: BTreeMap<String, Value> = BTreeMap::new();
        for declaration in &declarations {
            if let Declaration::TSTypeAliasDeclaration(alias) = declaration {
                if let Some(schema) = json_schema(&alias.type_annotation, &aliases) {
                    aliases.insert(alias.id.name.to_string(), schema);
                }
            }
        }
        let mut found = Vec::new();
        for declaration in &declarations {
            let (name, members) = match declaration {
                Declaration::TSInterfaceDeclaration(it) => (it.id.name.to_string(), &it.body.body),
                Declaration::TSTypeAliasDeclaration(alias) => match &alias.type_annotation {
                    TSType::TSTypeLiteral(literal) => (alias.id.name.to_string(), &literal.members),
                    _ => continue,
                },
                _ => continue,
            };
            let mut columns = Vec::new();
            let mut types = BTreeMap::new();
            for member in members {
                let TSSignature::TSPropertySignature(property) = member else { continue };
                let Some(key) = property.key.static_name() else { continue };
                columns.push(key.to_string());
                let schema = property.type_annotation.as_ref().and_then(|t| json_schema(&t.type_annotation, &aliases));
                if let Some(schema) = schema {
                    types.insert(key.to_string(), schema);
                }
            }
            found.push(TsObjectType { name, columns, types });
        }
        found
    })
    .unwrap_or_default()
}

/// The JSON Schema of a TypeScript type, where it maps to JSON.
fn json_schema(ty: &TSType<'_>, aliases: &BTreeMap<String, Value>) -> Option<Value> {
    Some(match ty {
        TSType::TSNumberKeyword(_) => json!({ "type": "number" }),
        TSType::TSStringKeyword(_) => json!({ "type": "string" }),
        TSType::TSBooleanKeyword(_) => json!({ "type": "boolean" }),
        TSType::TSNullKeyword(_) => json!({ "type": "null" }),
        TSType::TSLiteralType(literal) => match &literal.literal {
            TSLiteral::StringLiteral(_) => json!({ "type": "string" }),
            TSLiteral::NumericLiteral(_) => json!({ "type": "number" }),
            TSLiteral::BooleanLiteral(_) => json!({ "type": "boolean" }),
            _ => return None,
        },
        TSType::TSArrayType(array) => json!({ "type": "array", "items": json_schema(&array.element_type, aliases)? }),
        TSType::TSParenthesizedType(inner) => json_schema(&inner.type_annotation, aliases)?,
        TSType::TSTypeReference(reference) => match &reference.type_name {
            TSTypeName::IdentifierReference(name) => aliases.get(name.name.as_str())?.clone(),
            _ => return None,
        },
        TSType::TSUnionType(union) => {
            let mut kinds: Vec<String> = Vec::new();
            let mut items = None;
            for member in &union.types {
                let schema = json_schema(member, aliases)?;
                let member_kinds = match &schema["type"] {
                    Value::String(kind) => vec![kind.clone()],
                    Value::Array(list) => list.iter().filter_map(|k| k.as_str().map(str::to_string)).collect(),
                    _ => return None,
                };
                if member_kinds.iter().any(|k| k == "array") {
                    // Two array types in one union: their items could differ.
                    if items.is_some() {
                        return None;
                    }
                    items = Some(schema["items"].clone());
                }
                for kind in member_kinds {
                    if !kinds.contains(&kind) {
                        kinds.push(kind);
                    }
                }
            }
            let mut schema = match kinds.as_slice() {
                [one] => json!({ "type": one }),
                _ => json!({ "type": kinds }),
            };
            if let Some(items) = items {
                schema["items"] = items;
            }
            schema
        }
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interfaces_and_aliases_become_typed_columns() {
        let source = "export type Status = \"draft\" | \"sent\";\n\
            type Id = number;\n\
            export interface Proposal {\n  id: Id;\n  title: string;\n  status: Status;\n  assignedTo: number | null;\n  signers: number[];\n  createdAt: Date;\n  meta?: { a: 1 };\n}\n\
            type Note = { id: string; body: string };\n\
            export type Input = Partial<Proposal>;\n";
        let found = object_types(Path::new("types.ts"), source);
        assert_eq!(found.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(), ["Proposal", "Note"]);
        let proposal = &found[0];
        assert_eq!(proposal.columns, ["id", "title", "status", "assignedTo", "signers", "createdAt", "meta"]);
        assert_eq!(proposal.types["id"], json!({ "type": "number" }));
        assert_eq!(proposal.types["status"], json!({ "type": "string" }));
        assert_eq!(proposal.types["assignedTo"], json!({ "type": ["number", "null"] }));
        assert_eq!(proposal.types["signers"], json!({ "type": "array", "items": { "type": "number" } }));
        // Not JSON as such (a Date is sent as a string, an object literal has its own shape): untyped.
        assert!(!proposal.types.contains_key("createdAt") && !proposal.types.contains_key("meta"));
        assert_eq!(found[1].types["id"], json!({ "type": "string" }));
    }
}
