//! TypeORM entities: `@Entity("orders") export class Order { ... }` with
//! `@Column()`-decorated properties as columns, and `@ManyToOne(() => User)`
//! relations naming their target. A relation's id travels in the record as
//! the column its `@JoinColumn({ name })` names, or TypeORM's default
//! `<property>Id` when the class declares it; else as the relation itself
//! (an object with its `id`, when loaded).

use std::collections::BTreeMap;
use std::path::Path;

use oxc_ast::ast::*;
use oxc_ast_visit::{walk, Visit};

/// One entity class.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeOrmEntity {
    /// The class name and the table name `@Entity(...)` gives.
    pub names: Vec<String>,
    pub columns: Vec<String>,
    /// Column -> the entity its relation targets.
    pub refs: BTreeMap<String, String>,
}

const COLUMN_DECORATORS: &[&str] = &[
    "Column",
    "PrimaryGeneratedColumn",
    "PrimaryColumn",
    "CreateDateColumn",
    "UpdateDateColumn",
    "DeleteDateColumn",
    "VersionColumn",
    "ObjectIdColumn",
    "RelationId",
];

const RELATION_DECORATORS: &[&str] = &["ManyToOne", "OneToOne", "ManyToMany"];

/// Every `@Entity` class of a file.
pub fn entities(path: &Path, source: &str) -> Vec<TypeOrmEntity> {
    crate::js::parse::with_program(path, source, |program| {
        let mut finder = Finder(Vec::new());
        finder.visit_program(program);
        finder.0
    })
    .unwrap_or_default()
}

struct Finder(Vec<TypeOrmEntity>);

fn decorator_call<'a, 'b>(decorator: &'b Decorator<'a>) -> Option<(&'b str, &'b CallExpression<'a>)> {
    match &decorator.expression {
        Expression::CallExpression(call) => match call.callee.get_inner_expression() {
            Expression::Identifier(id) => Some((id.name.as_str(), call)),
            _ => None,
        },
        _ => None,
    }
}

/// The name of a string property of an object argument (`{ name: "courier_id" }`).
fn named(call: &CallExpression<'_>, key: &str) -> Option<String> {
    call.arguments.iter().filter_map(|a| a.as_expression()).find_map(|e| match e.get_inner_expression() {
        Expression::ObjectExpression(o) => o.properties.iter().find_map(|p| match p {
            ObjectPropertyKind::ObjectProperty(p) if p.key.static_name().as_deref() == Some(key) => {
                match p.value.get_inner_expression() {
                    Expression::StringLiteral(s) => Some(s.value.to_string()),
                    _ => None,
                }
            }
            _ => None,
        }),
        _ => None,
    })
}

/// `() => User` -> `User`.
fn relation_target(call: &CallExpression<'_>) -> Option<String> {
    match call.arguments.first()?.as_expression()?.get_inner_expression() {
        Expression::ArrowFunctionExpression(arrow) => match arrow.get_expression()?.get_inner_expression() {
            Expression::Identifier(id) => Some(id.name.to_string()),
            _ => None,
        },
        Expression::StringLiteral(s) => Some(s.value.to_string()),
        _ => None,
    }
}

impl<'a> Visit<'a> for Finder {
    fn visit_class(&mut self, it: &Class<'a>) {
        let entity = it.decorators.iter().filter_map(decorator_call).find(|(name, _)| *name == "Entity");
        if let (Some((_, call)), Some(id)) = (entity, &it.id) {
            let mut names = vec![id.name.to_string()];
            match call.arguments.first().and_then(|a| a.as_expression()).map(|e| e.get_inner_expression()) {
                Some(Expression::StringLiteral(s)) => names.push(s.value.to_string()),
                _ => names.extend(named(call, "name")),
            }
            let mut columns = Vec::new();
            let mut relations = Vec::new();
            for element in &it.body.body {
                let ClassElement::PropertyDefinition(property) = element else { continue };
                let Some(key) = property.key.static_name() else { continue };
                let decorators: Vec<_> = property.decorators.iter().filter_map(decorator_call).collect();
                if decorators.iter().any(|(name, _)| COLUMN_DECORATORS.contains(name)) {
                    columns.push(key.to_string());
                }
                if let Some((_, call)) = decorators.iter().find(|(name, _)| RELATION_DECORATORS.contains(name)) {
                    let join =
                        decorators.iter().find(|(name, _)| *name == "JoinColumn").and_then(|(_, c)| named(c, "name"));
                    if let Some(target) = relation_target(call) {
                        relations.push((key.to_string(), join, target));
                    }
                }
            }
            let mut refs = BTreeMap::new();
            for (property, join, target) in relations {
                let id_column = join.unwrap_or_else(|| format!("{property}Id"));
                let column = if columns.contains(&id_column) {
                    id_column
                } else {
                    columns.push(property.clone());
                    property
                };
                refs.insert(column, target);
            }
            self.0.push(TypeOrmEntity { names, columns, refs });
        }
        walk::walk_class(self, it);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entity_columns_and_relations() {
        let source = "import { Entity, Column, PrimaryGeneratedColumn, ManyToOne, JoinColumn } from 'typeorm';\nimport { User } from './User';\n\n@Entity('orders')\nexport class Order {\n  @PrimaryGeneratedColumn() id: number;\n  @Column() title: string;\n  @Column({ nullable: true }) courierId: number;\n  @ManyToOne(() => User) @JoinColumn({ name: 'courierId' }) courier: User;\n  @ManyToOne(() => User, (u) => u.orders) customer: User;\n  @ManyToOne(() => Shop) shop: Shop;\n  helper: string;\n}\n";
        let found = entities(Path::new("Order.ts"), source);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].names, ["Order", "orders"]);
        assert_eq!(found[0].columns, ["id", "title", "courierId", "customer", "shop"]);
        assert_eq!(found[0].refs["courierId"], "User");
        assert_eq!(found[0].refs["customer"], "User");
        assert_eq!(found[0].refs["shop"], "Shop");
    }
}
