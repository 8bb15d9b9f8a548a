//! Where the front's socket lives, read from the module that imports
//! `socket.io-client`: the call that creates the socket (`io(...)`) is in the
//! module itself (a socket module or service, what `rtgen add` wires), or
//! inside a `*Provider`/`*Context` component's effect, a `use*` hook, a
//! zustand store (`create(...)` from `zustand`) or a Redux slice/thunk, or a
//! plain function of the module (`connectSocket()`).

use std::path::Path;

use oxc_ast::ast::*;
use oxc_ast_visit::{walk, Visit};
use oxc_span::GetSpan;

/// What owns the socket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Owner {
    /// `io(...)` at the top level, in a method of what the module exports
    /// (a socket service class), or in a function whose result is its
    /// default export: the module is the socket.
    Module,
    /// Inside the component `name` (a `SocketProvider`).
    Provider(String),
    /// Inside the hook `name` (`useSocket`).
    Hook(String),
    /// Inside a zustand store or Redux slice/thunk; `name` is the store's binding.
    Store(String),
    /// Inside a plain function of the module, e.g. `connectSocket`.
    Function(String),
}

/// Where the socket is created, and by what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub owner: Owner,
    /// 1-based line of the `io(...)` call.
    pub line: usize,
}

/// The owner of the first `io(...)` call of `text`; `None` when the module
/// creates no socket (it only re-exports `io`, say) or does not parse.
pub fn find(path: &Path, text: &str) -> Option<Found> {
    crate::js::parse::with_program(path, text, |program| {
        let creators = creators(program);
        if creators.is_empty() {
            return None;
        }
        let mut finder =
            Finder { creators: &creators, stores: store_factories(program), stack: Vec::new(), found: None };
        finder.visit_program(program);
        let (owner, offset) = finder.found?;
        // `export default createSocket();`: the module still is the socket.
        let exports_default = program.body.iter().any(|stmt| matches!(stmt, Statement::ExportDefaultDeclaration(_)));
        let owner = if matches!(owner, Owner::Function(_)) && exports_default { Owner::Module } else { owner };
        Some(Found { owner, line: line_of(text, offset) })
    })
    .ok()
    .flatten()
}

/// A sentence on what was found, for `rtgen init` and its refusals.
pub fn describe(file: &str, found: &Found) -> String {
    let at = format!("`{file}:{}`", found.line);
    match &found.owner {
        Owner::Module => format!("{at} creates the socket the module exports"),
        Owner::Provider(name) => format!("{at} creates the socket inside the component `{name}`"),
        Owner::Hook(name) => format!("{at} creates the socket inside the hook `{name}`"),
        Owner::Store(name) => format!("{at} creates the socket inside the store `{name}`"),
        Owner::Function(name) => format!("{at} creates the socket inside the function `{name}`"),
    }
}

/// The local names that create a socket: `io` (named or default import) of
/// `socket.io-client`.
fn creators(program: &Program<'_>) -> Vec<String> {
    let mut names = Vec::new();
    for decl in crate::patch::imports(program) {
        if decl.source.value != "socket.io-client" {
            continue;
        }
        for spec in decl.specifiers.iter().flatten() {
            match spec {
                ImportDeclarationSpecifier::ImportSpecifier(s) if s.imported.name() == "io" => {
                    names.push(s.local.name.to_string())
                }
                ImportDeclarationSpecifier::ImportDefaultSpecifier(s) => names.push(s.local.name.to_string()),
                _ => {}
            }
        }
    }
    names
}

/// Local names of store factories: zustand's `create`, Redux Toolkit's
/// `createSlice` and `createAsyncThunk`.
fn store_factories(program: &Program<'_>) -> Vec<String> {
    let mut names = Vec::new();
    for decl in crate::patch::imports(program) {
        let source = decl.source.value.as_str();
        let wanted: &[&str] = match source {
            "zustand" => &["create"],
            "@reduxjs/toolkit" => &["createSlice", "createAsyncThunk"],
            _ => continue,
        };
        for spec in decl.specifiers.iter().flatten() {
            if let ImportDeclarationSpecifier::ImportSpecifier(s) = spec {
                if wanted.contains(&s.imported.name().as_str()) {
                    names.push(s.local.name.to_string());
                }
            }
        }
    }
    names
}

/// One enclosing scope of the walk.
enum Frame {
    /// A function declared or bound under a name.
    Named(String),
    /// A call to a store factory, bound under a name (or `store`).
    Store(String),
}

struct Finder<'s> {
    creators: &'s [String],
    stores: Vec<String>,
    stack: Vec<Frame>,
    found: Option<(Owner, u32)>,
}

