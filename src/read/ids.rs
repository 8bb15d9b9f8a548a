//! Which id a module's records carry where rtgen sees them: a Mongoose
//! document's JSON has `_id`, but a service or handler that maps each
//! document to a plain object (`{ id: task._id.toString(), title }`) returns
//! `id`, and an event keyed on `_id` would find none in what it returns.

use std::path::Path;

use oxc_ast::ast::*;
use oxc_ast_visit::{walk, Visit};

/// The 1-based line of the first object literal in `source` that sets `id`
/// from a document's `_id` (`id: doc._id`, `id: String(doc._id)`,
/// `id: doc._id.toString()`) and carries no `_id` (no `_id` key, no spread):
/// the module returns records with `id` only.
pub fn maps_underscore_id_to_id(path: &Path, source: &str) -> Option<usize> {
    struct Finder {
        found: Option<u32>,
    }
    struct MentionsUnderscoreId(bool);
    impl<'a> Visit<'a> for MentionsUnderscoreId {
        fn visit_static_member_expression(&mut self, it: &StaticMemberExpression<'a>) {
            self.0 |= it.property.name == "_id";
            walk::walk_static_member_expression(self, it);
        }
        fn visit_identifier_reference(&mut self, it: &IdentifierReference<'a>) {
            self.0 |= it.name == "_id";
        }
    }
    impl<'a> Visit<'a> for Finder {
        fn visit_object_expression(&mut self, it: &ObjectExpression<'a>) {
            // `_id` kept beside `id`, or spread in with the rest: the record has both.
            let keeps_underscore = it.properties.iter().any(|p| match p {
                ObjectPropertyKind::ObjectProperty(p) => p.key.static_name().is_some_and(|k| k == "_id"),
                ObjectPropertyKind::SpreadProperty(_) => true,
            });
            for property in &it.properties {
                let ObjectPropertyKind::ObjectProperty(p) = property else { continue };
                if self.found.is_none() && !keeps_underscore && p.key.static_name().is_some_and(|k| k == "id") {
                    let mut mentions = MentionsUnderscoreId(false);
                    mentions.visit_expression(&p.value);
                    if mentions.0 {
                        self.found = Some(p.span.start);
                    }
                }
            }
            walk::walk_object_expression(self, it);
        }
    }
    let offset = crate::js::parse::with_program(path, source, |program| {
        let mut finder = Finder { found: None };
        finder.visit_program(program);
        finder.found
    })
    .ok()??;
    Some(source[..offset as usize].matches('\n').count() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(source: &str) -> Option<usize> {
        maps_underscore_id_to_id(Path::new("s.js"), source)
    }

    #[test]
    fn plain_objects_with_an_id_from_the_document_are_found() {
        assert_eq!(line("const toDto = (t) => ({\n  id: t._id.toString(),\n  title: t.title,\n});"), Some(2));
        assert_eq!(
            line("export const list = async () => (await Task.find()).map((t) => ({ id: String(t._id) }));"),
            Some(1)
        );
        assert_eq!(line("function f(doc) {\n  const { _id, title } = doc;\n  return { id: _id, title };\n}"), Some(3));
        // `_id` kept, or a spread that may carry it: both ids, nothing to say.
        assert_eq!(line("const f = (t) => ({ ...t.toObject(), id: t._id });"), None);
        assert_eq!(line("const f = (t) => ({ _id: t._id, id: t._id });"), None);
        // An id from elsewhere, or `_id` under another key, says nothing.
        assert_eq!(line("const f = () => ({ id: uuid(), ownerId: user._id });"), None);
        assert_eq!(line("Task.findOne({ _id: id });"), None);
    }
}
