//! Step 3 of the recipe: a controller imports the socket-enabled service
//! (`proposalServiceWithSocket`) instead of the plain one. Only the import
//! source's file name changes; the generated module exports the same names,
//! so default and named bindings stay as they are.

use std::path::Path;

use oxc_ast::ast::*;

use super::{import_stem, imports, parse_host, CallVisitor, Outcome, PatchError, SourceFile};
use crate::js::splice::Splice;
use oxc_ast_visit::Visit;

/// Which service module a controller should import instead of which.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ControllerPatch {
    /// File stem of the plain service, e.g. `proposalService`.
    pub base_stem: String,
    /// File stem of the generated service, e.g. `proposalServiceWithSocket`.
    pub socket_stem: String,
}

/// Points the controller's service import at the socket-enabled service.
pub fn add(path: &Path, source: &str, patch: &ControllerPatch) -> Result<Outcome, PatchError> {
    swap(path, source, &patch.base_stem, &patch.socket_stem, true)
}

/// Points the controller's service import back at the plain service.
pub fn remove(path: &Path, source: &str, patch: &ControllerPatch) -> Result<Outcome, PatchError> {
    swap(path, source, &patch.socket_stem, &patch.base_stem, false)
}

/// A module a controller loads: an `import` declaration's source, or the
/// string a `require(...)` call is given (`const { createTask } = require(...)`).
struct Source {
    value: String,
    /// The string literal, quotes included.
    span: oxc_span::Span,
    /// Where the import declaration or the `require` call starts, for messages.
    at: u32,
}

/// Every module source of the file, imports and requires alike.
fn sources(program: &Program<'_>) -> Vec<Source> {
    let mut found: Vec<Source> = imports(program)
        .iter()
        .map(|decl| Source { value: decl.source.value.to_string(), span: decl.source.span, at: decl.span.start })
        .collect();
    CallVisitor {
        f: |call: &CallExpression<'_>| {
            if call.is_require_call() {
                if let Some(Expression::StringLiteral(s)) = call.arguments.first().and_then(|a| a.as_expression()) {
                    found.push(Source { value: s.value.to_string(), span: s.span, at: call.span.start });
                }
            }
        },
    }
    .visit_program(program);
    found
}

/// Rewrites the file name `from` to `to` in the one import (or `require`)
/// whose source ends in `from`. Already loading `to` is the goal state. When
/// neither is loaded, `add` fails (nothing to anchor on) and `remove` has
/// nothing to do.
fn swap(path: &Path, source: &str, from: &str, to: &str, adding: bool) -> Result<Outcome, PatchError> {
    parse_host(path, source, |program, host| {
        let all = sources(program);
        let word = if all.iter().any(|s| imports(program).iter().any(|d| d.source.span == s.span)) {
            "import"
        } else {
            "require"
        };
        // Adding: already on the socket-enabled service. (Removing always
        // reverts a load of it, even if the plain service is loaded too,
        // say for a helper, or the file would load a deleted module.)
        if adding && all.iter().any(|s| import_stem(&s.value) == to) {
            return Ok(Outcome::Unchanged);
        }
        let matching: Vec<&Source> = all.iter().filter(|s| import_stem(&s.value) == from).collect();
        let found = match matching.as_slice() {
            [one] => *one,
            [] if !adding => return Ok(Outcome::Unchanged),
            [] => return Err(missing_import(host, from, to, &all)),
            [first, ..] => {
                let lines: Vec<String> = matching.iter().map(|d| host.line(d.at).to_string()).collect();
                return Err(host.error(
                    first.at,
                    format!(
                        "more than one {word} of `{from}` (lines {}): rtgen cannot tell which to \
                         change; point the one the controller uses at `{to}` by hand",
                        lines.join(", ")
                    ),
                ));
            }
        };
        let mut splice = Splice::new();
        let literal = found.span;
        // Edit the raw text between the quotes, keeping quotes and extension.
        let raw = host.text(literal);
        let inner = &raw[1..raw.len() - 1];
        let name_start = inner.rfind('/').map_or(0, |i| i + 1);
        if !inner[name_start..].starts_with(from) {
            return Err(host.error(
                literal.start,
                format!(
                    "the {word} source `{inner}` is written with escapes: change `{from}` to \
                     `{to}` in it by hand"
                ),
            ));
        }
        let start = literal.start + 1 + name_start as u32;
        splice.replace(start, start + from.len() as u32, to);
        host.finish(splice)
    })
}

