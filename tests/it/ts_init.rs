//! `rtgen init` into a TypeScript backend and TSX front with no socket layer
//! (`typescript-app` with its socket server and socket service deleted and
//! their lines taken out of the entry and the AuthContext): the socket server
//! and the socket service are scaffolded in TypeScript, imported the way each
//! side writes its imports (`./a.js` or `./a`), both sides type-check under
//! `strict` after `init` and after `add`, a second `init` changes nothing,
//! `remove` gives init's bytes back, and tsx runs the server with the events
//! delivered to the right sockets (`tests/live/hosts.test.mjs`).

use std::collections::BTreeMap;

use crate::support::{changed_files, host_suite, repo, Project};
use crate::typescript::{strip_backend_extensions, tsc};

const ENTRY: &str = "backend/src/index.ts";
const SERVER: &str = "backend/src/socket/socketServer.ts";
const SERVICE: &str = "front/src/admin/services/socketService.ts";
const AUTH: &str = "front/src/admin/contexts/AuthContext.tsx";

fn spec(name: &str) -> String {
    let text = std::fs::read_to_string(repo().join(format!("tests/live/fixtures/{name}.yaml"))).expect("spec fixture");
    text.replace("page: ContractRequests.jsx", "page: ContractRequests.tsx")
}

/// Replaces `from` (which must be there) with `to`.
fn edit(project: &Project, rel: &str, from: &str, to: &str) {
    let text = project.read(rel);
    assert!(text.contains(from), "`{rel}` no longer holds {from:?}");
    project.write(rel, &text.replacen(from, to, 1));
}

/// `typescript-app` without a socket layer.
fn bare() -> Project {
    let project = Project::host("typescript-app");
    project.remove(SERVER);
    project.remove(SERVICE);
    let entry: String =
        project.read(ENTRY).lines().filter(|l| !l.contains("socketServer")).map(|l| format!("{l}\n")).collect();
    project.write(ENTRY, &entry);
    let auth = project.read(AUTH);
    let start = auth.find("  useEffect(() => {").expect("the AuthContext's socket effect");
    let end = auth.find("  }, [user]);\n\n").expect("the end of that effect") + "  }, [user]);\n\n".len();
    project.write(AUTH, &format!("{}{}", &auth[..start], &auth[end..]));
    edit(&project, AUTH, "import socketService from \"../services/socketService\";\n", "");
    edit(&project, AUTH, "    socketService.disconnect();\n    localStorage.removeItem", "    localStorage.removeItem");
    edit(&project, AUTH, "useContext, useEffect, useState", "useContext, useState");
    assert!(!project.read(AUTH).contains("socket"), "{}", project.read(AUTH));
    project
}

fn without_specs(files: BTreeMap<String, Vec<u8>>) -> BTreeMap<String, Vec<u8>> {
    files.into_iter().filter(|(path, _)| !path.starts_with("realtime/")).collect()
}

