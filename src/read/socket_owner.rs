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
    /// Inside a zustand store (`create(...)` from `zustand`); `name` is the store's binding.
    Store(String),
    /// Inside a Redux slice or thunk (`createSlice`, `createAsyncThunk`):
    /// not wired, `add` refuses it.
    Redux(String),
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
        // `export default createSocket();`: the module still is the socket. A default
        // export that is no call's result (`export default socketSlice.reducer;`, a
        // component) leaves the socket with the function that creates it.
        let owner = match owner {
            Owner::Function(_) if exports_created(program) => Owner::Module,
            owner => owner,
        };
        Some(Found { owner, line: line_of(text, offset) })
    })
    .ok()
    .flatten()
}

/// Whether the module's default export is what a call makes: `export default
/// createSocket();`, `export default new SocketService();`, or a top-level
/// binding of such a call (`const socket = createSocket(); export default socket;`).
fn exports_created(program: &Program<'_>) -> bool {
    let is_made = |expr: &Expression<'_>| {
        matches!(expr.get_inner_expression(), Expression::CallExpression(_) | Expression::NewExpression(_))
    };
    program.body.iter().any(|stmt| {
        let Statement::ExportDefaultDeclaration(export) = stmt else { return false };
        let Some(expr) = export.declaration.as_expression() else { return false };
        match expr.get_inner_expression() {
            Expression::Identifier(id) => program.body.iter().any(|stmt| {
                let Statement::VariableDeclaration(var) = stmt else { return false };
                var.declarations.iter().any(|d| {
                    matches!(&d.id, BindingPattern::BindingIdentifier(b) if b.name == id.name)
                        && d.init.as_ref().is_some_and(is_made)
                })
            }),
            other => is_made(other),
        }
    })
}

/// A sentence on what was found, for `rtgen init` and its refusals.
pub fn describe(file: &str, found: &Found) -> String {
    let at = format!("`{file}:{}`", found.line);
    match &found.owner {
        Owner::Module => format!("{at} creates the socket the module exports"),
        Owner::Provider(name) => format!("{at} creates the socket inside the component `{name}`"),
        Owner::Hook(name) => format!("{at} creates the socket inside the hook `{name}`"),
        Owner::Store(name) => format!("{at} creates the socket inside the store `{name}`"),
        Owner::Redux(name) => format!("{at} creates the socket inside the Redux slice or thunk `{name}`"),
        Owner::Function(name) => format!("{at} creates the socket inside the function `{name}`"),
    }
}

