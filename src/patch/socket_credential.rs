//! The front's socket sends the credential its API calls already carry, so
//! the socket middleware rtgen generates from the HTTP API's auth knows the
//! socket's user: `auth: (cb) => cb({ token: localStorage.getItem("token") })`
//! (a callback, so every reconnect reads a fresh token) or
//! `withCredentials: true` (cookies), added to the options of the one
//! `io(...)` call of the file.
//!
//! Anchor: the `io(...)` call of `socket.io-client`. The property goes last in
//! its options object (an options object is added when there is none), under a
//! marker comment by which `remove` finds exactly what `add` put there. A
//! property the host already set is the host's: `withCredentials: true` is
//! left alone, an `auth` of its own is not replaced.

use std::path::Path;

use oxc_ast::ast::*;
use oxc_ast_visit::{walk, Visit};
use oxc_span::{GetSpan, Span};

use super::{parse_host, Outcome, PatchError, SourceFile};
use crate::js::splice::Splice;

/// The comment above the property rtgen adds.
pub const MARKER: &str = "rtgen: sends the API's credential, so the server knows this socket's user";

/// What the socket is to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Send {
    /// A token, read by this expression (canonical style) on every (re)connect.
    Token(String),
    /// The cookies of the page's origin.
    Cookies,
}

impl Send {
    fn key(&self) -> &'static str {
        match self {
            Send::Token(_) => "auth",
            Send::Cookies => "withCredentials",
        }
    }

    /// The property, canonical style.
    pub fn property(&self) -> String {
        match self {
            Send::Token(read) => format!("auth: (cb) => cb({{ token: {read} }})"),
            Send::Cookies => "withCredentials: true".into(),
        }
    }
}

struct Creation {
    call: Span,
    /// The arguments' spans, and the options object's property spans with keys.
    args: Vec<Span>,
    options: Option<(usize, Span, Vec<(Option<String>, Span)>)>,
}

/// The one `io(...)` call of the file.
fn creation(program: &Program<'_>, host: &SourceFile<'_>) -> Result<Creation, PatchError> {
    let creators = crate::read::socket_owner::creators(program);
    struct Calls<'c>(&'c [String], Vec<Creation>);
    impl<'a> Visit<'a> for Calls<'_> {
        fn visit_call_expression(&mut self, it: &CallExpression<'a>) {
            if matches!(it.callee.get_inner_expression(), Expression::Identifier(id) if self.0.iter().any(|c| c.as_str() == id.name.as_str()))
            {
                let args: Vec<Span> = it.arguments.iter().map(|a| a.span()).collect();
                let at = if it.arguments.len() == 1
                    && matches!(
                        it.arguments[0].as_expression().map(|e| e.get_inner_expression()),
                        Some(Expression::ObjectExpression(_))
                    ) {
                    0
                } else {
                    1
                };
                let options = it.arguments.get(at).and_then(|a| match a.as_expression()?.get_inner_expression() {
                    Expression::ObjectExpression(o) => Some((
                        at,
                        o.span,
                        o.properties
                            .iter()
                            .map(|p| match p {
                                ObjectPropertyKind::ObjectProperty(p) => {
                                    (p.key.static_name().map(|k| k.to_string()), p.span)
                                }
                                ObjectPropertyKind::SpreadProperty(s) => (None, s.span),
                            })
                            .collect(),
                    )),
                    _ => None,
                });
                self.1.push(Creation { call: it.span, args, options });
            }
            walk::walk_call_expression(self, it);
        }
    }
    let mut calls = Calls(&creators, Vec::new());
    calls.visit_program(program);
    match calls.1.len() {
        1 => Ok(calls.1.pop().expect("one")),
        0 => Err(host.error(0, "no `io(...)` call of `socket.io-client` creates a socket here")),
        _ => Err(host.error(calls.1[1].call.start, "this file creates more than one socket (`io(...)`): rtgen cannot tell which one reaches the server's real-time updates")),
    }
}

/// Whether the comment right before `property` (after `from`) is rtgen's marker.
fn marked(host: &SourceFile<'_>, program: &Program<'_>, from: u32, property: Span) -> Option<Span> {
    program
        .comments
        .iter()
        .find(|c| c.span.start >= from && c.span.end <= property.start && host.text(c.span).contains(MARKER))
        .map(|c| c.span)
}

