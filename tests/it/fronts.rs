//! Fronts whose socket is not a module of its own: a `SocketProvider` that
//! creates it in an effect, a Redux thunk. `init` says where the socket was
//! found; `add` wires a provider's socket where it is created, and refuses
//! what it cannot wire (a teardown inside an expression, a socket inside
//! Redux) with the file, the line and a way forward that works, leaving every
//! file as it was.

use crate::support::*;

const PROVIDER: &str = "front/src/admin/contexts/SocketContext.jsx";

/// examples/crm with its socket created inside a provider's effect.
fn provider_front() -> Project {
    let project = Project::example();
    project.remove("front/src/admin/services/socketService.js");
    project.write(
        PROVIDER,
        "import { createContext, useEffect, useState } from \"react\";\n\
         import { io } from \"socket.io-client\";\n\
         \n\
         const SocketContext = createContext(null);\n\
         \n\
         export function SocketProvider({ children }) {\n\
         \x20 const [socket, setSocket] = useState(null);\n\
         \x20 useEffect(() => {\n\
         \x20   const next = io(\"/\", { auth: { token: localStorage.getItem(\"token\") } });\n\
         \x20   setSocket(next);\n\
         \x20   return () => next.disconnect();\n\
         \x20 }, []);\n\
         \x20 return <SocketContext.Provider value={socket}>{children}</SocketContext.Provider>;\n\
         }\n",
    );
    project
}

#[test]
fn init_names_the_provider_that_creates_the_socket() {
    let project = provider_front();
    let run = project.rtgen_ok(&["init", "--dry-run"]);
    let out = format!("{}{}", run.stdout, run.stderr);
    assert!(
        out.contains(&format!(
            "`{PROVIDER}:9` creates the socket inside the component `SocketProvider`: `rtgen add` hands it to each module's socket service there"
        )),
        "{out}"
    );
    assert!(!out.contains("set `front.socketService` to the module"), "{out}");
}

/// The provider's teardown is an arrow's expression body: refused at its
/// line, nothing written; made a block, as the message says, `add` wires the
/// provider (and leaves the AuthContext alone), `check` is clean and `remove`
/// gives the original bytes back.
#[test]
fn add_refuses_a_teardown_inside_an_expression_and_wires_the_provider_once_it_is_a_block() {
    let project = provider_front();
    let before = project.files();
    let run = project.rtgen(&["add", "proposal"]);
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains(&format!(
            "`{PROVIDER}:11:18`: the socket is torn down by `next.disconnect()` inside an expression"
        )),
        "{}",
        run.stderr
    );
    assert_eq!(changed_files(&before, &project.files()), Vec::<String>::new());

    let provider = project.read(PROVIDER);
    project.write(
        PROVIDER,
        &provider
            .replace("    return () => next.disconnect();\n", "    return () => {\n      next.disconnect();\n    };\n"),
    );
    let fixed = project.files();
    project.rtgen_ok(&["add", "proposal"]);
    let wired = project.read(PROVIDER);
    assert!(wired.contains("    setSocket(next);\n"), "{wired}");
    assert!(
        wired.contains("const next = io(\"/\", { auth: { token: localStorage.getItem(\"token\") } });\n    proposalSocketService.initialize(next);\n"),
        "{wired}"
    );
    assert!(wired.contains("      proposalSocketService.cleanup();\n      next.disconnect();\n"), "{wired}");
    assert!(wired.contains("import proposalSocketService from \"../services/proposalSocketService\";\n"), "{wired}");
    let auth = "front/src/admin/contexts/AuthContext.jsx";
    assert_eq!(project.read(auth).as_bytes(), fixed[auth].as_slice(), "the AuthContext was patched");
    let service = project.read("front/src/admin/services/proposalSocketService.js");
    assert!(service.contains("  initialize(socket) {\n"), "{service}");
    let added = project.files();
    project.rtgen_ok(&["add", "proposal"]);
    assert_eq!(changed_files(&added, &project.files()), Vec::<String>::new());
    assert_eq!(project.rtgen(&["check"]).code, 0);
    project.rtgen_ok(&["remove", "proposal", "--purge"]);
    assert_eq!(changed_files(&fixed, &project.files()), Vec::<String>::new());
}

/// A socket created inside a Redux thunk is not wired: refused with the file,
/// the line and two ways forward; the first (a function of the file the
/// thunk calls) makes `add` succeed.
#[test]
fn a_socket_inside_a_redux_thunk_is_refused_and_a_function_it_calls_works() {
    let project = Project::example();
    project.remove("front/src/admin/services/socketService.js");
    let slice = "front/src/admin/store/socketSlice.js";
    project.write(
        slice,
        "import { createAsyncThunk } from \"@reduxjs/toolkit\";\n\
         import { io } from \"socket.io-client\";\n\
         \n\
         export const connectSocket = createAsyncThunk(\"socket/connect\", async () => {\n\
         \x20 const socket = io(\"/\");\n\
         \x20 return socket.id;\n\
         });\n",
    );
    let before = project.files();
    let run = project.rtgen(&["add", "proposal"]);
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains(&format!("`{slice}:5` creates the socket inside the Redux slice or thunk `connectSocket`")),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("create it in a function of"), "{}", run.stderr);
    assert_eq!(changed_files(&before, &project.files()), Vec::<String>::new());

    project.write(
        slice,
        "import { createAsyncThunk, createSlice } from \"@reduxjs/toolkit\";\n\
         import { io } from \"socket.io-client\";\n\
         \n\
         let socket = null;\n\
         export const createSocket = () => { socket = io(\"/\"); return socket; };\n\
         export const closeSocket = () => { socket.disconnect(); };\n\
         \n\
         export const connectSocket = createAsyncThunk(\"socket/connect\", async () => createSocket().id);\n\
         \n\
         const socketSlice = createSlice({ name: \"socket\", initialState: {}, reducers: {} });\n\
         export default socketSlice.reducer;\n",
    );
    project.rtgen_ok(&["add", "proposal"]);
    let wired = project.read(slice);
    assert!(wired.contains("socket = io(\"/\"); proposalSocketService.initialize(socket); return socket;"), "{wired}");
    assert!(wired.contains("{ proposalSocketService.cleanup(); socket.disconnect(); }"), "{wired}");
    assert_eq!(project.rtgen(&["check"]).code, 0);
}

