//! Fronts whose socket is not a module of its own: a `SocketProvider` that
//! creates it in an effect. `init` says where the socket was found and what to
//! change; `add` refuses with the same message and leaves every file as it was.

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
    assert!(out.contains(&format!("`{PROVIDER}:9` creates the socket inside the component `SocketProvider`")), "{out}");
    assert!(out.contains("set `front.socketService` to the module"), "{out}");
}

#[test]
fn add_refuses_a_socket_created_inside_a_provider_and_changes_nothing() {
    let project = provider_front();
    project.write(
        "rtgen.yaml",
        "front:\n  socketService: src/admin/contexts/SocketContext.jsx\n  authContext: src/admin/contexts/SocketContext.jsx\n",
    );
    let before = project.files();
    let run = project.rtgen(&["add", "proposal"]);
    assert_ne!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains(&format!("`{PROVIDER}:9` creates the socket inside the component `SocketProvider`")),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("keep connecting it in `SocketProvider`'s effect"), "{}", run.stderr);
    assert_eq!(changed_files(&before, &project.files()), Vec::<String>::new());
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
