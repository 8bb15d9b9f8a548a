//! Start-up wiring the host's own way. Where the server entry already wires
//! a socket-enabled service the recipe's way,
//!
//! ```js
//! const ticketService = (await import("./services/ticketServiceWithSocket.js")).default;
//! ticketService.initializeSocketEvents();
//! ```
//!
//! a new module is wired the same way, right after the last of them, with
//! the same method and arguments; its generated service offers that method.
//! Recognised by meaning (a dynamic import of a `...WithSocket` module whose
//! default export then has an `init...` method called), however a formatter
//! wrapped the lines; `remove` deletes exactly the two lines again.
//!
//! A CommonJS entry may wire them with `require` instead:
//!
//! ```js
//! const ticketService = require("./services/ticketServiceWithSocket");
//! ticketService.initializeSocketEvents();
//! ```
//!
//! and a new module is then loaded with `require` too.

use std::path::Path;

use oxc_ast::ast::*;
use oxc_span::{GetSpan, Span};

use super::{member_call_object, parse_host, statement_call, ListVisitor, Outcome, PatchError, SourceFile};
use crate::js::splice::Splice;
use oxc_ast_visit::Visit;

/// How the entry wires its socket-enabled services.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Precedent {
    /// The method start-up calls, e.g. `initializeSocketEvents`.
    pub method: String,
    /// Its arguments as written, e.g. `socketServer` (often empty).
    pub args: String,
    /// How the entry loads the service: `(await import(...)).default` or `require(...)`.
    pub loader: Loader,
}

/// How a wired service is loaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Loader {
    DynamicImport,
    Require,
}

/// A module to wire: its local name and the specifier of its socket-enabled service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WiredModule {
    pub binding: String,
    pub specifier: String,
}

/// One wired service found in a statement list.
struct Found {
    specifier: String,
    import: Span,
    call: Span,
    /// The start of the statement after the call, if any.
    limit: Option<u32>,
    method: String,
    args: String,
    loader: Loader,
}

/// The entry's precedent, if it wires any service this way.
pub fn precedent(path: &Path, source: &str) -> Result<Option<Precedent>, PatchError> {
    parse_host(path, source, |program, file| {
        Ok(wired(program, file).last().map(|f| Precedent {
            method: f.method.clone(),
            args: f.args.clone(),
            loader: f.loader,
        }))
    })
}

/// Wires each module not wired yet, after the last wired service, in order.
pub fn add(path: &Path, source: &str, modules: &[WiredModule], precedent: &Precedent) -> Result<Outcome, PatchError> {
    parse_host(path, source, |program, file| {
        let found = wired(program, file);
        let Some(last) = found.last() else {
            return Err(file.error(0, "found no service wired at start-up to follow"));
        };
        let mut splice = Splice::new();
        for module in modules {
            if found.iter().any(|f| crate::patch::same_module(&f.specifier, &module.specifier)) {
                continue;
            }
            let load = match precedent.loader {
                Loader::DynamicImport => format!("(await import(\"{}\")).default", module.specifier),
                Loader::Require => format!("require(\"{}\")", module.specifier),
            };
            let code = format!(
                "const {binding} = {load};\n{binding}.{method}({args});",
                binding = module.binding,
                method = precedent.method,
                args = precedent.args
            );
            file.insert_after(&mut splice, last.call, last.limit, &code, false)?;
        }
        file.finish(splice)
    })
}

/// Deletes each module's two lines.
pub fn remove(path: &Path, source: &str, modules: &[WiredModule]) -> Result<Outcome, PatchError> {
    parse_host(path, source, |program, file| {
        let mut spans = Vec::new();
        for f in wired(program, file) {
            if modules.iter().any(|m| crate::patch::same_module(&f.specifier, &m.specifier)) {
                spans.push(f.import);
                spans.push(f.call);
            }
        }
        let mut splice = Splice::new();
        file.remove_statements(&mut splice, &spans);
        file.finish(splice)
    })
}

/// Every `const x = (await import("...WithSocket...")).default;` followed in
/// its statement list by `x.init...(...);`.
fn wired(program: &Program<'_>, file: &SourceFile<'_>) -> Vec<Found> {
    let mut found = Vec::new();
    ListVisitor {
        f: |list: &[Statement<'_>]| {
            for (i, stmt) in list.iter().enumerate() {
                let Some((binding, specifier, loader)) = dynamic_import(stmt) else { continue };
                if !specifier.trim_end_matches(".js").trim_end_matches(".ts").ends_with("WithSocket") {
                    continue;
                }
                for (j, next) in list.iter().enumerate().skip(i + 1) {
                    let Some(call) = statement_call(next) else { continue };
                    let Expression::StaticMemberExpression(m) = call.callee.get_inner_expression() else { continue };
                    if member_call_object(call, m.property.name.as_str()) != Some(binding.as_str())
                        || !m.property.name.starts_with("init")
                    {
                        continue;
                    }
                    let args = match (call.arguments.first(), call.arguments.last()) {
                        (Some(first), Some(last)) => {
                            file.text(Span::new(first.span().start, last.span().end)).to_string()
                        }
                        _ => String::new(),
                    };
                    found.push(Found {
                        specifier: specifier.clone(),
                        import: stmt.span(),
                        call: next.span(),
                        limit: list.get(j + 1).map(|s| s.span().start),
                        method: m.property.name.to_string(),
                        args,
                        loader,
                    });
                    break;
                }
            }
        },
    }
    .visit_program(program);
    found.sort_by_key(|f| f.call.start);
    found
}

