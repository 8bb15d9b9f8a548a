//! `rtgen init` scaffolding the socket layer: on a copy of `examples/plain` (a host
//! without sockets) it writes the layer, a second run changes nothing, and `rtgen add`
//! then works; on `examples/crm` (a host with its own layer) it writes nothing but the
//! profile and reports what it found; `--adapter redis` gives crm's server the adapter.
//!
//! The `scale_*` tests run the node suites of `tests/scale/` against the scaffolded
//! app: real socket.io clients on one backend, then two backend instances sharing a
//! real `redis-server`. They need `npm ci` in examples/plain/backend and tests/scale,
//! and Debian's `redis-server` (`.ci/run` installs all three).

use std::path::PathBuf;
use std::process::Command;

use crate::support::{changed_files, node_check, node_suite, repo, Project, SUITE_TIMEOUT};

/// The files `init` writes on examples/plain.
const CREATED: &[&str] = &[
    "rtgen.yaml",
    "backend/src/socket/socketServer.js",
    "backend/src/socket/redisAdapter.js",
    "front/src/admin/services/socketService.js",
];
/// The files `init` patches on examples/plain.
const PATCHED: &[&str] = &["backend/src/index.js", "front/src/admin/contexts/AuthContext.jsx"];

/// A temp copy of `examples/plain` (without node_modules).
fn plain() -> Project {
    Project::copy_of("plain")
}

fn diff(before: &str, after: &str) -> String {
    similar::TextDiff::from_lines(before, after).unified_diff().context_radius(2).header("before", "after").to_string()
}

#[test]
fn init_scaffolds_the_socket_layer_on_a_host_without_one() {
    let project = plain();
    let before = project.files();
    let run = project.rtgen_ok(&["init"]);
    insta::assert_snapshot!("plain_init_output", run.report(&project));
    let after = project.files();
    let mut expected: Vec<String> = CREATED.iter().chain(PATCHED).map(|s| s.to_string()).collect();
    expected.sort();
    assert_eq!(changed_files(&before, &after), expected);
    for rel in CREATED {
        let name = format!("plain_init_{}", rel.rsplit('/').next().unwrap().replace('.', "_"));
        insta::assert_snapshot!(name, project.read(rel));
    }
    for rel in PATCHED {
        let original = String::from_utf8(before[*rel].clone()).unwrap();
        let name = format!("plain_init_diff_{}", rel.rsplit('/').next().unwrap().replace('.', "_"));
        insta::assert_snapshot!(name, diff(&original, &project.read(rel)));
    }
    for rel in ["backend/src/socket/socketServer.js", "backend/src/socket/redisAdapter.js", "backend/src/index.js"] {
        node_check(&project.root().join(rel));
    }

    // A second run finds what the first wrote and changes nothing.
    let again = project.rtgen_ok(&["init"]);
    assert!(again.stdout.contains("nothing to change"), "{}", again.report(&project));
    assert!(again.stdout.contains("`rtgen.yaml` is up to date"), "{}", again.report(&project));
    assert_eq!(changed_files(&after, &project.files()), Vec::<String>::new());
}

#[test]
fn init_dry_run_shows_the_diff_and_writes_nothing() {
    let project = plain();
    let before = project.files();
    let run = project.rtgen_ok(&["init", "--dry-run"]);
    assert!(run.stdout.contains("+++ b/backend/src/socket/socketServer.js"), "{}", run.stdout);
    assert!(run.stdout.contains("+  const io = initSocketServer(httpServer);"), "{}", run.stdout);
    assert!(run.stdout.contains("dry run: 6 file(s) would change; nothing was written"), "{}", run.stdout);
    assert_eq!(changed_files(&before, &project.files()), Vec::<String>::new());
}

#[test]
fn add_works_after_init_and_remove_restores_the_post_init_tree() {
    let project = plain();
    project.rtgen_ok(&["init"]);
    let initialised = project.files();
    let run = project.rtgen_ok(&["add", "proposal"]);
    assert!(run.stdout.contains("update front/src/admin/contexts/AuthContext.jsx"), "{}", run.stdout);
    let auth = project.read("front/src/admin/contexts/AuthContext.jsx");
    assert!(auth.contains("const handleReady = () => {\n      proposalSocketService.initialize();\n    };"), "{auth}");
    assert_eq!(auth.matches("proposalSocketService.cleanup();").count(), 3, "{auth}");
    let server = project.read("backend/src/socket/socketServer.js");
    assert!(server.contains("  realtime.attach(io);\n"), "{server}");
    assert!(!project.read("backend/src/index.js").contains("proposalEvents"));
    project.rtgen_ok(&["check"]);
    // init after add still changes nothing.
    let added = project.files();
    project.rtgen_ok(&["init"]);
    assert_eq!(changed_files(&added, &project.files()), Vec::<String>::new());

    project.rtgen_ok(&["remove", "proposal", "--purge"]);
    assert_eq!(changed_files(&initialised, &project.files()), Vec::<String>::new());
}

