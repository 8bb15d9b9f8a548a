//! A front whose socket a `SocketProvider` creates in its effect
//! (`tests/hosts/socket-context`: bug-tracker's shape, over the
//! `controllers-only` backend): `init` records the provider as where the
//! socket lives, `add` hands the socket to the module's socket service there
//! and cleans up before each of its teardowns, stays in sync, reports a
//! hand-edited teardown as drift, removes to the original bytes, and a real
//! Chromium page follows another client's changes
//! (`tests/live/socket-context-browser.test.mjs`).

use crate::support::{changed_files, host_suite, node_check, repo, Project};

const HOST: &str = "socket-context";
const PROVIDER: &str = "client/src/context/SocketContext.jsx";
const SERVICE: &str = "client/src/services/taskSocketService.js";

/// A copy of the host with `rtgen init` run (its layout is `server/` + `client/`).
fn prepared() -> Project {
    let project = Project::host(HOST);
    let init = project.rtgen_ok(&["init"]);
    assert!(!init.stdout.contains("not found"), "init missed something:\n{}", init.stdout);
    assert!(
        init.stdout.contains(&format!(
            "`{PROVIDER}:16` creates the socket inside the component `SocketProvider`: `rtgen add` hands it to each module's socket service there"
        )),
        "{}",
        init.stdout
    );
    let profile = project.read("rtgen.yaml");
    assert!(profile.contains("  socketService: src/context/SocketContext.jsx\n"), "{profile}");
    assert!(profile.contains("  authContext: src/context/SocketContext.jsx\n"), "{profile}");
    assert!(profile.contains("  services: src/services\n"), "{profile}");
    assert!(
        profile.contains(
            "#   front style: single quotes, semicolons, 2 spaces, LF (from `client/src/context/SocketContext.jsx`)\n"
        ),
        "{profile}"
    );
    project
}

fn task_spec() -> String {
    std::fs::read_to_string(repo().join("tests/live/fixtures/task.yaml")).expect("task spec fixture")
}

#[test]
fn provider_socket_is_handed_over_stays_in_sync_and_removes_to_the_original_bytes() {
    let project = prepared();
    let before = project.files();
    project.write("realtime/task.yaml", &task_spec());
    let add = project.rtgen_ok(&["add", "task"]);
    assert!(add.stdout.contains(&format!("update {PROVIDER}")), "{}", add.stdout);
    assert!(!add.stdout.contains("AuthContext"), "the AuthContext is not where the socket lives:\n{}", add.stdout);

    let provider = project.read(PROVIDER);
    assert!(provider.contains("import taskSocketService from '../services/taskSocketService';\n"), "{provider}");
    assert!(
        provider
            .contains("        transports: ['websocket']\n      });\n      taskSocketService.initialize(newSocket);\n"),
        "{provider}"
    );
    assert!(provider.contains("        taskSocketService.cleanup();\n        newSocket.close();\n"), "{provider}");
    assert!(provider.contains("        taskSocketService.cleanup();\n        socket.close();\n"), "{provider}");
    let service = project.read(SERVICE);
    assert!(!service.contains("import socketService"), "{service}");
    node_check(&project.root().join(SERVICE));
    insta::assert_snapshot!("socket_context_task_socket_service", service);
    let page = project.read("client/src/pages/Tasks.jsx");
    assert!(page.contains("taskSocketService.subscribe("), "{page}");

    let check = project.rtgen(&["check"]);
    assert_eq!(check.code, 0, "check after add:\n{}", check.report(&project));
    let once = project.files();
    let again = project.rtgen_ok(&["add", "task"]);
    assert!(again.stdout.contains("up to date"), "second add changed something:\n{}", again.stdout);
    assert_eq!(project.files(), once, "a second `add task` changed files");

    // The else branch's teardown lost its cleanup by hand: the service would keep a closed socket.
    project.write(
        PROVIDER,
        &provider.replacen(
            "        taskSocketService.cleanup();\n        socket.close();",
            "        socket.close();",
            1,
        ),
    );
    let drift = project.rtgen(&["check"]);
    assert_eq!(drift.code, 1, "a dropped cleanup is not reported:\n{}", drift.report(&project));
    assert!(drift.stdout.contains(PROVIDER), "{}", drift.report(&project));
    assert!(drift.stdout.contains("patch-missing"), "{}", drift.report(&project));
    project.rtgen_ok(&["add", "task"]);
    assert_eq!(project.files(), once, "add after the drift did not restore the cleanup");

    project.rtgen_ok(&["remove", "task", "--purge"]);
    let after = project.files();
    assert_eq!(after, before, "remove did not give the original bytes back: {:?}", changed_files(&after, &before));
}