/// `const x = (await import("<specifier>")).default;` or
/// `const x = require("<specifier>");` -> `(x, specifier, loader)`.
fn dynamic_import(stmt: &Statement<'_>) -> Option<(String, String, Loader)> {
    let Statement::VariableDeclaration(decl) = stmt else { return None };
    let [declarator] = decl.declarations.as_slice() else { return None };
    let (BindingPattern::BindingIdentifier(id), Some(init)) = (&declarator.id, &declarator.init) else { return None };
    let (specifier, loader) = match super::dynamic_default_source(init) {
        Some(specifier) => (specifier, Loader::DynamicImport),
        None => (super::commonjs::required_module(init)?.to_string(), Loader::Require),
    };
    Some((id.name.to_string(), specifier, loader))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::patch::test_support::{diff, roundtrip};

    const ENTRY: &str = "import { createServer } from \"http\";\nimport app from \"./app.js\";\nimport socketServer from \"./socket/socketServer.js\";\n\nconst httpServer = createServer(app);\nsocketServer.initialize(httpServer);\n\nconst startServer = async () => {\n  try {\n    // Initialize socket events for ticket service\n    const ticketService = (\n      await import(\"./services/ticketServiceWithSocket.js\")\n    ).default;\n    ticketService.initializeSocketEvents();\n\n    httpServer.listen(5000);\n  } catch (error) {\n    process.exit(1);\n  }\n};\n\nstartServer();\n";

    fn modules() -> Vec<WiredModule> {
        vec![
            WiredModule {
                binding: "proposalService".into(),
                specifier: "./services/proposalServiceWithSocket.js".into(),
            },
            WiredModule {
                binding: "contractService".into(),
                specifier: "./services/contractServiceWithSocket.js".into(),
            },
        ]
    }

    #[test]
    fn new_modules_are_wired_like_the_ticket_module() {
        let found = precedent(Path::new("index.js"), ENTRY).unwrap().unwrap();
        assert_eq!(
            found,
            Precedent { method: "initializeSocketEvents".into(), args: String::new(), loader: Loader::DynamicImport }
        );
        let m = modules();
        let added =
            roundtrip(ENTRY, |s| add(Path::new("index.js"), s, &m, &found), |s| remove(Path::new("index.js"), s, &m));
        insta::assert_snapshot!(diff(ENTRY, &added));
    }

    #[test]
    fn arguments_are_passed_the_same_way() {
        let entry =
            ENTRY.replace("ticketService.initializeSocketEvents();", "ticketService.initializeSocket(socketServer);");
        let found = precedent(Path::new("index.js"), &entry).unwrap().unwrap();
        assert_eq!((found.method.as_str(), found.args.as_str()), ("initializeSocket", "socketServer"));
        let Outcome::Changed(after) = add(Path::new("index.js"), &entry, &modules()[..1], &found).unwrap() else {
            panic!()
        };
        assert!(
            after.contains("    proposalService.initializeSocket(socketServer);\n\n    httpServer.listen"),
            "{after}"
        );
    }

    #[test]
    fn a_required_service_is_followed_with_require() {
        let entry = "const http = require(\"http\");\nconst app = require(\"./src/app\");\nconst ticketService = require(\"./src/services/ticketServiceWithSocket\");\nticketService.initializeSocketEvents();\n\nhttp.createServer(app).listen(5000);\n";
        let path = Path::new("index.js");
        let found = precedent(path, entry).unwrap().unwrap();
        assert_eq!(found.loader, Loader::Require);
        let m = vec![WiredModule {
            binding: "proposalService".into(),
            specifier: "./src/services/proposalServiceWithSocket".into(),
        }];
        let added = roundtrip(entry, |s| add(path, s, &m, &found), |s| remove(path, s, &m));
        assert!(
            added.contains("ticketService.initializeSocketEvents();\nconst proposalService = require(\"./src/services/proposalServiceWithSocket\");\nproposalService.initializeSocketEvents();\n"),
            "{added}"
        );
        assert!(!added.contains("import"), "{added}");
    }

    #[test]
    fn no_precedent_without_a_wired_service() {
        assert_eq!(
            precedent(Path::new("i.js"), "const x = (await import(\"./a.js\")).default;\nx.initialize();\n").unwrap(),
            None
        );
    }
}
