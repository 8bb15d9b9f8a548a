//! `rtgen init` into a CommonJS backend with no socket layer
//! (`tests/hosts/commonjs-bare`: `require` throughout, no `"type"` in its
//! `package.json`, `const server = app.listen(...)` inside `connectDb().then`):
//! the socket server is scaffolded as CommonJS, the entry gets `require`
//! lines and its HTTP server in its own shape, a second `init` changes
//! nothing, `add` then writes `require`-based start-up lines, `check` is in
//! sync, `remove` gives init's bytes back, and `node` runs the server with
//! the events delivered (`tests/live/hosts.test.mjs`).

use std::collections::BTreeMap;

use crate::support::{changed_files, host_suite, node_check, repo, Project};

const ENTRY: &str = "server/index.js";
const SERVER: &str = "server/src/socket/socketServer.js";
const ADAPTER: &str = "server/src/socket/redisAdapter.js";

fn spec(name: &str) -> String {
    std::fs::read_to_string(repo().join(format!("tests/live/fixtures/{name}.yaml"))).expect("spec fixture")
}

fn bare() -> Project {
    Project::host("commonjs-bare")
}

/// A line that is an ES module's own: `import x from`, `export const`.
fn esm_lines(text: &str) -> Vec<&str> {
    text.lines().filter(|l| l.starts_with("import ") || l.starts_with("export ")).collect()
}

fn without_specs(files: BTreeMap<String, Vec<u8>>) -> BTreeMap<String, Vec<u8>> {
    files.into_iter().filter(|(path, _)| !path.starts_with("realtime/")).collect()
}