impl Finder<'_> {
    fn owner(&self) -> Owner {
        if let Some(Frame::Store(name)) = self.stack.iter().find(|f| matches!(f, Frame::Store(_))) {
            return Owner::Store(name.clone());
        }
        // The outermost named function is the one the module exports.
        let Some(Frame::Named(name)) = self.stack.iter().find(|f| matches!(f, Frame::Named(_))) else {
            return Owner::Module;
        };
        let upper = name.chars().next().is_some_and(char::is_uppercase);
        if name.starts_with("use") && name[3..].chars().next().is_some_and(char::is_uppercase) {
            Owner::Hook(name.clone())
        } else if upper {
            Owner::Provider(name.clone())
        } else {
            Owner::Function(name.clone())
        }
    }

    fn is_store_call(&self, expr: &Expression<'_>) -> bool {
        let Expression::CallExpression(call) = expr.get_inner_expression() else { return false };
        match &call.callee {
            Expression::Identifier(id) => self.stores.iter().any(|s| s == id.name.as_str()),
            // zustand's curried `create()(...)`
            Expression::CallExpression(_) => self.is_store_call(&call.callee),
            _ => false,
        }
    }
}

impl<'a> Visit<'a> for Finder<'_> {
    fn visit_function(&mut self, it: &Function<'a>, flags: oxc_semantic::ScopeFlags) {
        let named = it.id.as_ref().map(|id| id.name.to_string());
        if let Some(name) = &named {
            self.stack.push(Frame::Named(name.clone()));
        }
        walk::walk_function(self, it, flags);
        if named.is_some() {
            self.stack.pop();
        }
    }

    fn visit_variable_declarator(&mut self, it: &VariableDeclarator<'a>) {
        let name = match &it.id {
            BindingPattern::BindingIdentifier(id) => Some(id.name.to_string()),
            _ => None,
        };
        let frame = match (&name, &it.init) {
            (Some(name), Some(init)) if self.is_store_call(init) => Some(Frame::Store(name.clone())),
            (Some(name), Some(init))
                if matches!(
                    init.get_inner_expression(),
                    Expression::ArrowFunctionExpression(_) | Expression::FunctionExpression(_)
                ) =>
            {
                Some(Frame::Named(name.clone()))
            }
            _ => None,
        };
        let pushed = frame.is_some();
        if let Some(frame) = frame {
            self.stack.push(frame);
        }
        walk::walk_variable_declarator(self, it);
        if pushed {
            self.stack.pop();
        }
    }

    fn visit_call_expression(&mut self, it: &CallExpression<'a>) {
        if self.found.is_none() {
            if let Expression::Identifier(id) = &it.callee {
                if self.creators.iter().any(|c| c == id.name.as_str()) {
                    self.found = Some((self.owner(), it.span().start));
                }
            }
        }
        walk::walk_call_expression(self, it);
    }
}

fn line_of(text: &str, offset: u32) -> usize {
    text[..(offset as usize).min(text.len())].matches('\n').count() + 1
}