fn missing_import(host: &SourceFile<'_>, from: &str, to: &str, all: &[Source]) -> PatchError {
    let found = if all.is_empty() {
        "found no imports or requires".to_string()
    } else {
        format!("found {}", crate::error::backticked(all.iter().map(|d| d.value.as_str()), ", "))
    };
    host.error(
        all.first().map_or(0, |d| d.at),
        format!(
            "no import or `require` of the service `{from}`: looked for a module source \
             ending in `{from}` (or `{from}.js`), {found}; load `{to}` in its place by hand"
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::patch::test_support::{diff, roundtrip};

    const PROPOSAL: &str = "import proposalService from \"../services/proposalService.js\";\nimport { parseId } from \"../utils/http.js\";\n\n/** GET /api/proposals */\nexport const list = async (req, res, next) => {\n  try {\n    res.json(await proposalService.getAllProposals());\n  } catch (error) {\n    next(error);\n  }\n};\n";

    const CONTRACT: &str = "import { ContractService } from '../services/contractService'\nimport { parseId } from '../utils/http.js'\n\nconst contractService = new ContractService()\n\nexport const list = async (req, res) => res.json(await contractService.getAll())\n";

    fn patch(base: &str) -> ControllerPatch {
        ControllerPatch { base_stem: base.into(), socket_stem: format!("{base}WithSocket") }
    }

    /// Regression: a controller pointed at the socket service by hand that also
    /// imports a helper from the plain one kept the deleted module's import.
    #[test]
    fn remove_reverts_the_socket_import_even_beside_a_plain_one() {
        let source = "import proposalService from \"../services/proposalServiceWithSocket.js\";\nimport { pick } from \"../services/proposalService.js\";\n";
        let path = Path::new("c.js");
        assert_eq!(add(path, source, &patch("proposalService")).unwrap(), Outcome::Unchanged);
        let Outcome::Changed(removed) = remove(path, source, &patch("proposalService")).unwrap() else {
            panic!("remove left the socket import")
        };
        assert_eq!(removed, source.replace("proposalServiceWithSocket.js", "proposalService.js"));
    }

    fn run(source: &str, base: &str) -> String {
        let p = patch(base);
        let path = Path::new("backend/src/controllers/x.js");
        let patched = roundtrip(source, |s| add(path, s, &p), |s| remove(path, s, &p));
        diff(source, &patched)
    }

    #[test]
    fn default_import() {
        insta::assert_snapshot!(run(PROPOSAL, "proposalService"));
    }

    #[test]
    fn named_import_without_extension_single_quotes() {
        insta::assert_snapshot!(run(CONTRACT, "contractService"));
    }

    #[test]
    fn already_socket_enabled_after_reformat() {
        let p = patch("proposalService");
        let source = "import proposalService from '../services/proposalServiceWithSocket.js'\n";
        assert_eq!(add(Path::new("c.js"), source, &p).unwrap(), Outcome::Unchanged);
    }

    #[test]
    fn refuses_missing_import() {
        let p = patch("proposalService");
        let source = "import { parseId } from \"../utils/http.js\";\nexport const a = 1;\n";
        let error = add(Path::new("backend/src/controllers/proposalController.js"), source, &p).unwrap_err();
        assert_eq!(error.line, 1);
        insta::assert_snapshot!(error.to_string());
    }

    #[test]
    fn commonjs_requires() {
        // Destructured and whole, without an extension, single quotes.
        let destructured = "const { createTask, deleteTask } = require('../services/taskService');\nconst { ok } = require('../utils/http');\n\nexports.create = async (req, res) => res.json(await createTask(req.body, req.user.id));\n";
        insta::assert_snapshot!(run(destructured, "taskService"));
        let whole = "const express = require(\"express\");\nconst taskService = require(\"../services/taskService.js\");\nmodule.exports = express.Router();\n";
        let patched = roundtrip(
            whole,
            |s| add(Path::new("c.js"), s, &patch("taskService")),
            |s| remove(Path::new("c.js"), s, &patch("taskService")),
        );
        assert!(patched.contains("require(\"../services/taskServiceWithSocket.js\")"), "{patched}");
    }

    #[test]
    fn refuses_a_controller_that_does_not_load_the_service() {
        let p = patch("proposalService");
        let source = "const db = require(\"../db\");\nmodule.exports = {};\n";
        let error = add(Path::new("backend/src/controllers/proposalController.js"), source, &p).unwrap_err();
        let message = error.to_string();
        assert!(
            message.contains("no import or `require` of the service `proposalService`") && message.contains("`../db`"),
            "{message}"
        );
    }
}