/// The refusal's way forward, applied: the socket moves into a module, the
/// provider connects it in its effect, and `add` then wires the provider.
#[test]
fn the_refusals_way_forward_works() {
    let project = provider_front();
    project.write(
        "front/src/admin/services/socket.js",
        "import { io } from \"socket.io-client\";\n\nexport default io(\"/\", { autoConnect: false });\n",
    );
    let provider = "import { createContext, useEffect } from \"react\";\n\
         import socket from \"../services/socket\";\n\
         \n\
         const SocketContext = createContext(null);\n\
         \n\
         export function SocketProvider({ children }) {\n\
         \x20 useEffect(() => {\n\
         \x20   const onReady = () => {};\n\
         \x20   socket.on(\"connection:ready\", onReady);\n\
         \x20   socket.connect();\n\
         \x20   return () => {\n\
         \x20     socket.off(\"connection:ready\", onReady);\n\
         \x20     socket.disconnect();\n\
         \x20   };\n\
         \x20 }, []);\n\
         \x20 return <SocketContext.Provider value={socket}>{children}</SocketContext.Provider>;\n\
         }\n";
    project.write(PROVIDER, provider);
    project.write(
        "rtgen.yaml",
        "front:\n  socketService: src/admin/services/socket.js\n  authContext: src/admin/contexts/SocketContext.jsx\n",
    );
    let before = project.files();
    project.rtgen_ok(&["add", "proposal"]);
    let wired = project.read(PROVIDER);
    assert!(wired.contains("const onReady = () => {\n      proposalSocketService.initialize();\n    };"), "{wired}");
    assert!(wired.contains("proposalSocketService.cleanup();\n      socket.disconnect();"), "{wired}");
    let added = project.files();
    project.rtgen_ok(&["add", "proposal"]);
    assert_eq!(changed_files(&added, &project.files()), Vec::<String>::new());
    assert_eq!(project.rtgen(&["check"]).code, 0);
    project.rtgen_ok(&["remove", "proposal", "--purge"]);
    assert_eq!(changed_files(&before, &project.files()), Vec::<String>::new());
}

/// A zustand store whose `connect` action creates the socket and whose
/// `disconnect` action tears down the one it keeps (`set({ socket })`,
/// `get().socket?.disconnect()`): `add` hands the socket over in the store,
/// stays in sync and removes to the original bytes.
#[test]
fn a_zustand_store_socket_is_wired_in_its_actions() {
    let project = Project::example();
    project.remove("front/src/admin/services/socketService.js");
    let store = "front/src/admin/store/socketStore.js";
    project.write(
        store,
        "import { create } from \"zustand\";\n\
         import { io } from \"socket.io-client\";\n\
         \n\
         export const useSocketStore = create((set, get) => ({\n\
         \x20 socket: null,\n\
         \x20 connect: (token) => {\n\
         \x20   if (get().socket) return;\n\
         \x20   const socket = io(\"/\", { auth: { token } });\n\
         \x20   set({ socket });\n\
         \x20 },\n\
         \x20 disconnect: () => {\n\
         \x20   get().socket?.disconnect();\n\
         \x20   set({ socket: null });\n\
         \x20 },\n\
         }));\n",
    );
    let before = project.files();
    let init = project.rtgen_ok(&["init", "--dry-run"]);
    assert!(
        init.stdout.contains(&format!(
            "`{store}:8` creates the socket inside the store `useSocketStore`: `rtgen add` hands it to each module's socket service there"
        )),
        "{}",
        init.stdout
    );
    project.rtgen_ok(&["add", "proposal"]);
    let wired = project.read(store);
    assert!(wired.contains("import proposalSocketService from \"../services/proposalSocketService\";\n"), "{wired}");
    assert!(
        wired.contains("    const socket = io(\"/\", { auth: { token } });\n    proposalSocketService.initialize(socket);\n    set({ socket });"),
        "{wired}"
    );
    assert!(wired.contains("    proposalSocketService.cleanup();\n    get().socket?.disconnect();"), "{wired}");
    let added = project.files();
    project.rtgen_ok(&["add", "proposal"]);
    assert_eq!(changed_files(&added, &project.files()), Vec::<String>::new());
    assert_eq!(project.rtgen(&["check"]).code, 0);
    project.rtgen_ok(&["remove", "proposal", "--purge"]);
    assert_eq!(changed_files(&before, &project.files()), Vec::<String>::new());
}
