//! Hosts in the shapes real apps take (`tests/hosts/`): rtgen reads each
//! one's socket layer as it is, needs no hand edit, stays in sync through
//! add, add again, a second module and removal, and the code it writes
//! delivers live (`tests/live/hosts.test.mjs`).
//!
//! - `recipe-instance`: a `SocketServer` instance whose `initialize()` keeps
//!   the server in `this.io`, called unbound at the top level; a ticket
//!   module wired in start-up the recipe's way.
//! - `origin-roomless`: the recipe's origin app's shape: no rooms (a map of
//!   connected users), a session cookie, `connection:success`.
//! - `entry-server`: `const io = new Server(server)` in the entry, handed to
//!   `setupSocket(io)`; `server/` + `client/`; `user-<id>` and bare role
//!   rooms; ObjectId-like ids; no ready event; no toast module.
//! - `commonjs-backend`: the same app as CommonJS (no `"type"` in its
//!   `package.json`): a functions service (`module.exports = { createProposal, ... }`)
//!   required destructured, an instance (`module.exports = new ContractService()`),
//!   and a socket server exporting `{ initSocketServer, getIO }`.
//! - `typescript-app`: a TypeScript backend (NodeNext, `.js` specifiers)
//!   and a TSX front (extensionless specifiers); run live with `tsx`.

use std::collections::BTreeMap;

use crate::support::{changed_files, node_check, node_suite, repo, Project, SUITE_TIMEOUT};

/// Each fixture host and its backend folder.
const HOSTS: &[(&str, &str)] = &[
    ("recipe-instance", "backend"),
    ("origin-roomless", "backend"),
    ("entry-server", "server"),
    ("commonjs-backend", "server"),
    ("typescript-app", "backend"),
    ("imported-auth", "backend"),
    ("userid-role", "server"),
];

/// A copy of the host, with `rtgen init` run where its layout is not the recipe's.
fn prepared(name: &'static str, backend: &str) -> Project {
    let project = Project::host(name);
    if backend != "backend" {
        let init = project.rtgen_ok(&["init"]);
        assert!(!init.stdout.contains("not found"), "init on {name} missed something:\n{}", init.stdout);
    }
    project
}

fn contract_spec() -> String {
    std::fs::read_to_string(repo().join("tests/live/fixtures/contract.yaml")).expect("contract spec fixture")
}

/// The contract spec for `project`, whose page is `ContractRequests.tsx` in a TSX front.
fn contract_spec_for(project: &Project) -> String {
    let spec = contract_spec();
    match project.exists("front/src/admin/pages/ContractRequests.tsx") {
        true => spec.replace("page: ContractRequests.jsx", "page: ContractRequests.tsx"),
        false => spec,
    }
}

/// The recipe's proposal spec, which `tests/live/hosts.test.mjs` expects.
fn proposal_spec() -> String {
    std::fs::read_to_string(repo().join("tests/live/fixtures/proposal.yaml")).expect("proposal spec fixture")
}

fn check_in_sync(project: &Project, name: &str, step: &str) {
    let run = project.rtgen(&["check"]);
    assert_eq!(run.code, 0, "{name}: `rtgen check` after {step}:\n{}", run.report(project));
}

fn without_specs(files: BTreeMap<String, Vec<u8>>) -> BTreeMap<String, Vec<u8>> {
    files.into_iter().filter(|(path, _)| !path.starts_with("realtime/")).collect()
}

