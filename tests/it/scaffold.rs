//! `rtgen init` scaffolding the socket layer: on a copy of `examples/plain` (a host
//! without sockets) it writes the layer, a second run changes nothing, and `rtgen add`
//! then works; on `examples/crm` (a host with its own layer) it writes nothing but the
//! profile and reports what it found; `--adapter redis` gives crm's server the adapter.
//!
//! The `scale_*` tests run the node suites of `tests/scale/` against the scaffolded
//! app: real socket.io clients on one backend, then two backend instances sharing a
//! real `redis-server`. They need `npm ci` in examples/plain/backend and tests/scale,
//! and Debian's `redis-server` (`.ci/run` installs all three).

use std::io::Read;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use crate::support::{changed_files, node_check, repo, Project};

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
    // `Project` copies examples/crm; swap its content for examples/plain.
    let project = Project::example();
    for entry in std::fs::read_dir(project.root()).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            std::fs::remove_dir_all(&path).unwrap();
        } else {
            std::fs::remove_file(&path).unwrap();
        }
    }
    copy_tree(&repo().join("examples/plain"), project.root());
    project
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from)
        .into_iter()
        .filter_entry(|e| !matches!(e.file_name().to_str(), Some("node_modules" | "dist")))
    {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
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
    let entry = project.read("backend/src/index.js");
    assert!(entry.contains("const io = initSocketServer(httpServer);\n  proposalEvents.initialize(io);"), "{entry}");
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

/// A suite takes 5-30 s; this only stops a hung one.
const SUITE_TIMEOUT: Duration = Duration::from_secs(300);

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
    for part in ["backend", "front"] {
        let source = repo().join("examples/plain").join(part).join("node_modules");
        assert!(
            source.is_dir(),
            "`{}` is missing: run `npm ci` in examples/plain/{part} (`.ci/run` does)",
            source.display()
        );
        std::os::unix::fs::symlink(&source, project.root().join(part).join("node_modules")).unwrap();
    }
    project.rtgen_ok(&["init"]);
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
    let mut child = Command::new("node")
        .args(["--test", "--test-reporter=spec", file])
        .current_dir(&dir)
        .env("RTGEN_SCALE_APP", project.root())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        // Its own process group, so a timeout also stops the backends and redis-server.
        .process_group(0)
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run node ({e}): Node.js 20+ must be on PATH"));
    let stdout = drain(child.stdout.take().unwrap());
    let stderr = drain(child.stderr.take().unwrap());
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for node") {
            break Some(status);
        }
        if started.elapsed() > SUITE_TIMEOUT {
            let _ = Command::new("kill").args(["-KILL", &format!("-{}", child.id())]).status();
            let _ = child.wait();
            break None;
        }
        thread::sleep(Duration::from_millis(100));
    };
    let output =
        format!("--- stdout\n{}--- stderr\n{}", stdout.join().unwrap_or_default(), stderr.join().unwrap_or_default());
    match status {
        Some(status) if status.success() => {}
        Some(status) => panic!("`node --test {file}` failed ({status})\n{output}"),
        None => panic!("`node --test {file}` did not finish within {SUITE_TIMEOUT:?} and was killed\n{output}"),
    }
}

/// Reads a pipe to the end on a thread, so neither pipe can fill up and block node.
fn drain(mut pipe: impl Read + Send + 'static) -> thread::JoinHandle<String> {
    thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = pipe.read_to_end(&mut bytes);
        String::from_utf8_lossy(&bytes).into_owned()
    })
}