#[test]
fn init_scaffolds_a_commonjs_socket_layer_and_add_requires_its_events() {
    let project = bare();
    let before = project.files();
    let run = project.rtgen_ok(&["init"]);
    assert!(!run.stdout.contains("not found"), "{}", run.report(&project));
    let after = project.files();
    let changed = changed_files(&before, &after);
    for rel in ["rtgen.yaml", SERVER, ADAPTER, ENTRY] {
        assert!(changed.iter().any(|c| c == rel), "{rel} not written: {changed:?}");
    }

    // Every backend file init wrote or patched is CommonJS, and loads.
    for rel in [SERVER, ADAPTER, ENTRY] {
        let text = project.read(rel);
        assert!(esm_lines(&text).is_empty(), "{rel} got ES module lines:\n{text}");
        node_check(&project.root().join(rel));
    }
    let server = project.read(SERVER);
    // Required the way the entry writes its own requires: without `.js`.
    assert!(server.contains("const { verifyToken } = require(\"../middleware/auth\");"), "{server}");
    assert!(server.contains("const { attachRedisAdapter } = require(\"./redisAdapter\");"), "{server}");
    assert!(server.ends_with("module.exports = { initSocketServer, getIO, emitTo };\n"), "{server}");
    let original = String::from_utf8(before[ENTRY].clone()).unwrap();
    let entry = project.read(ENTRY);
    insta::assert_snapshot!(
        "commonjs_bare_init_entry_diff",
        similar::TextDiff::from_lines(&original, &entry).unified_diff().header("before", "after").to_string()
    );

    // The front's socket service goes beside its API module and connects to the API's origin.
    let socket = project.read("client/src/services/socketService.js");
    assert!(socket.contains("import { API_URL } from \"./api\";") && socket.contains("io(API_URL, {"), "{socket}");
    assert!(project.read("client/src/context/AuthContext.jsx").contains("from \"../services/socketService\";"));

    // A second run finds what the first wrote and changes nothing.
    let again = project.rtgen_ok(&["init"]);
    assert!(again.stdout.contains("nothing to change"), "{}", again.report(&project));
    assert_eq!(project.files(), after, "a second `init` changed files");

    project.write("realtime/proposal.yaml", &spec("proposal"));
    project.write("realtime/contract.yaml", &spec("contract"));
    project.rtgen_ok(&["add", "proposal", "contract"]);
    // The entry is left alone: the scaffolded server requires rtgen's runtime and attaches it.
    let server = project.read("server/src/socket/socketServer.js");
    assert!(esm_lines(&server).is_empty(), "{server}");
    assert!(server.contains("const realtime = require(\"./realtime\");\n"), "{server}");
    assert!(server.contains("  realtime.attach(io);\n"), "{server}");
    let runtime = project.read("server/src/socket/realtime.js");
    assert!(esm_lines(&runtime).is_empty(), "{runtime}");
    // The user the scaffolded auth sets, read through the handler's `const { user } = socket.data`.
    assert!(runtime.contains("id: toId(socket.data.user?.id),"), "{runtime}");
    assert!(runtime.contains("roles: rolesIn(socket.data.user?.roles),"), "{runtime}");
    for rel in [ENTRY, "server/src/socket/socketServer.js", "server/src/socket/realtime.js"] {
        node_check(&project.root().join(rel));
    }
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

/// `node` starts the CommonJS server after `init` + `add`; real clients of
/// every user receive each event exactly when they are its recipients.
#[test]
fn live_commonjs_bare_host_runs_after_init_and_add() {
    let live = repo().join("tests/live");
    assert!(live.join("node_modules/socket.io-client").is_dir(), "run `npm ci` in tests/live");
    let project = bare();
    project.rtgen_ok(&["init"]);
    project.link_backend_modules("server");
    project.write("realtime/proposal.yaml", &spec("proposal"));
    project.write("realtime/contract.yaml", &spec("contract"));
    project.rtgen_ok(&["add", "proposal"]);
    project.rtgen_ok(&["add", "contract"]);
    host_suite(&project, "hosts.test.mjs");
}

/// The CommonJS socket server requires rtgen's runtime, which the events
/// files load too, and node cannot `require` an ES module: an ES module
/// service there is refused, nothing is written, and the fix the message
/// gives (one module system) makes it work.
#[test]
fn an_es_module_service_behind_a_commonjs_start_up_is_refused_and_the_hint_works() {
    let project = bare();
    project.rtgen_ok(&["init"]);
    let service = "server/src/services/contractService.js";
    let commonjs = project.read(service);
    let esm = commonjs
        .replace("const { ObjectId } = require(\"../db/objectId\");", "import { ObjectId } from \"../db/objectId.js\";")
        .replace("module.exports = new ContractService();", "export default new ContractService();");
    assert_ne!(esm, commonjs, "the fixture no longer has the lines this test changes");
    project.write(service, &esm);
    project.write("realtime/contract.yaml", &spec("contract"));
    let before = project.files();
    let run = project.rtgen(&["add", "contract"]);
    assert_eq!(run.code, 2, "{}", run.report(&project));
    assert!(
        run.stderr.contains("`server/src/services/contractService.js` is an ES module and the socket server `server/src/socket/socketServer.js` is CommonJS"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("help: use one module system for the backend"), "{}", run.stderr);
    assert_eq!(project.files(), before, "a refused run changed files");

    // The hint: one module system, here the backend's CommonJS.
    project.write(service, &commonjs);
    project.rtgen_ok(&["add", "contract"]);
    assert_eq!(project.rtgen(&["check"]).code, 0);
}

/// The entry's refusals show the line to paste in its own module system.
#[test]
fn a_commonjs_entry_without_listen_is_refused_with_the_require_to_paste() {
    let project = bare();
    project.write(ENTRY, "const app = require(\"./src/app\");\n\nmodule.exports = app;\n");
    let before = project.files();
    let run = project.rtgen(&["init"]);
    assert_eq!(run.code, 2, "{}", run.report(&project));
    assert!(run.stderr.contains("server/index.js:1:1"), "{}", run.stderr);
    assert!(run.stderr.contains("no `listen(...)` call"), "{}", run.stderr);
    assert!(
        run.stderr.contains("const { initSocketServer } = require(\"./src/socket/socketServer\");"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("import {"), "{}", run.stderr);
    assert_eq!(project.files(), before, "a refused run changed files");

    // The snippet, pasted as shown, makes `init` succeed.
    project.write(
        ENTRY,
        "const http = require(\"http\");\nconst app = require(\"./src/app\");\nconst { initSocketServer } = require(\"./src/socket/socketServer\");\n\nconst server = http.createServer(app);\nconst io = initSocketServer(server);\nserver.listen(process.env.PORT || 5000);\n",
    );
    project.rtgen_ok(&["init"]);
    assert!(project.exists(SERVER));
    node_check(&project.root().join(ENTRY));
    node_check(&project.root().join(SERVER));
}

/// `init --adapter redis` on a host's own CommonJS server: the helper is
/// CommonJS too and the server `require`s it; both load.
#[test]
fn adapter_redis_on_a_commonjs_server_requires_a_commonjs_helper() {
    let project = Project::host("commonjs-backend");
    project.rtgen_ok(&["init"]);
    let before = project.read(SERVER);
    project.rtgen_ok(&["init", "--adapter", "redis"]);
    let server = project.read(SERVER);
    let adapter = project.read(ADAPTER);
    for (rel, text) in [(SERVER, &server), (ADAPTER, &adapter)] {
        assert!(esm_lines(text).is_empty(), "{rel} got ES module lines:\n{text}");
        node_check(&project.root().join(rel));
    }
    assert!(
        server.contains("const { attachRedisAdapter } = require(\"./redisAdapter\");\n"),
        "{}",
        similar::TextDiff::from_lines(&before, &server).unified_diff()
    );
    assert!(server.contains("  attachRedisAdapter(io);\n"), "{server}");
    assert!(adapter.ends_with("module.exports = { attachRedisAdapter };\n"), "{adapter}");
    let again = project.rtgen_ok(&["init", "--adapter", "redis"]);
    assert!(again.stdout.contains("calls `attachRedisAdapter(...)` already"), "{}", again.stdout);
}

/// A CommonJS entry that wires a socket-enabled service by hand with
/// `require` and an `initialize...` call: `add` leaves that wiring alone and
/// adds no line of its own per module (the runtime is attached where the
/// server is created), the server still loads, and `remove` gives the bytes back.
#[test]
fn live_a_required_hand_wired_service_is_left_alone() {
    let project = Project::host("commonjs-backend");
    project.rtgen_ok(&["init"]);
    project.link_backend_modules("server");
    project.write(
        "server/src/services/ticketServiceWithSocket.js",
        "/** The hand-written ticket module's socket wiring. */\nconst initializeSocketEvents = () => {};\n\nmodule.exports = { initializeSocketEvents };\n",
    );
    let entry = project.read(ENTRY);
    let wired = entry.replace(
        "const { initSocketServer } = require(\"./src/socket/socketServer\");\n",
        "const { initSocketServer } = require(\"./src/socket/socketServer\");\nconst ticketService = require(\"./src/services/ticketServiceWithSocket\");\n",
    );
    let wired = wired
        .replace("initSocketServer(server);\n", "initSocketServer(server);\nticketService.initializeSocketEvents();\n");
    assert_ne!(wired, entry, "the fixture no longer has the lines this test changes");
    project.write(ENTRY, &wired);
    project.write("realtime/contract.yaml", &spec("contract"));
    let before = project.files();
    project.rtgen_ok(&["add", "contract"]);
    assert_eq!(project.read(ENTRY), wired, "the entry changed");
    assert_eq!(project.rtgen(&["check"]).code, 0);
    // The server module with its runtime line loads under node.
    let script = "require(\"./src/socket/socketServer\");\nrequire(\"./src/services/contractServiceWithSocket\");\n";
    let run = std::process::Command::new("node")
        .args(["-e", script])
        .current_dir(project.root().join("server"))
        .output()
        .expect("node runs");
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    project.rtgen_ok(&["remove", "contract", "--purge"]);
    assert_eq!(without_specs(project.files()), without_specs(before));
}

/// A `.cjs` entry under `"type": "module"`: a new `socketServer.js` would
/// load as an ES module, so `init` refuses and writes nothing; the profile
/// its message prints, saved as `rtgen.yaml`, names the server `.cjs` and
/// makes `init` succeed with files that load as CommonJS.
#[test]
fn a_cjs_entry_under_type_module_is_refused_and_the_printed_profile_works() {
    let project = bare();
    let entry = project.read(ENTRY);
    project.remove(ENTRY);
    project.write("server/index.cjs", &entry);
    let package = project.read("server/package.json");
    let package = package
        .replace("\"main\": \"index.js\",", "\"type\": \"module\",\n  \"main\": \"index.cjs\",")
        .replace("node index.js", "node index.cjs");
    project.write("server/package.json", &package);
    let before = project.files();
    let run = project.rtgen(&["init"]);
    assert_eq!(run.code, 2, "{}", run.report(&project));
    assert!(
        run.stderr.contains("`server/index.cjs` is CommonJS, and node would load a new `server/src/socket/socketServer.js` as an ES module"),
        "{}",
        run.stderr
    );
    assert_eq!(project.files(), before, "a refused run changed files");

    // The hint, as printed: the indented profile after `help:`.
    let profile: String = run.stderr.lines().filter_map(|l| l.strip_prefix("    ")).map(|l| format!("{l}\n")).collect();
    assert!(profile.contains("socketServer: src/socket/socketServer.cjs"), "{}", run.stderr);
    project.write("rtgen.yaml", &profile);
    project.rtgen_ok(&["init"]);
    for rel in ["server/src/socket/socketServer.cjs", "server/src/socket/redisAdapter.cjs", "server/index.cjs"] {
        let text = project.read(rel);
        assert!(esm_lines(&text).is_empty(), "{rel}:\n{text}");
        node_check(&project.root().join(rel));
    }
    let entry = project.read("server/index.cjs");
    // `require` finds `.cjs` only when it is written out.
    assert!(entry.contains("const { initSocketServer } = require(\"./src/socket/socketServer.cjs\");"), "{entry}");
    assert!(project.read("server/src/socket/socketServer.cjs").contains("require(\"./redisAdapter.cjs\")"));
    let again = project.rtgen_ok(&["init"]);
    assert!(again.stdout.contains("nothing to change"), "{}", again.report(&project));
}

/// One module after another gives the tree that both at once give.
#[test]
fn commonjs_start_up_one_module_after_another_equals_both_at_once() {
    let sequential = bare();
    sequential.rtgen_ok(&["init"]);
    sequential.write("realtime/proposal.yaml", &spec("proposal"));
    sequential.write("realtime/contract.yaml", &spec("contract"));
    sequential.rtgen_ok(&["add", "proposal"]);
    sequential.rtgen_ok(&["add", "contract"]);
    let at_once = bare();
    at_once.rtgen_ok(&["init"]);
    at_once.write("realtime/proposal.yaml", &spec("proposal"));
    at_once.write("realtime/contract.yaml", &spec("contract"));
    at_once.rtgen_ok(&["add", "proposal", "contract"]);
    let (a, b) = (sequential.files(), at_once.files());
    assert!(a == b, "differs: {:?}", changed_files(&a, &b));
    // Removing the first keeps the runtime and its line for the second.
    let server = sequential.read("server/src/socket/socketServer.js");
    sequential.rtgen_ok(&["remove", "proposal"]);
    assert_eq!(sequential.read("server/src/socket/socketServer.js"), server);
    assert!(sequential.exists("server/src/socket/realtime.js"));
    assert_eq!(sequential.rtgen(&["check", "contract"]).code, 0);
}

/// With `REDIS_URL` set, the CommonJS socket server `init` wrote loads its
/// CommonJS Redis helper and connects to a real `redis-server` when node
/// starts it. (Delivery through Redis, the same code as an ES module, is
/// proven by `tests/scale/cluster.test.mjs`; `hosts.test.mjs`'s sync probe
/// does not hold once events travel through Redis.)
#[test]
fn scale_commonjs_bare_host_starts_with_its_redis_adapter() {
    use std::io::{BufRead, BufReader};
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let mut redis = std::process::Command::new("redis-server")
        .args(["--port", &port.to_string(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
        .stdout(std::process::Stdio::null())
        .spawn()
        .expect("redis-server is missing: `apt-get install redis-server` (`.ci/run` does)");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(std::time::Instant::now() < deadline, "redis-server did not start on port {port}");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let project = bare();
    project.rtgen_ok(&["init"]);
    project.link_backend_modules("server");
    project.write("realtime/proposal.yaml", &spec("proposal"));
    project.rtgen_ok(&["add", "proposal"]);
    let mut server = std::process::Command::new("node")
        .arg("index.js")
        .current_dir(project.root().join("server"))
        .env("PORT", "0")
        .env("REDIS_URL", format!("redis://127.0.0.1:{port}"))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::inherit())
        .spawn()
        .expect("node runs");
    let (lines, seen) = std::sync::mpsc::channel();
    let stdout = server.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if lines.send(line).is_err() {
                break;
            }
        }
    });
    let (mut listening, mut shared, mut output) = (false, false, String::new());
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while !(listening && shared) && std::time::Instant::now() < deadline {
        if let Ok(line) = seen.recv_timeout(std::time::Duration::from_millis(200)) {
            listening |= line.contains("API listening on http://localhost:");
            shared |= line.contains("[socket] sharing events through Redis");
            output.push_str(&line);
            output.push('\n');
        }
    }
    let _ = server.kill();
    let _ = server.wait();
    let _ = redis.kill();
    let _ = redis.wait();
    assert!(listening && shared, "the server did not start with the Redis adapter:\n{output}");
}
