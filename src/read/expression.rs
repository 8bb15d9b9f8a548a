//! Expressions `rtgen.yaml` may hold (`socket.io`, `socket.joins.user`,
//! `socket.joins.role`) are written into generated code, so they are parsed
//! (oxc) and limited to a chain of names: a name, then `.name`, `?.name` or
//! a call without arguments, such as `socketServer.getIO()` or
//! `socket.data.user.id`. Anything else (`||`, arguments, `require`,
//! computed members, templates) is refused.

use oxc_allocator::Allocator;
use oxc_ast::ast::{ChainElement, Expression};
use oxc_parser::Parser;
use oxc_span::SourceType;

/// Names a chain may not start with: they reach beyond the socket server.
const GLOBALS: &[&str] = &[
    "require",
    "process",
    "globalThis",
    "global",
    "window",
    "eval",
    "Function",
    "module",
    "exports",
    "import",
    "this",
];

/// Why `value` is not a chain of names starting with `root` (any name but
/// a global when `None`); `None` when it is one.
pub fn chain_problem(value: &str, root: Option<&str>) -> Option<String> {
    let allocator = Allocator::default();
    let parsed = Parser::new(&allocator, value, SourceType::mjs()).parse_expression();
    let expression = match parsed {
        Ok(expression) => expression,
        Err(diagnostics) => {
            let first = diagnostics.first().map(|d| d.message.to_string()).unwrap_or_default();
            return Some(format!("is not a JavaScript expression ({first})"));
        }
    };
    let Some(first) = chain_root(&expression) else {
        return Some(
            "is not a chain of names (a name, then `.name` or a call without arguments): rtgen writes it into generated code as it is"
                .to_string(),
        );
    };
    match root {
        Some(root) if first != root => Some(format!("starts with `{first}`, not `{root}`")),
        None if GLOBALS.contains(&first) => {
            Some(format!("starts with `{first}`, which is not an export of the socket server module"))
        }
        _ => None,
    }
}

/// The first name of a chain of names, or `None` when it is not one.
fn chain_root<'a>(expression: &'a Expression<'a>) -> Option<&'a str> {
    match expression {
        Expression::Identifier(name) => Some(name.name.as_str()),
        Expression::StaticMemberExpression(member) => chain_root(&member.object),
        Expression::CallExpression(call) if call.arguments.is_empty() => chain_root(&call.callee),
        Expression::ChainExpression(chain) => match &chain.expression {
            ChainElement::StaticMemberExpression(member) => chain_root(&member.object),
            ChainElement::CallExpression(call) if call.arguments.is_empty() => chain_root(&call.callee),
            _ => None,
        },
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chains_of_names_pass_and_code_does_not() {
        for good in ["getIO()", "socketServer.getIO()", "socketServer.io", "sockets?.io"] {
            assert_eq!(chain_problem(good, None), None, "{good}");
        }
        for good in ["socket.user.id", "socket.data.user._id", "socket.request.user?.role"] {
            assert_eq!(chain_problem(good, Some("socket")), None, "{good}");
        }
        for bad in [
            "getIO() || require(\"child_process\").execSync(\"id\")",
            "getIO(1)",
            "a[b]",
            "`x`",
            "require.cache",
            "(0, getIO)()",
            "new Server()",
            "getIO(); process.exit()",
        ] {
            assert!(chain_problem(bad, None).is_some(), "{bad}");
        }
        assert!(chain_problem("user.id", Some("socket")).unwrap().contains("not `socket`"));
        assert!(chain_problem("socket.user.", Some("socket")).unwrap().contains("is not a JavaScript expression"));
    }
}
