//! A socket made by a factory (`export const createSocket = (token) =>
//! io(...)`) that a provider calls, keeps and tears down: `add` hands the
//! socket to each module's service in the provider, where it is kept, not in
//! the factory; a second `add` changes nothing, `check` is clean, and
//! `remove` gives the original bytes back. Named import and `@/` alias alike.

use crate::support::*;

const FACTORY: &str = "front/src/admin/services/socketService.js";
const PROVIDER: &str = "front/src/admin/contexts/SocketContext.jsx";

fn factory_front(import: &str) -> Project {
    let project = Project::example();
    project.write(
        FACTORY,
        "import { io } from \"socket.io-client\";\n\
         \n\
         /** A new socket for `token`; the caller connects it and closes it. */\n\
         export const createSocket = (token) =>\n\
         \x20 io(\"/\", { auth: { token }, autoConnect: false });\n",
    );
    project.write(
        PROVIDER,
        &format!(
            "import {{ createContext, useEffect, useState }} from \"react\";\n\
             import {{ createSocket }} from \"{import}\";\n\
             \n\
             export const SocketContext = createContext(null);\n\
             \n\
             export function SocketProvider({{ token, children }}) {{\n\
             \x20 const [socket, setSocket] = useState(null);\n\
             \x20 useEffect(() => {{\n\
             \x20   if (!token) return undefined;\n\
             \x20   const next = createSocket(token);\n\
             \x20   next.connect();\n\
             \x20   setSocket(next);\n\
             \x20   return () => {{\n\
             \x20     next.disconnect();\n\
             \x20   }};\n\
             \x20 }}, [token]);\n\
             \x20 return <SocketContext.Provider value={{socket}}>{{children}}</SocketContext.Provider>;\n\
             }}\n"
        ),
    );
    project
}

fn wires_the_provider(project: &Project) {
    let before = project.files();
    project.rtgen_ok(&["add", "proposal"]);
    let provider = project.read(PROVIDER);
    assert!(
        provider.contains("import proposalSocketService from \"../services/proposalSocketService\";\n"),
        "{provider}"
    );
    assert!(
        provider.contains("    const next = createSocket(token);\n    proposalSocketService.initialize(next);\n"),
        "{provider}"
    );
    assert!(provider.contains("      proposalSocketService.cleanup();\n      next.disconnect();\n"), "{provider}");
    // The factory keeps no socket: it is left as it was, and so is the AuthContext.
    assert_eq!(project.read(FACTORY).as_bytes(), &before[FACTORY][..]);
    let auth = "front/src/admin/contexts/AuthContext.jsx";
    assert_eq!(project.read(auth).as_bytes(), &before[auth][..]);

    let check = project.rtgen(&["check"]);
    assert_eq!(check.code, 0, "{}", check.report(project));
    let once = project.files();
    project.rtgen_ok(&["add", "proposal"]);
    assert_eq!(project.files(), once, "a second add changed files");
    project.rtgen_ok(&["remove", "proposal", "--purge"]);
    let after = project.files();
    assert_eq!(after, before, "remove did not restore: {:?}", changed_files(&after, &before));
}

#[test]
fn a_factorys_socket_is_handed_over_where_its_caller_keeps_it() {
    wires_the_provider(&factory_front("../services/socketService"));
}

#[test]
fn a_factory_reached_through_the_at_alias_is_found() {
    let project = factory_front("@/admin/services/socketService");
    project.write(
        "front/vite.config.js",
        "import path from \"node:path\";\nimport { defineConfig } from \"vite\";\n\nexport default defineConfig({\n  resolve: { alias: { \"@\": path.resolve(__dirname, \"./src\") } },\n});\n",
    );
    wires_the_provider(&project);
}