#[test]
fn init_scaffolds_a_typescript_socket_layer_and_add_works_on_it() {
    let project = bare();
    let before = project.files();
    let run = project.rtgen_ok(&["init"]);
    assert!(!run.stdout.contains("not found"), "{}", run.report(&project));
    let after = project.files();
    let changed = changed_files(&before, &after);
    assert_eq!(changed, ["backend/src/index.ts", SERVER, AUTH, SERVICE, "rtgen.yaml"].map(String::from), "{changed:?}");
    assert!(!project.read("rtgen.yaml").contains(".js\n"), "{}", project.read("rtgen.yaml"));

    // The server: typed, verifying with the host's own function, imported as the entry imports (NodeNext: `.js`).
    let server = project.read(SERVER);
    assert!(server.contains("import { verifyToken } from \"../middleware/auth.js\";"), "{server}");
    assert!(server.contains("export const initSocketServer = (httpServer: HttpServer): AppServer => {"), "{server}");
    assert!(server.contains("export const getIO = (): AppServer | null => io;"), "{server}");
    assert!(!server.contains("jsonwebtoken") && !server.contains("redis"), "{server}");
    let entry = project.read(ENTRY);
    assert!(entry.contains("import { initSocketServer } from \"./socket/socketServer.js\";\n"), "{entry}");
    assert!(entry.contains("  const io = initSocketServer(httpServer);\n  httpServer.listen("), "{entry}");

    // The front: typed socket service beside the API module, imported without an extension.
    let service = project.read(SERVICE);
    assert!(service.contains("import { API_URL } from \"./api\";") && service.contains("io(API_URL, {"), "{service}");
    assert!(service.contains("connect(getToken: () => string | null): void {"), "{service}");
    let auth = project.read(AUTH);
    assert!(auth.contains("import socketService from \"../services/socketService\";"), "{auth}");
    assert!(auth.contains("socketService.connect(() => localStorage.getItem(\"token\"));"), "{auth}");

    insta::assert_snapshot!("typescript_bare_init_socket_server", server);
    insta::assert_snapshot!("typescript_bare_init_socket_service", service);
    for (name, rel) in [("typescript_bare_init_entry_diff", ENTRY), ("typescript_bare_init_auth_context_diff", AUTH)] {
        let original = String::from_utf8(before[rel].clone()).unwrap();
        let patched = project.read(rel);
        let diff =
            similar::TextDiff::from_lines(&original, &patched).unified_diff().header("before", "after").to_string();
        insta::assert_snapshot!(name, diff);
    }

    let again = project.rtgen_ok(&["init"]);
    assert!(again.stdout.contains("nothing to change"), "{}", again.report(&project));
    assert_eq!(project.files(), after, "a second `init` changed files");

    project.write("realtime/proposal.yaml", &spec("proposal"));
    project.write("realtime/contract.yaml", &spec("contract"));
    project.rtgen_ok(&["add", "proposal", "contract"]);
    let events = project.read("backend/src/socket/events/proposalEvents.ts");
    assert!(
        events.contains(
            "import { emit, pick, usersIn, type Recipients } from \"../realtime.js\";\n\n/** Socket event names"
        ),
        "{events}"
    );
    // The entry is left alone: the scaffolded server imports rtgen's runtime and attaches it.
    assert!(!project.read(ENTRY).contains("proposalEvents"));
    let runtime = project.read("backend/src/socket/realtime.ts");
    assert!(runtime.contains("import type { Server, Socket } from \"socket.io\";"), "{runtime}");
    let servers: Vec<String> = project
        .files()
        .into_iter()
        .filter(|(path, _)| path.ends_with(".ts"))
        .map(|(_, bytes)| String::from_utf8_lossy(&bytes).into_owned())
        .filter(|text| text.contains("realtime.attach("))
        .collect();
    assert_eq!(servers.len(), 1, "the runtime is not attached once");
    let check = project.rtgen(&["check"]);
    assert_eq!(check.code, 0, "{}", check.report(&project));
    let added = project.files();
    let again = project.rtgen_ok(&["add", "proposal", "contract"]);
    assert!(again.stdout.contains("up to date"), "{}", again.stdout);
    assert_eq!(project.files(), added, "a second `add` changed files");

    project.rtgen_ok(&["remove", "proposal", "--purge"]);
    project.rtgen_ok(&["remove", "contract", "--purge"]);
    let removed = project.files();
    assert_eq!(
        without_specs(removed.clone()),
        without_specs(after.clone()),
        "remove did not give init's bytes back: {:?}",
        changed_files(&removed, &after)
    );
}

/// A backend whose imports leave the extension off gets the server imported,
/// and importing, the same way.
#[test]
fn init_on_an_extensionless_typescript_backend_imports_without_extensions() {
    let project = bare();
    strip_backend_extensions(&project);
    project.rtgen_ok(&["init"]);
    let server = project.read(SERVER);
    assert!(server.contains("import { verifyToken } from \"../middleware/auth\";"), "{server}");
    let entry = project.read(ENTRY);
    assert!(entry.contains("import { initSocketServer } from \"./socket/socketServer\";\n"), "{entry}");
    project.write("realtime/proposal.yaml", &spec("proposal"));
    project.rtgen_ok(&["add", "proposal"]);
    let check = project.rtgen(&["check"]);
    assert_eq!(check.code, 0, "{}", check.report(&project));
}

/// `--adapter redis` writes a JavaScript helper: on a TypeScript backend it
/// is refused, nothing is written, and the hint (`init` without it) works.
#[test]
fn init_adapter_redis_on_a_typescript_backend_is_refused_and_the_hint_works() {
    let project = bare();
    let before = project.files();
    let run = project.rtgen(&["init", "--adapter", "redis"]);
    assert_eq!(run.code, 2, "{}", run.report(&project));
    assert!(run.stderr.contains("`backend/src/index.ts` is TypeScript: `rtgen init --adapter redis` writes its Redis helper in JavaScript only"), "{}", run.stderr);
    assert!(run.stderr.contains("help: run `rtgen init` without `--adapter`"), "{}", run.stderr);
    assert_eq!(project.files(), before, "a refused init changed files");
    project.rtgen_ok(&["init"]);
    assert!(project.exists(SERVER));

    // On the host's own TypeScript server too.
    let host = Project::host("typescript-app");
    let before = host.files();
    let run = host.rtgen(&["init", "--adapter", "redis"]);
    assert_eq!(run.code, 2, "{}", run.report(&host));
    assert!(run.stderr.contains(&format!("`{SERVER}` is TypeScript")), "{}", run.stderr);
    assert_eq!(host.files(), before);
}