/// The way forward when the socket is not a module of its own (`None` when
/// it is): `rtgen add` initialises each module's socket service where a
/// socket module becomes ready, so the socket has to be one.
pub fn unplaced(file: &str, found: &Found) -> Option<String> {
    let (site, keep) = match &found.owner {
        Owner::Module => return None,
        Owner::Provider(name) => (format!("`{name}`"), format!("keep connecting it in `{name}`'s effect")),
        Owner::Hook(name) => (format!("`{name}`"), format!("keep connecting it in `{name}`")),
        Owner::Store(name) => (format!("`{name}`"), format!("keep connecting it in `{name}`'s `connect` action")),
        Owner::Function(name) => (format!("`{name}`"), format!("keep connecting it in `{name}`")),
    };
    Some(format!(
        "{}; `rtgen add` wires the modules' socket services to a socket module, a file whose default export is \
         the socket (`export default io(URL, {{ autoConnect: false }});`), not to a socket created inside {site}: \
         move `io(...)` into such a module, import it in `{file}` and {keep} with `socket.connect()` and \
         `socket.disconnect()`, then set `front.socketService` to the module and `front.authContext` to the file \
         that connects it in `rtgen.yaml` (a socket kept in a provider, a hook or a store is not wired yet)",
        describe(file, found)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn owner(text: &str) -> Option<Owner> {
        find(Path::new("socket.jsx"), text).map(|f| f.owner)
    }

    #[test]
    fn a_top_level_socket_is_a_module() {
        let text = "import { io } from \"socket.io-client\";\nexport default io(\"/\", { autoConnect: false });\n";
        assert_eq!(find(Path::new("s.js"), text), Some(Found { owner: Owner::Module, line: 2 }));
        assert_eq!(unplaced("s.js", &find(Path::new("s.js"), text).unwrap()), None);
        let default =
            "import socketIO from \"socket.io-client\";\nconst socket = socketIO();\nexport default socket;\n";
        assert_eq!(owner(default), Some(Owner::Module));
    }

    #[test]
    fn a_provider_effect_owns_its_socket() {
        let text = "import { useEffect, useState } from 'react';\nimport { io } from 'socket.io-client';\n\
            export const SocketProvider = ({ children }) => {\n  const [socket, setSocket] = useState(null);\n\
            useEffect(() => {\n    const s = io(window.location.origin);\n    setSocket(s);\n    return () => s.close();\n  }, []);\n\
            return children;\n};\n";
        let found = find(Path::new("SocketContext.jsx"), text).unwrap();
        assert_eq!(found, Found { owner: Owner::Provider("SocketProvider".into()), line: 6 });
        let note = unplaced("client/src/context/SocketContext.jsx", &found).unwrap();
        assert!(
            note.starts_with(
                "`client/src/context/SocketContext.jsx:6` creates the socket inside the component `SocketProvider`"
            ),
            "{note}"
        );
        assert!(note.contains("set `front.socketService`"), "{note}");
        assert!(note.contains("in `SocketProvider`'s effect"), "{note}");
        let declared = "import { io } from 'socket.io-client';\nexport function SocketProvider() {\n  useEffect(() => { io(); }, []);\n}\n";
        assert_eq!(owner(declared), Some(Owner::Provider("SocketProvider".into())));
    }

    #[test]
    fn a_hook_owns_its_socket() {
        let text = "import { io } from 'socket.io-client';\nexport function useSocket(url) {\n  const ref = useRef(null);\n\
            useEffect(() => {\n    ref.current = io(url);\n    return () => ref.current.disconnect();\n  }, [url]);\n  return ref;\n}\n";
        let found = find(Path::new("useSocket.js"), text).unwrap();
        assert_eq!(found.owner, Owner::Hook("useSocket".into()));
        let note = unplaced("src/hooks/useSocket.js", &found).unwrap();
        assert!(
            note.contains("inside the hook `useSocket`") && note.contains("keep connecting it in `useSocket`"),
            "{note}"
        );
    }

    #[test]
    fn a_store_owns_its_socket() {
        let zustand = "import { create } from 'zustand';\nimport { io } from 'socket.io-client';\n\
            export const useSocketStore = create((set, get) => ({\n  socket: null,\n\
            connect: () => set({ socket: io('/') }),\n  disconnect: () => { get().socket?.disconnect(); set({ socket: null }); },\n}));\n";
        let found = find(Path::new("socketStore.js"), zustand).unwrap();
        assert_eq!(found, Found { owner: Owner::Store("useSocketStore".into()), line: 5 });
        let note = unplaced("src/store/socketStore.js", &found).unwrap();
        assert!(note.contains("inside the store `useSocketStore`") && note.contains("`connect` action"), "{note}");
        let curried = "import { create } from 'zustand';\nimport { io } from 'socket.io-client';\n\
            export const useS = create()((set) => ({ connect: () => set({ socket: io() }) }));\n";
        assert_eq!(owner(curried), Some(Owner::Store("useS".into())));
        let thunk = "import { createAsyncThunk } from '@reduxjs/toolkit';\nimport { io } from 'socket.io-client';\n\
            export const connectSocket = createAsyncThunk('socket/connect', async () => { io(); });\n";
        assert_eq!(owner(thunk), Some(Owner::Store("connectSocket".into())));
    }

    #[test]
    fn a_plain_function_owns_its_socket() {
        let text = "import { io } from 'socket.io-client';\nlet socket = null;\n\
            export const connectSocket = () => {\n  socket = io('/');\n  return socket;\n};\n";
        let found = find(Path::new("socketManager.ts"), text).unwrap();
        assert_eq!(found.owner, Owner::Function("connectSocket".into()));
        assert!(unplaced("f/socketManager.ts", &found).unwrap().contains("inside the function `connectSocket`"));
        let exported = "import { io } from 'socket.io-client';\nfunction create() {\n  return io('/');\n}\nexport default create();\n";
        assert_eq!(owner(exported), Some(Owner::Module));
        let class = "import { io } from 'socket.io-client';\nclass S {\n  connect() {\n    this.socket = io();\n  }\n}\nexport default new S();\n";
        assert_eq!(owner(class), Some(Owner::Module));
    }

    #[test]
    fn no_io_call_is_no_owner() {
        assert_eq!(owner("import { io } from 'socket.io-client';\nexport { io };\n"), None);
        assert_eq!(owner("import x from 'y';\nx();\n"), None);
    }
}