/// Whether the socket's options already send a credential of `send`'s kind:
/// an `auth` of any kind (the host's own, or the lines rtgen printed, applied
/// by hand), or `withCredentials: true`.
pub fn already_sends(path: &Path, source: &str, send: &Send) -> bool {
    parse_host(path, source, |program, host| {
        let creation = creation(program, host)?;
        Ok(creation.options.is_some_and(|(_, _, properties)| {
            properties.iter().any(|(key, span)| match send {
                Send::Token(_) => key.as_deref() == Some("auth"),
                Send::Cookies => {
                    key.as_deref() == Some("withCredentials")
                        && host.text(*span).replace(' ', "") == "withCredentials:true"
                }
            })
        }))
    })
    .unwrap_or(false)
}

/// Adds the property that sends `send`.
pub fn add(path: &Path, source: &str, send: &Send) -> Result<Outcome, PatchError> {
    parse_host(path, source, |program, host| {
        let creation = creation(program, host)?;
        let mut splice = Splice::new();
        let property = adapt_property(host, &send.property())?;
        let eol = host.eol();
        let call_indent = host.line_indent(creation.call.start).to_string();
        let unit = host.style.indent_unit();
        match &creation.options {
            Some((_, object, properties)) => {
                if let Some((_, span)) = properties.iter().find(|(k, _)| k.as_deref() == Some(send.key())) {
                    let text = host.text(*span);
                    let own = matches!(send, Send::Cookies) && text.replace(' ', "") == "withCredentials:true";
                    if own || marked(host, program, object.start, *span).is_some() {
                        return Ok(Outcome::Unchanged);
                    }
                    return Err(host
                        .error(
                            span.start,
                            format!(
                                "the socket already sets `{}` (`{text}`): rtgen will not replace the host's own",
                                send.key()
                            ),
                        )
                        .with_snippet("make it send the credential the API calls send:", send.property()));
                }
                match properties.last() {
                    Some((_, last)) => {
                        let indent = if host.text(Span::new(object.start, last.start)).contains('\n') {
                            host.line_indent(last.start).to_string()
                        } else {
                            format!("{call_indent}{unit}")
                        };
                        let block = format!("{eol}{indent}// {MARKER}{eol}{indent}{property}");
                        match comma_after(source, last.end) {
                            Some(comma) => splice.insert(comma + 1, format!("{block},")),
                            None => splice.insert(last.end, format!(",{block}")),
                        }
                    }
                    None => {
                        let inner = format!("{call_indent}{unit}");
                        splice.replace(
                            object.start + 1,
                            object.end - 1,
                            format!("{eol}{inner}// {MARKER}{eol}{inner}{property},{eol}{call_indent}"),
                        );
                    }
                }
            }
            None => {
                let inner = format!("{call_indent}{unit}");
                let object = format!("{{{eol}{inner}// {MARKER}{eol}{inner}{property},{eol}{call_indent}}}");
                match creation.args.as_slice() {
                    [] => splice.insert(creation.call.end - 1, object),
                    [url] => splice.insert(url.end, format!(", {object}")),
                    [_, other, ..] => {
                        return Err(host
                            .error(other.start, "the socket's options are not written in place (`io(url, { ... })`), so rtgen cannot add to them")
                            .with_snippet("add this property to the options the socket is created with:", send.property()))
                    }
                }
            }
        }
        host.finish(splice)
    })
}

/// Takes out the property `add` put there (found by its marker), byte for byte.
pub fn remove(path: &Path, source: &str) -> Result<Outcome, PatchError> {
    parse_host(path, source, |program, host| {
        let creation = creation(program, host)?;
        let Some((at, object, properties)) = &creation.options else { return Ok(Outcome::Unchanged) };
        let mut splice = Splice::new();
        for (i, (_, span)) in properties.iter().enumerate() {
            let from = if i == 0 { object.start } else { properties[i - 1].1.end };
            if marked(host, program, from, *span).is_none() {
                continue;
            }
            if properties.len() == 1 {
                // rtgen made the whole options object.
                match at {
                    0 => splice.delete(object.start, object.end),
                    _ => splice.delete(creation.args[at - 1].end, object.end),
                }
            } else if i == 0 {
                // Not where `add` puts it: a formatter moved it; take the property and its comma.
                let end = comma_after(source, span.end).map_or(span.end, |c| c + 1);
                splice.delete(object.start + 1, end);
            } else {
                let prev = properties[i - 1].1.end;
                match comma_after(source, span.end) {
                    Some(comma) => splice.delete(comma_after(source, prev).map_or(prev, |c| c + 1), comma + 1),
                    None => splice.delete(prev, span.end),
                }
            }
        }
        host.finish(splice)
    })
}