/// An `rtgen.yaml` naming a `.js` socket server or service for a TypeScript
/// side is refused with the file name that works.
#[test]
fn a_javascript_socket_layer_named_for_a_typescript_side_is_refused_and_the_hint_works() {
    let project = bare();
    // The profile `init` writes, with `.js` names.
    let probe = bare();
    probe.rtgen_ok(&["init"]);
    let yaml = probe.read("rtgen.yaml");
    let js =
        yaml.replace("socketServer: src/socket/socketServer.ts", "socketServer: src/socket/socketServer.js").replace(
            "socketService: src/admin/services/socketService.ts",
            "socketService: src/admin/services/socketService.js",
        );
    assert_ne!(js, yaml);
    project.write("rtgen.yaml", &js);
    let before = project.files();
    let run = project.rtgen(&["init"]);
    assert_eq!(run.code, 2, "{}", run.report(&project));
    assert!(
        run.stderr.contains("help: set `backend.socketServer: src/socket/socketServer.ts` in `rtgen.yaml`"),
        "{}",
        run.stderr
    );
    assert_eq!(project.files(), before);
    project.write("rtgen.yaml", &js.replace("socketServer.js", "socketServer.ts"));
    let run = project.rtgen(&["init"]);
    assert_eq!(run.code, 2, "{}", run.report(&project));
    assert!(run.stderr.contains(&format!("`{AUTH}` is TypeScript")), "{}", run.stderr);
    assert!(
        run.stderr.contains("help: set `front.socketService: src/admin/services/socketService.ts` in `rtgen.yaml`"),
        "{}",
        run.stderr
    );
    project.write("rtgen.yaml", &yaml);
    project.rtgen_ok(&["init"]);
    assert!(project.exists(SERVER) && project.exists(SERVICE));
}

/// Both sides type-check under `strict` (the fixture's tsconfigs) after
/// `init`, and after `add` on top of it.
#[test]
fn live_typescript_bare_host_type_checks_after_init_and_add() {
    let project = bare();
    for side in ["backend", "front"] {
        let (ok, output) = tsc(&project, side);
        assert!(ok, "the bare fixture's {side} does not type-check:\n{output}");
    }
    project.rtgen_ok(&["init"]);
    for side in ["backend", "front"] {
        let (ok, output) = tsc(&project, side);
        assert!(ok, "{side} does not type-check after init:\n{output}");
    }
    project.write("realtime/proposal.yaml", &spec("proposal"));
    project.write("realtime/contract.yaml", &spec("contract"));
    project.rtgen_ok(&["add", "proposal", "contract"]);
    for side in ["backend", "front"] {
        let (ok, output) = tsc(&project, side);
        assert!(ok, "{side} does not type-check after init + add:\n{output}");
    }
}

/// tsx runs the scaffolded server after `init` + `add`; real clients of every
/// user receive each event exactly when they are its recipients.
#[test]
fn live_typescript_bare_host_runs_after_init_and_add() {
    let live = repo().join("tests/live");
    assert!(live.join("node_modules/socket.io-client").is_dir(), "run `npm ci` in tests/live");
    let project = bare();
    project.rtgen_ok(&["init"]);
    project.link_backend_modules("backend");
    project.write("realtime/proposal.yaml", &spec("proposal"));
    project.write("realtime/contract.yaml", &spec("contract"));
    project.rtgen_ok(&["add", "proposal"]);
    project.rtgen_ok(&["add", "contract"]);
    host_suite(&project, "hosts.test.mjs");
}

/// Without a `verifyToken` export the server verifies with `jsonwebtoken`
/// itself, says so and what to install (its types too), and type-checks.
#[test]
fn live_typescript_server_verifying_with_jsonwebtoken_type_checks() {
    let project = bare();
    let auth = "backend/src/middleware/auth.ts";
    project.write(auth, &project.read(auth).replace("verifyToken", "readToken"));
    let run = project.rtgen_ok(&["init"]);
    assert!(run.stdout.contains("verifies tokens with `jsonwebtoken` and `process.env.JWT_SECRET`"), "{}", run.stdout);
    let server = project.read(SERVER);
    assert!(server.contains("import jwt from \"jsonwebtoken\";"), "{server}");
    assert!(server.contains("const verifyToken = (token: string): unknown => jwt.verify("), "{server}");
    let (ok, output) = tsc(&project, "backend");
    assert!(ok, "the backend does not type-check after init:\n{output}\n{server}");
}