/// A teardown written as an arrow's expression body has no place for a
/// cleanup before it: refused with its file:line, nothing written; the way
/// the message gives (a block) works.
#[test]
fn a_teardown_inside_an_expression_is_refused_and_a_block_works() {
    let project = prepared();
    let provider = project.read(PROVIDER);
    project.write(
        PROVIDER,
        &provider.replace(
            "      return () => {\n        newSocket.close();\n      };",
            "      return () => newSocket.close();",
        ),
    );
    project.write("realtime/task.yaml", &task_spec());
    let before = project.files();
    let run = project.rtgen(&["add", "task"]);
    assert_eq!(run.code, 2, "{}", run.report(&project));
    assert!(run.stderr.contains(&format!("`{PROVIDER}:27:")), "no file:line in:\n{}", run.stderr);
    assert!(run.stderr.contains("make it a statement in a block (`() => { newSocket.close(); }`)"), "{}", run.stderr);
    assert_eq!(project.files(), before, "a refused run changed files");

    project.write(PROVIDER, &provider);
    project.rtgen_ok(&["add", "task"]);
    assert_eq!(project.rtgen(&["check"]).code, 0);
}

#[test]
fn live_socket_context_page_follows_another_clients_changes() {
    let live = repo().join("tests/live");
    assert!(live.join("node_modules/playwright-core").is_dir(), "run `npm ci` in tests/live");
    let project = prepared();
    project.link_backend_modules("server");
    let front_modules = repo().join("examples/crm/front/node_modules");
    assert!(front_modules.is_dir(), "run `npm ci` in examples/crm/front");
    std::os::unix::fs::symlink(&front_modules, project.root().join("client/node_modules")).unwrap();
    project.write("realtime/task.yaml", &task_spec());
    project.rtgen_ok(&["add", "task"]);
    host_suite(&project, "socket-context-browser.test.mjs");
}

/// `typescript-app` with its socket module turned into plain functions in
/// project_manager's `socketManager.ts` shape (`socket = io(...)` in
/// `connectSocket`, `socket?.disconnect()` in `disconnectSocket`): the
/// generated TypeScript service takes the socket, and the front type-checks
/// under `strict` after `add`.
#[test]
fn live_typescript_function_socket_is_handed_over_and_type_checks() {
    let project = Project::host("typescript-app");
    let manager = "front/src/admin/services/socketService.ts";
    project.write(
        manager,
        "import { io, type Socket } from \"socket.io-client\";\n\
         import { API_URL } from \"./api\";\n\
         \n\
         let socket: Socket | null = null;\n\
         \n\
         /** Opens the connection with the stored token, unless one is open. */\n\
         export const connectSocket = (): Socket => {\n\
         \x20 if (socket) return socket;\n\
         \x20 socket = io(API_URL, {\n\
         \x20   auth: (cb) => cb({ token: localStorage.getItem(\"token\") }),\n\
         \x20   transports: [\"websocket\"],\n\
         \x20 });\n\
         \x20 return socket;\n\
         };\n\
         \n\
         export const disconnectSocket = (): void => {\n\
         \x20 socket?.disconnect();\n\
         \x20 socket = null;\n\
         };\n",
    );
    let auth = "front/src/admin/contexts/AuthContext.tsx";
    let context = project
        .read(auth)
        .replace(
            "import socketService from \"../services/socketService\";",
            "import { connectSocket, disconnectSocket } from \"../services/socketService\";",
        )
        .replace(
            "    socketService.on(\"connection:ready\", handleReady);\n    socketService.connect();",
            "    connectSocket();",
        )
        .replace("      socketService.off(\"connection:ready\", handleReady);\n", "")
        .replace("socketService.disconnect();", "disconnectSocket();");
    assert!(!context.contains("socketService."), "{context}");
    project.write(auth, &context);
    let (ok, output) = crate::typescript::tsc(&project, "front");
    assert!(ok, "the reshaped front does not type-check before add:\n{output}");
    let before = project.files();
    project.write(
        "realtime/proposal.yaml",
        &std::fs::read_to_string(repo().join("tests/live/fixtures/proposal.yaml")).unwrap(),
    );
    project.rtgen_ok(&["add", "proposal"]);
    let wired = project.read(manager);
    assert!(wired.contains("  });\n  proposalSocketService.initialize(socket);\n  return socket;"), "{wired}");
    assert!(wired.contains("  proposalSocketService.cleanup();\n  socket?.disconnect();"), "{wired}");
    assert_eq!(project.read(auth), context, "the AuthContext was patched");
    let service = project.read("front/src/admin/services/proposalSocketService.ts");
    assert!(service.contains("import type { Socket } from \"socket.io-client\";\n"), "{service}");
    assert!(service.contains("  initialize(socket: Socket): void {\n"), "{service}");
    let (ok, output) = crate::typescript::tsc(&project, "front");
    assert!(ok, "the front does not type-check after add:\n{output}");
    let check = project.rtgen(&["check"]);
    assert_eq!(check.code, 0, "{}", check.report(&project));
    project.rtgen_ok(&["remove", "proposal", "--purge"]);
    let after: std::collections::BTreeMap<_, _> =
        project.files().into_iter().filter(|(p, _)| !p.starts_with("front/node_modules")).collect();
    assert_eq!(changed_files(&before, &after), Vec::<String>::new());
}