#[test]
fn hosts_add_one_then_another_then_remove_the_first_stay_in_sync() {
    for &(name, backend) in HOSTS {
        let project = prepared(name, backend);
        let before = project.files();

        project.write("realtime/proposal.yaml", &proposal_spec());
        project.rtgen_ok(&["add", "proposal"]);
        check_in_sync(&project, name, "add proposal");
        let once = project.files();
        let again = project.rtgen_ok(&["add", "proposal"]);
        assert!(again.stdout.contains("up to date"), "{name}: second add changed something:\n{}", again.stdout);
        assert_eq!(project.files(), once, "{name}: a second `add proposal` changed files");

        project.write("realtime/contract.yaml", &contract_spec_for(&project));
        project.rtgen_ok(&["add", "contract"]);
        check_in_sync(&project, name, "add contract");
        let both = project.files();
        // One start-up line for every module: rtgen's runtime, attached where the server is created;
        // no module has a line of its own (`initialize(io)`, `initializeSocketEvents()`).
        let attached: usize =
            both.values().map(|bytes| String::from_utf8_lossy(bytes).matches(".attach(").count()).sum();
        assert_eq!(attached, 1, "{name}: the runtime is attached {attached} times");
        for (path, bytes) in &both {
            let text = String::from_utf8_lossy(bytes);
            for module in ["proposal", "contract"] {
                assert!(
                    !text.contains(&format!("{module}Events.initialize("))
                        && !text.contains(&format!("{module}Service.initializeSocketEvents(")),
                    "{name}: `{path}` has a start-up line for {module}"
                );
            }
        }

        // All at once gives the same tree.
        let at_once = prepared(name, backend);
        at_once.write("realtime/contract.yaml", &contract_spec_for(&at_once));
        at_once.write("realtime/proposal.yaml", &proposal_spec());
        at_once.rtgen_ok(&["add", "proposal", "contract"]);
        let at_once_files = at_once.files();
        assert_eq!(at_once_files, both, "{name}: differs: {:?}", changed_files(&at_once_files, &both));

        project.rtgen_ok(&["remove", "proposal", "--purge"]);
        check_in_sync(&project, name, "remove proposal");
        project.rtgen_ok(&["remove", "contract", "--purge"]);
        check_in_sync(&project, name, "remove contract");
        let after = project.files();
        assert_eq!(
            without_specs(after.clone()),
            without_specs(before.clone()),
            "{name}: remove did not give the original bytes back: {:?}",
            changed_files(&after, &before)
        );
    }
}

/// The origin app's shape joins no rooms: rtgen joins them, and only while a module needs them.
#[test]
fn a_roomless_server_gets_no_joins_only_the_runtime_and_the_last_module_takes_it_out() {
    let project = prepared("origin-roomless", "backend");
    let server = "backend/src/socket/socketServer.js";
    let original = project.read(server);
    project.write("realtime/contract.yaml", &contract_spec());
    project.rtgen_ok(&["add", "proposal", "contract"]);
    let attached = project.read(server);
    assert!(!attached.contains("socket.join("), "rtgen joined rooms in the host's handler:\n{attached}");
    assert!(attached.contains("    this.io = new Server(httpServer, { cors: { origin: true, credentials: true } });\n    realtime.attach(this.io);\n"), "{attached}");
    project.rtgen_ok(&["remove", "proposal"]);
    assert_eq!(project.read(server), attached, "the start-up line went before the last module");
    assert!(project.exists("backend/src/socket/realtime.js"));
    project.rtgen_ok(&["remove", "contract"]);
    assert_eq!(project.read(server), original);
    assert!(!project.exists("backend/src/socket/realtime.js"), "the runtime outlived the last module");
}