#[test]
fn init_on_a_host_with_sockets_scaffolds_nothing_and_reports_it() {
    let project = Project::example();
    let before = project.files();
    let run = project.rtgen_ok(&["init"]);
    insta::assert_snapshot!("crm_init_output", run.report(&project));
    assert_eq!(changed_files(&before, &project.files()), vec!["rtgen.yaml".to_string()]);
}

#[test]
fn init_adapter_redis_adds_the_adapter_to_the_host_server() {
    let project = Project::example();
    let server = "backend/src/socket/socketServer.js";
    let helper = "backend/src/socket/redisAdapter.js";
    let original = project.read(server);
    let run = project.rtgen_ok(&["init", "--adapter", "redis"]);
    insta::assert_snapshot!("crm_adapter_output", run.report(&project));
    insta::assert_snapshot!("crm_adapter_diff_socketServer_js", diff(&original, &project.read(server)));
    assert_eq!(project.read(helper), {
        let plain = plain();
        plain.rtgen_ok(&["init"]);
        plain.read(helper)
    });
    node_check(&project.root().join(server));
    node_check(&project.root().join(helper));

    let patched = project.files();
    let again = project.rtgen_ok(&["init", "--adapter", "redis"]);
    assert!(again.stdout.contains("calls `attachRedisAdapter(...)` already"), "{}", again.report(&project));
    assert_eq!(changed_files(&patched, &project.files()), Vec::<String>::new());
}

#[test]
fn init_adapter_redis_refuses_a_server_it_cannot_patch_safely() {
    let project = Project::example();
    let server = "backend/src/socket/socketServer.js";
    let text = project.read(server).replace(
        "  io = new Server(httpServer, { cors: { origin: \"*\" } });\n",
        "  io = configure(new Server(httpServer, { cors: { origin: \"*\" } }));\n",
    );
    project.write(server, &format!("{text}\nconst configure = (server) => server;\n"));
    let before = project.files();
    let run = project.rtgen(&["init", "--adapter", "redis"]);
    assert_eq!(run.code, 2, "{}", run.report(&project));
    insta::assert_snapshot!("crm_adapter_refused", run.report(&project));
    assert_eq!(changed_files(&before, &project.files()), Vec::<String>::new());
}

// ----- the node suites of tests/scale/ -----

#[test]
fn scale_one_instance_sends_each_event_once_to_its_recipients() {
    run_scale_suite("live.test.mjs");
}

#[test]
fn scale_two_instances_share_events_through_redis_and_survive_its_outage() {
    let found = Command::new("redis-server").arg("--version").output();
    assert!(
        found.is_ok_and(|o| o.status.success()),
        "redis-server is missing: `apt-get install redis-server` (`.ci/run` does)"
    );
    run_scale_suite("cluster.test.mjs");
}

fn scale_dir() -> PathBuf {
    repo().join("tests/scale")
}

/// A temp copy of examples/plain with its node_modules linked, after `init` and `add proposal`.
fn scaffolded_plain() -> Project {
    let project = plain();
    project.link_node_modules();
    project.rtgen_ok(&["init"]);
    // The scale suites expect the recipe's events.
    let spec = std::fs::read_to_string(repo().join("tests/live/fixtures/proposal.yaml")).expect("spec fixture");
    project.write("realtime/proposal.yaml", &spec);
    project.rtgen_ok(&["add", "proposal"]);
    project
}

/// Runs `node --test tests/scale/<file>` against a freshly scaffolded copy; panics with
/// node's report unless it exits 0.
fn run_scale_suite(file: &str) {
    let dir = scale_dir();
    assert!(
        dir.join("node_modules/socket.io-client").is_dir(),
        "{} is missing: run `npm ci` in tests/scale",
        dir.join("node_modules/socket.io-client").display()
    );
    let project = scaffolded_plain();
    match node_suite(&dir, file, &[("RTGEN_SCALE_APP", project.root())]) {
        (Some(status), _) if status.success() => {}
        (Some(status), output) => panic!("`node --test {file}` failed ({status})\n{output}"),
        (None, output) => {
            panic!("`node --test {file}` did not finish within {SUITE_TIMEOUT:?} and was killed\n{output}")
        }
    }
}

/// `rtgen.yaml`'s comments name only files that exist: without an AuthContext
/// and a socket service, the front's style is "not read yet", never read
/// from a default path.
#[test]
fn init_does_not_claim_a_style_from_a_file_that_does_not_exist() {
    let project = Project::copy_of("plain");
    project.remove("front/src/admin/contexts/AuthContext.jsx");
    project.rtgen(&["init"]);
    let profile = project.read("rtgen.yaml");
    let line = profile.lines().find(|l| l.contains("front style")).unwrap_or_default().to_string();
    assert!(line.contains("not read yet") && line.contains("neither exists"), "{profile}");
}