/// The local names that create a socket: `io` (named or default import) of
/// `socket.io-client`.
pub(crate) fn creators(program: &Program<'_>) -> Vec<String> {
    let mut names = Vec::new();
    for decl in crate::js::ast::imports(program) {
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
/// `createSlice` and `createAsyncThunk` (with `true`).
fn store_factories(program: &Program<'_>) -> Vec<(String, bool)> {
    let mut names = Vec::new();
    for decl in crate::js::ast::imports(program) {
        let source = decl.source.value.as_str();
        let wanted: &[&str] = match source {
            "zustand" => &["create"],
            "@reduxjs/toolkit" => &["createSlice", "createAsyncThunk"],
            _ => continue,
        };
        for spec in decl.specifiers.iter().flatten() {
            if let ImportDeclarationSpecifier::ImportSpecifier(s) = spec {
                if wanted.contains(&s.imported.name().as_str()) {
                    names.push((s.local.name.to_string(), source != "zustand"));
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
    /// A call to a store factory, bound under a name; `true` for Redux.
    Store(String, bool),
}

struct Finder<'s> {
    creators: &'s [String],
    stores: Vec<(String, bool)>,
    stack: Vec<Frame>,
    found: Option<(Owner, u32)>,
}

impl Finder<'_> {
    fn owner(&self) -> Owner {
        if let Some(Frame::Store(name, redux)) = self.stack.iter().find(|f| matches!(f, Frame::Store(..))) {
            return if *redux { Owner::Redux(name.clone()) } else { Owner::Store(name.clone()) };
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

    /// `Some(true)` for a Redux factory's call, `Some(false)` for zustand's.
    fn store_call(&self, expr: &Expression<'_>) -> Option<bool> {
        let Expression::CallExpression(call) = expr.get_inner_expression() else { return None };
        match &call.callee {
            Expression::Identifier(id) => self.stores.iter().find(|(s, _)| s == id.name.as_str()).map(|(_, r)| *r),
            // zustand's curried `create()(...)`
            Expression::CallExpression(_) => self.store_call(&call.callee),
            _ => None,
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
            (Some(name), Some(init)) if self.store_call(init).is_some() => {
                Some(Frame::Store(name.clone(), self.store_call(init) == Some(true)))
            }
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

/// Whether `rtgen add` hands the modules' socket services the socket where
/// it is created (`patch::socket_owner`) rather than wiring them to a socket
/// module in the AuthContext.
pub fn is_owned(found: &Found) -> bool {
    matches!(found.owner, Owner::Provider(_) | Owner::Hook(_) | Owner::Store(_) | Owner::Function(_))
}

/// What `rtgen init` says of a socket `rtgen add` wires where it is created.
pub fn wired_note(file: &str, found: &Found) -> String {
    format!("{}: `rtgen add` hands it to each module's socket service there", describe(file, found))
}

/// The way forward when `rtgen add` cannot wire the socket where it is
/// created (`None` when it can): inside Redux, the socket has no statement
/// of a provider, hook, store or function to be handed over after.
pub fn unplaced(file: &str, found: &Found) -> Option<String> {
    let Owner::Redux(name) = &found.owner else { return None };
    Some(format!(
        "{}; `rtgen add` hands the socket to the modules' socket services where a provider, a hook, a zustand store \
         or a function creates it, not inside Redux: create it in a function of `{file}` that `{name}` calls \
         (`export const createSocket = () => {{ socket = io(URL); return socket; }};` beside \
         `let socket = null;`, and `export const closeSocket = () => {{ socket.disconnect(); }};`), or move `io(...)` into a socket module \
         of its own (`export default io(URL, {{ autoConnect: false }});`) and set `front.socketService` to it and \
         `front.authContext` to the file that connects it in `rtgen.yaml`",
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
    fn a_slice_file_exporting_its_reducer_keeps_the_socket_with_its_function() {
        // The Redux refusal's way forward: `io(...)` in a function of the slice file,
        // which still exports its reducer by default.
        let text = "import { createSlice } from '@reduxjs/toolkit';\nimport { io } from 'socket.io-client';\n\nlet socket = null;\nexport const createSocket = (token) => {\n  socket = io('/', { auth: { token } });\n  return socket;\n};\n\nconst socketSlice = createSlice({ name: 'socket', initialState: {}, reducers: {} });\nexport default socketSlice.reducer;\n";
        assert_eq!(owner(text), Some(Owner::Function("createSocket".into())));
        let made = "import { io } from 'socket.io-client';\nconst createSocket = () => io('/');\nconst socket = createSocket();\nexport default socket;\n";
        assert_eq!(owner(made), Some(Owner::Module));
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
        assert!(is_owned(&found));
        assert_eq!(unplaced("client/src/context/SocketContext.jsx", &found), None);
        assert_eq!(
            describe("client/src/context/SocketContext.jsx", &found),
            "`client/src/context/SocketContext.jsx:6` creates the socket inside the component `SocketProvider`"
        );
        let declared = "import { io } from 'socket.io-client';\nexport function SocketProvider() {\n  useEffect(() => { io(); }, []);\n}\n";
        assert_eq!(owner(declared), Some(Owner::Provider("SocketProvider".into())));
    }

    #[test]
    fn a_hook_owns_its_socket() {
        let text = "import { io } from 'socket.io-client';\nexport function useSocket(url) {\n  const ref = useRef(null);\n\
            useEffect(() => {\n    ref.current = io(url);\n    return () => ref.current.disconnect();\n  }, [url]);\n  return ref;\n}\n";
        let found = find(Path::new("useSocket.js"), text).unwrap();
        assert_eq!(found.owner, Owner::Hook("useSocket".into()));
        assert!(is_owned(&found) && unplaced("src/hooks/useSocket.js", &found).is_none());
        assert!(describe("src/hooks/useSocket.js", &found).ends_with("inside the hook `useSocket`"));
    }

    #[test]
    fn a_store_owns_its_socket() {
        let zustand = "import { create } from 'zustand';\nimport { io } from 'socket.io-client';\n\
            export const useSocketStore = create((set, get) => ({\n  socket: null,\n\
            connect: () => set({ socket: io('/') }),\n  disconnect: () => { get().socket?.disconnect(); set({ socket: null }); },\n}));\n";
        let found = find(Path::new("socketStore.js"), zustand).unwrap();
        assert_eq!(found, Found { owner: Owner::Store("useSocketStore".into()), line: 5 });
        assert!(is_owned(&found) && unplaced("src/store/socketStore.js", &found).is_none());
        let curried = "import { create } from 'zustand';\nimport { io } from 'socket.io-client';\n\
            export const useS = create()((set) => ({ connect: () => set({ socket: io() }) }));\n";
        assert_eq!(owner(curried), Some(Owner::Store("useS".into())));
        let thunk = "import { createAsyncThunk } from '@reduxjs/toolkit';\nimport { io } from 'socket.io-client';\n\
            export const connectSocket = createAsyncThunk('socket/connect', async () => { io(); });\n";
        let found = find(Path::new("socketSlice.js"), thunk).unwrap();
        assert_eq!(found.owner, Owner::Redux("connectSocket".into()));
        assert!(!is_owned(&found));
        let note = unplaced("src/store/socketSlice.js", &found).unwrap();
        assert!(
            note.starts_with(
                "`src/store/socketSlice.js:3` creates the socket inside the Redux slice or thunk `connectSocket`; "
            ),
            "{note}"
        );
        assert!(note.contains("create it in a function of `src/store/socketSlice.js` that `connectSocket` calls"));
    }

    #[test]
    fn a_plain_function_owns_its_socket() {
        let text = "import { io } from 'socket.io-client';\nlet socket = null;\n\
            export const connectSocket = () => {\n  socket = io('/');\n  return socket;\n};\n";
        let found = find(Path::new("socketManager.ts"), text).unwrap();
        assert_eq!(found.owner, Owner::Function("connectSocket".into()));
        assert!(is_owned(&found) && unplaced("f/socketManager.ts", &found).is_none());
        assert!(describe("f/socketManager.ts", &found).contains("inside the function `connectSocket`"));
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