/// Each host, patched, runs for real: one socket.io client per user.
#[test]
fn live_hosts_deliver_each_event_to_its_recipients_only() {
    let live = repo().join("tests/live");
    assert!(live.join("node_modules/socket.io-client").is_dir(), "run `npm ci` in tests/live");
    let mut failures = Vec::new();
    for &(name, backend) in HOSTS {
        let project = prepared(name, backend);
        project.link_backend_modules(backend);
        project.write("realtime/contract.yaml", &contract_spec_for(&project));
        project.write("realtime/proposal.yaml", &proposal_spec());
        project.rtgen_ok(&["add", "proposal"]);
        project.rtgen_ok(&["add", "contract"]);
        let artifacts = repo().join("tests/artifacts");
        let (status, output) = node_suite(
            &live,
            "hosts.test.mjs",
            &[("RTGEN_HOST_APP", project.root()), ("RTGEN_LIVE_ARTIFACTS", &artifacts)],
        );
        match status {
            Some(status) if status.success() => {}
            Some(status) => failures.push(format!("{name}: `node --test hosts.test.mjs` failed ({status})\n{output}")),
            None => failures.push(format!("{name}: did not finish within {SUITE_TIMEOUT:?}\n{output}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Where the auth middleware's user has no visible shape, rtgen cannot tell
/// whose socket is whose: it refuses, names what it found and the key to
/// set; the key, applied as the message says, makes the run succeed and the
/// server still loads.
#[test]
fn unknown_user_shape_is_refused_and_the_hinted_key_works() {
    let project = prepared("origin-roomless", "backend");
    let server = "backend/src/socket/socketServer.js";
    let text = project.read(server);
    let opaque = text.replace(
        "socket.user = { id: user.id, email: user.email, role: user.role };",
        "socket.user = toSocketUser(user);",
    );
    assert_ne!(opaque, text, "the fixture no longer has the line this test changes");
    project.write(
        server,
        &opaque.replace(
            "class SocketServer {",
            "const toSocketUser = (user) => ({ id: user.id, role: user.role });\n\nclass SocketServer {",
        ),
    );
    project.write("realtime/proposal.yaml", &proposal_spec());
    let before = project.files();
    let run = project.rtgen(&["add", "proposal"]);
    assert_eq!(run.code, 2, "{}", run.report(&project));
    assert!(run.stderr.contains("rtgen cannot tell which sockets belong to which user"), "{}", run.stderr);
    assert!(
        run.stderr.contains("socket.user = toSocketUser(user)"),
        "the message does not name what it found:\n{}",
        run.stderr
    );
    assert!(run.stderr.contains("set `socket.joins.user`"), "{}", run.stderr);
    let mut now = project.files();
    now.remove("realtime/proposal.yaml");
    let mut before = before;
    before.remove("realtime/proposal.yaml");
    assert_eq!(now, before, "a refused run changed files");

    // The hint, word for word: the user id is `socket.user.id`; roles need `socket.joins.role`.
    project.write("rtgen.yaml", "socket:\n  joins:\n    user: socket.user.id\n");
    let run = project.rtgen(&["add", "proposal"]);
    assert_eq!(run.code, 2, "{}", run.report(&project));
    assert!(
        run.stderr.contains("rtgen cannot tell a socket's role"),
        "roles without a role went through:\n{}",
        run.stderr
    );
    assert!(run.stderr.contains("set `socket.joins.role`"), "{}", run.stderr);
    project.write("rtgen.yaml", "socket:\n  joins:\n    user: socket.user.id\n    role: socket.user.role\n");
    project.rtgen_ok(&["add", "proposal"]);
    check_in_sync(&project, "origin-roomless", "add with the hinted keys");
    let runtime = project.read("backend/src/socket/realtime.js");
    assert!(runtime.contains("id: toId(socket.user?.id),"), "{runtime}");
    assert!(runtime.contains("roles: rolesIn(socket.user?.role),"), "{runtime}");
    crate::support::node_check(&project.root().join(server));
    crate::support::node_check(&project.root().join("backend/src/socket/realtime.js"));
}

/// A CommonJS entry that creates its own server (`require("socket.io")`) is
/// found, so `init` never adds a second one beside it.
#[test]
fn a_commonjs_socket_server_is_found_not_doubled() {
    let project = Project::copy_of("plain");
    project.write(
        "backend/src/index.js",
        "const http = require(\"http\");\nconst { Server } = require(\"socket.io\");\nconst app = require(\"./app\");\n\nconst server = http.createServer(app);\nconst io = new Server(server);\nserver.listen(4000);\n",
    );
    let run = project.rtgen(&["init", "--dry-run"]);
    // It ran through (a refusal would also print no second server) and said what it found.
    assert_eq!(run.code, 0, "{}", run.report(&project));
    assert!(
        run.stdout.contains("`backend/src/index.js`: creates the socket.io server"),
        "the server was not found:\n{}",
        run.stdout
    );
    // Read, not refused: what stops `add` is the missing connection handler, named.
    assert!(!run.stdout.contains("is a CommonJS module"), "{}", run.stdout);
    assert!(run.stdout.contains("found no `io.on(\"connection\", ...)` handler"), "{}", run.stdout);
    assert!(!run.stdout.contains("+++ b/backend/src/socket/socketServer.js"), "a second server:\n{}", run.stdout);
}

/// A setup function that keeps the server to itself (no `return io`, no
/// getter) needs nothing: the runtime is attached where the server is
/// created, and the events arrive.
#[test]
fn live_a_server_no_one_else_can_reach_is_attached_where_it_is_created_and_delivers() {
    let project = prepared("entry-server", "server");
    let entry = project.read("server/index.js");
    // The server moves into a setup module that neither returns it nor exports a getter.
    let setup = "import { Server } from \"socket.io\";\nimport setupSocket from \"./index.js\";\n\nlet io = null;\n\nexport function startSockets(server) {\n  io = new Server(server, { cors: { origin: \"*\" } });\n  setupSocket(io);\n}\n";
    project.write("server/src/socket/server.js", setup);
    project.write(
        "server/index.js",
        &entry
            .replace("import { Server } from \"socket.io\";\n", "")
            .replace(
                "import setupSocket from \"./src/socket/index.js\";",
                "import { startSockets } from \"./src/socket/server.js\";",
            )
            .replace(
                "const io = new Server(server, { cors: { origin: \"*\" } });\nsetupSocket(io);",
                "startSockets(server);",
            ),
    );
    project.write(
        "rtgen.yaml",
        &project.read("rtgen.yaml").replace("socketServer: index.js", "socketServer: src/socket/server.js"),
    );
    project.write("realtime/proposal.yaml", &proposal_spec());
    project.rtgen_ok(&["add", "proposal"]);
    check_in_sync(&project, "entry-server", "add with a server kept to itself");
    let server = project.read("server/src/socket/server.js");
    assert!(
        server.contains(
            "  io = new Server(server, { cors: { origin: \"*\" } });\n  realtime.attach(io);\n  setupSocket(io);"
        ),
        "{server}"
    );
    let events = project.read("server/src/socket/events/proposalEvents.js");
    assert!(events.contains("import { emit, pick, usersIn } from \"../realtime.js\";"), "{events}");

    // And it delivers: the fixture's live suite, on this changed host.
    project.write("realtime/contract.yaml", &contract_spec());
    project.rtgen_ok(&["add", "contract"]);
    project.link_backend_modules("server");
    let live = repo().join("tests/live");
    let (status, output) = node_suite(&live, "hosts.test.mjs", &[("RTGEN_HOST_APP", project.root())]);
    assert!(status.is_some_and(|s| s.success()), "the host does not deliver:\n{output}");
}

/// The files rtgen writes for a CommonJS backend: `require` and
/// `module.exports` only, in the base service's shape.
#[test]
fn commonjs_generated_files() {
    let project = prepared("commonjs-backend", "server");
    project.write("realtime/proposal.yaml", &proposal_spec());
    project.write("realtime/contract.yaml", &contract_spec());
    project.rtgen_ok(&["add", "proposal", "contract"]);
    for (name, rel) in [
        ("commonjs_functions_service", "server/src/services/proposalServiceWithSocket.js"),
        ("commonjs_instance_service", "server/src/services/contractServiceWithSocket.js"),
        ("commonjs_events", "server/src/socket/events/proposalEvents.js"),
    ] {
        let text = project.read(rel);
        let esm = text.lines().any(|l| l.starts_with("import ") || l.starts_with("export "));
        assert!(!esm, "{rel} mixes in ES module syntax:\n{text}");
        crate::support::node_check(&project.root().join(rel));
        insta::assert_snapshot!(name, text);
    }
}

/// A file never gets both module systems: an ES module service beside a
/// CommonJS socket server is refused, and nothing is written.
#[test]
fn a_service_and_socket_server_in_different_module_systems_are_refused() {
    let project = prepared("commonjs-backend", "server");
    let service = "server/src/services/contractService.js";
    let text = project.read(service);
    project.write(
        service,
        &text
            .replace(
                "const { ObjectId } = require(\"../db/objectId\");",
                "import { ObjectId } from \"../db/objectId.js\";",
            )
            .replace("module.exports = new ContractService();", "export default new ContractService();"),
    );
    project.write("realtime/contract.yaml", &contract_spec());
    let before = project.files();
    let run = project.rtgen(&["add", "contract"]);
    assert_eq!(run.code, 2, "{}", run.report(&project));
    assert!(
        run.stderr.contains("`server/src/services/contractService.js` is an ES module and the socket server `server/src/socket/socketServer.js` is CommonJS"),
        "{}",
        run.stderr
    );
    assert_eq!(project.files(), before);
}

/// A CommonJS socket server gets `require` lines: the runtime is CommonJS,
/// required and attached where the server is created, the events files
/// require it, and the server delivers, live.
#[test]
fn live_a_commonjs_start_up_gets_require_lines_and_delivers() {
    let project = prepared("commonjs-backend", "server");
    let server = "server/src/socket/socketServer.js";
    project.write(
        server,
        &project.read(server).replace(
            "    socket.join(`role-${socket.user.role}`);\n  });\n}",
            "    socket.join(`role-${socket.user.role}`);\n  });\n  return io;\n}",
        ),
    );
    project.write(
        "server/index.js",
        &project.read("server/index.js").replace("initSocketServer(server);", "const io = initSocketServer(server);"),
    );
    project.write("realtime/proposal.yaml", &proposal_spec());
    project.write("realtime/contract.yaml", &contract_spec());
    let before = project.files();
    project.rtgen_ok(&["add", "proposal", "contract"]);
    check_in_sync(&project, "commonjs-backend", "add with a start-up that keeps the server");
    let socket_server = project.read(server);
    assert!(!socket_server.lines().any(|l| l.starts_with("import ")), "{socket_server}");
    assert!(socket_server.contains("const realtime = require(\"./realtime\");\n"), "{socket_server}");
    assert!(
        socket_server.contains("  io = new Server(httpServer, { cors: { origin: \"*\" } });\n  realtime.attach(io);\n"),
        "{socket_server}"
    );
    let runtime = project.read("server/src/socket/realtime.js");
    assert!(runtime.contains("module.exports = { attach, emit, pick, toId, usersIn };"), "{runtime}");
    assert!(!runtime.lines().any(|l| l.starts_with("import ") || l.starts_with("export ")), "{runtime}");
    let events = project.read("server/src/socket/events/proposalEvents.js");
    assert!(events.contains("const { emit, pick, usersIn } = require(\"../realtime\");"), "{events}");
    project.link_backend_modules("server");
    let live = repo().join("tests/live");
    let (status, output) = node_suite(&live, "hosts.test.mjs", &[("RTGEN_HOST_APP", project.root())]);
    assert!(status.is_some_and(|s| s.success()), "the CommonJS start-up does not deliver:\n{output}");

    project.rtgen_ok(&["remove", "proposal", "--purge"]);
    project.rtgen_ok(&["remove", "contract", "--purge"]);
    assert_eq!(without_specs(project.files()), without_specs(before), "remove did not give the original bytes back");
}

/// Each CommonJS class and instance export, wrapped and run under node: the
/// override is the one called, the base's record comes back, and the other
/// exports stay requirable.
#[test]
fn live_commonjs_class_and_named_exports_run_under_node() {
    let shapes = [
        ("module.exports = ContractService;", "new (require(GEN))()"),
        ("module.exports = { ContractService, answer: 42 };", "new (require(GEN).ContractService)()"),
        (
            "const contractService = new ContractService();\nmodule.exports = { contractService, answer: 42 };",
            "require(GEN).contractService",
        ),
    ];
    for (export, instance) in shapes {
        let project = prepared("commonjs-backend", "server");
        project.link_backend_modules("server");
        let service = "server/src/services/contractService.js";
        project.write(service, &project.read(service).replace("module.exports = new ContractService();", export));
        project.write("realtime/contract.yaml", &contract_spec());
        project.rtgen_ok(&["add", "contract"]);
        check_in_sync(&project, "commonjs-backend", export);
        let generated = project.root().join("server/src/services/contractServiceWithSocket.js");
        let events = project.root().join("server/src/socket/events/contractEvents.js");
        // The emitter's `created`, replaced on its one instance, records what the override emits.
        let script = format!(
            "const GEN = {gen:?};\nlet emitted = null;\nrequire({events:?}).created = (c, actor) => {{ emitted = `${{c.title}} by ${{actor}}`; }};\nconst service = {instance};\nservice.createContract({{ title: 'x' }}, '64b000000000000000000004').then((c) => {{\n  console.log(JSON.stringify({{ title: c.title, emitted, answer: require(GEN).answer ?? null }}));\n}});\n",
            gen = generated.to_string_lossy(),
            events = events.to_string_lossy(),
        );
        let output = std::process::Command::new("node")
            .arg("-e")
            .arg(&script)
            .current_dir(project.root().join("server"))
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(output.status.success(), "{export}:\n{stdout}\n{}", String::from_utf8_lossy(&output.stderr));
        let answer = if export.contains("answer") { "42" } else { "null" };
        assert!(
            stdout.contains(&format!(
                "{{\"title\":\"x\",\"emitted\":\"x by 64b000000000000000000004\",\"answer\":{answer}}}"
            )),
            "{export}: {stdout}"
        );
    }
}

/// A CommonJS module whose logic sits in its controller is emitted from the
/// controller (`tests/it/controllers.rs` has the whole story): a spec whose
/// events follow methods the controller lacks is refused with its handlers'
/// names, and the hint followed, `add` writes a CommonJS socket-enabled
/// controller the route requires.
#[test]
fn a_commonjs_controller_without_a_service_is_emitted_from_once_the_spec_names_its_handlers() {
    let project = prepared("commonjs-backend", "server");
    let service = "server/src/services/proposalService.js";
    let controller = "server/src/controllers/proposalController.js";
    project.remove(service);
    project.write(
        controller,
        "const { randomUUID } = require(\"node:crypto\");\n\nexports.create = async (req, res) => {\n  res.status(201).json({ id: randomUUID(), ...req.body });\n};\n",
    );
    project.write("realtime/proposal.yaml", &proposal_spec());
    let before = project.files();
    let run = project.rtgen(&["add", "proposal"]);
    assert_eq!(run.code, 2, "{}", run.report(&project));
    assert!(run.stderr.contains(controller), "{}", run.stderr);
    assert!(run.stderr.contains("(one of `create`)"), "{}", run.stderr);
    assert_eq!(project.files(), before);

    // The hint followed: `created` follows `create`, the events it has no handler for removed.
    project.write(
        "realtime/proposal.yaml",
        "module: proposal\nevents:\n  - name: created\n    method: create\n    recipients:\n      roles: [admin]\n",
    );
    project.rtgen_ok(&["add", "proposal"]);
    check_in_sync(&project, "commonjs-backend", "after the hinted spec");
    let routes = project.read("server/src/routes/proposals.js");
    assert!(routes.contains("require(\"../controllers/proposalControllerWithSocket\")"), "{routes}");
    let generated = project.read("server/src/controllers/proposalControllerWithSocket.js");
    assert!(generated.contains("module.exports.create = emitting(base.create, "), "{generated}");
    node_check(&project.root().join("server/src/controllers/proposalControllerWithSocket.js"));
}
