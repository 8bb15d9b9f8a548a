//! `event-names`: no event rtgen sends under a name the host already sends
//! itself. The host's own clients listen for `task:created` with the payload
//! the host sends; rtgen's `{ task }` under the same name would reach those
//! listeners in a shape they do not read (and its own listeners would get
//! the host's). A backend file that calls `.emit(` and holds the event's
//! name as a string is the host sending it.

use std::path::Path;

use oxc_ast::ast::*;
use oxc_ast_visit::{walk, Visit};

use super::Check;
use crate::error::LocatedError;
use crate::js::paths::slash;
use crate::plan::load::ModuleInput;
use crate::plan::workspace::Workspace;
use crate::read::spec::Lifecycle;

pub(super) const CHECK: Check = Check { name: "event-names", find };

fn find(ws: &Workspace, input: &ModuleInput) -> anyhow::Result<Vec<LocatedError>> {
    let prefix = format!("{}:", input.names.event_prefix);
    let mut errors = Vec::new();
    let backend = Path::new(&ws.profile.backend.root);
    let generated = input.paths.generated();
    for file in ws.host.walk(backend, 8, 4000)? {
        if !file.extension().is_some_and(|e| matches!(e.to_str(), Some("js" | "mjs" | "cjs" | "ts" | "mts" | "cts")))
            || generated.contains(&file.as_path())
        {
            continue;
        }
        let Some(text) = ws.host.read(&file)? else { continue };
        // rtgen's own files (a module's old events file) are rtgen's to replace.
        if !text.contains(&prefix)
            || !text.contains(".emit(")
            || crate::js::header::inspect(&text) != crate::js::header::HeaderState::NotGenerated
        {
            continue;
        }
        for (line, name) in sent_names(&file, &text, &prefix) {
            let Some((i, event)) = input.loaded.spec.events.iter().enumerate().find(|(_, e)| e.name == name) else {
                continue;
            };
            errors.push(renamed(input, i, event, &format!("{}:{line}", slash(&file))));
        }
    }
    Ok(errors)
}

/// The refusal for event `i`, which the host already sends at `at`.
fn renamed(input: &ModuleInput, i: usize, event: &crate::read::spec::EventSpec, at: &str) -> LocatedError {
    let full = format!("{}:{}", input.names.event_prefix, event.name);
    let lifecycle = Lifecycle::of(&event.name);
    let method = event
        .method
        .clone()
        .unwrap_or_else(|| format!("{}{}", lifecycle.map(|l| l.method_verb()).unwrap_or_default(), input.names.pascal));
    let help = match lifecycle {
        // Its old-status comparison belongs to the name.
        Some(Lifecycle::StatusChanged) => format!(
            "stop the host's own `{full}` at `{at}` (rtgen's event replaces it), or remove the event from the spec"
        ),
        _ => {
            let new = format!("{}Live", event.name);
            format!(
                "rename the event, e.g. `name: {new}` with `method: {method}` (sent as `{}:{new}`), or stop the host's own `{full}` at `{at}`",
                input.names.event_prefix
            )
        }
    };
    input
        .loaded
        .error_at(
            &format!("events[{i}].name"),
            format!(
                "the host already sends `{full}` (`{at}`), with its own payload: its listeners would get rtgen's `{{ {} }}` under that name",
                input.names.camel
            ),
        )
        .with_help(help)
}

/// The event names (after `prefix`) that string literals of a file hold, with their lines.
fn sent_names(path: &Path, text: &str, prefix: &str) -> Vec<(usize, String)> {
    struct Strings<'p> {
        prefix: &'p str,
        found: Vec<(u32, String)>,
    }
    impl<'a> Visit<'a> for Strings<'_> {
        fn visit_string_literal(&mut self, it: &StringLiteral<'a>) {
            if let Some(name) = it.value.strip_prefix(self.prefix) {
                self.found.push((it.span.start, name.to_string()));
            }
        }
        fn visit_template_literal(&mut self, it: &TemplateLiteral<'a>) {
            if let ([quasi], true) = (it.quasis.as_slice(), it.expressions.is_empty()) {
                if let Some(name) = quasi.value.raw.strip_prefix(self.prefix) {
                    self.found.push((it.span.start, name.to_string()));
                }
            }
            walk::walk_template_literal(self, it);
        }
    }
    let found = crate::js::parse::with_program(path, text, |program| {
        let mut strings = Strings { prefix, found: Vec::new() };
        strings.visit_program(program);
        strings.found
    })
    .unwrap_or_default();
    found.into_iter().map(|(offset, name)| (text[..offset as usize].matches('\n').count() + 1, name)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_in_string_literals_are_read_with_their_lines() {
        let text = "const EVENTS = {\n  CREATED: \"task:created\",\n};\nio.emit(`task:deleted`, { id });\nio.emit(`task:${x}`, 1);\nlog(\"project:created\");\n";
        assert_eq!(
            sent_names(Path::new("a.js"), text, "task:"),
            vec![(2, "created".to_string()), (4, "deleted".to_string())]
        );
    }
}