/// The offset of the `,` that follows `at` across blanks and comments, if any.
fn comma_after(source: &str, at: u32) -> Option<u32> {
    let rest = &source[at as usize..];
    let mut i = 0;
    let bytes = rest.as_bytes();
    while i < bytes.len() {
        match bytes[i] {
            b' ' | b'\t' | b'\r' | b'\n' => i += 1,
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                // A line comment belongs to the next property only when it is rtgen's.
                if rest[i..].starts_with(&format!("// {MARKER}")) {
                    return None;
                }
                i += rest[i..].find('\n').unwrap_or(rest.len() - i);
            }
            b',' => return Some(at + i as u32),
            _ => return None,
        }
    }
    None
}

/// `property` in the host's quotes.
fn adapt_property(host: &SourceFile<'_>, property: &str) -> Result<String, PatchError> {
    let wrapped = host.adapt(&format!("x({{ {property} }});"), "")?;
    let inner = wrapped.trim_end().trim_end_matches(';');
    let inner = inner.strip_prefix("x({ ").and_then(|s| s.strip_suffix(" })"));
    Ok(inner.unwrap_or(property).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::patch::test_support::{diff, roundtrip};

    fn run(source: &str, send: &Send) -> String {
        let path = Path::new("src/socket.js");
        let patched = roundtrip(source, |s| add(path, s, send), |s| remove(path, s));
        diff(source, &patched)
    }

    #[test]
    fn a_multi_line_options_object_gets_the_token_callback_last() {
        let source = "import { io } from 'socket.io-client';\n\nexport const socket = io(URL, {\n  autoConnect: false,\n  transports: ['websocket']\n});\n";
        let out = run(source, &Send::Token("localStorage.getItem(\"token\")".into()));
        assert!(out.contains("+  transports: ['websocket'],\n+  // rtgen"), "{out}");
        assert!(out.contains("+  auth: (cb) => cb({ token: localStorage.getItem('token') })\n"), "{out}");
    }

    #[test]
    fn a_trailing_comma_style_keeps_it() {
        let source = "import { io } from \"socket.io-client\";\nconst socket = io(URL, {\n    withCredentials: false,\n    autoConnect: false,\n});\nexport default socket;\n";
        let out = run(source, &Send::Token("sessionStorage.getItem(\"jwt\")".into()));
        assert!(out.contains("+    auth: (cb) => cb({ token: sessionStorage.getItem(\"jwt\") }),\n"), "{out}");
    }

    #[test]
    fn no_options_gets_an_options_object() {
        let source = "import io from 'socket.io-client';\n\nconst client = io('http://localhost:3001');\n\nexport default client;\n";
        let out = run(source, &Send::Cookies);
        assert!(out.contains("+const client = io('http://localhost:3001', {\n+  // rtgen"), "{out}");
        assert!(out.contains("+  withCredentials: true,\n+});"), "{out}");
        let bare = "import { io } from \"socket.io-client\";\nexport default io();\n";
        let out = run(bare, &Send::Cookies);
        assert!(out.contains("+export default io({"), "{out}");
    }

    #[test]
    fn cookies_already_sent_are_left_alone() {
        let source = "import { io } from 'socket.io-client';\nconst socket = io(URL, {\n  autoConnect: false,\n  withCredentials: true,\n});\n";
        let path = Path::new("src/socket.ts");
        assert_eq!(add(path, source, &Send::Cookies).unwrap(), Outcome::Unchanged);
        assert_eq!(remove(path, source).unwrap(), Outcome::Unchanged);
    }

    #[test]
    fn the_hosts_own_auth_is_not_replaced() {
        let source = "import { io } from 'socket.io-client';\nconst socket = io(URL, { auth: { userId } });\n";
        let error = add(Path::new("src/socket.js"), source, &Send::Token("localStorage.getItem(\"token\")".into()))
            .unwrap_err();
        assert!(error.to_string().contains("already sets `auth`"), "{error}");
    }

    #[test]
    fn crlf_and_a_single_line_object() {
        let source =
            "import { io } from 'socket.io-client'\r\nexport const socket = io(URL, { autoConnect: false })\r\n";
        let out = run(source, &Send::Token("localStorage.getItem(\"token\")".into()));
        assert!(out.contains("auth: (cb) => cb({ token: localStorage.getItem('token') }) })"), "{out}");
    }
}
