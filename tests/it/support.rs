//! A temp host project and a way to run the real binary on it.

use std::collections::BTreeMap;
use std::fs;
use std::io::Read;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use tempfile::TempDir;

/// The repository's root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// What one run of `rtgen` did.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Exit code and output, with the temp dir's path made stable.
    pub fn report(&self, project: &Project) -> String {
        let root = project.root().display().to_string();
        format!(
            "exit: {}\n--- stdout\n{}--- stderr\n{}",
            self.code,
            self.stdout.replace(&root, "<root>"),
            self.stderr.replace(&root, "<root>")
        )
    }
}

/// A host project in a temp folder.
pub struct Project {
    dir: TempDir,
    /// The example it is a copy of (`crm`, `plain`).
    example: &'static str,
}

impl Project {
    /// A copy of `examples/crm` without `node_modules` and `dist`.
    pub fn example() -> Project {
        Project::copy_of("crm")
    }

    /// A copy of the fixture host `tests/hosts/<name>`.
    pub fn host(name: &'static str) -> Project {
        let dir = tempfile::Builder::new().prefix("rtgen-host-").tempdir().expect("temp dir");
        copy_tree(&repo().join("tests/hosts").join(name), dir.path());
        Project { dir, example: "crm" }
    }

    /// Links examples/crm's backend packages (express, socket.io,
    /// jsonwebtoken) into the fixture host's backend folder `backend`; a
    /// fixture whose `fixture.json` names `nodeModules` (the TypeScript host:
    /// `tests/typescript/node_modules`, with tsx and the types) gets those.
    pub fn link_backend_modules(&self, backend: &str) {
        let source = repo().join(self.fixture_modules().unwrap_or_else(|| "examples/crm/backend/node_modules".into()));
        assert!(source.is_dir(), "`{}` is missing: run `npm ci` in its folder (`.ci/run` does)", source.display());
        let target = self.root().join(backend).join("node_modules");
        if !target.exists() {
            std::os::unix::fs::symlink(&source, &target).unwrap();
        }
    }

    /// The `nodeModules` folder `fixture.json` names, relative to the repository.
    pub fn fixture_modules(&self) -> Option<String> {
        let text = fs::read_to_string(self.root().join("fixture.json")).ok()?;
        let fixture: serde_json::Value = serde_json::from_str(&text).expect("fixture.json is JSON");
        fixture.get("nodeModules")?.as_str().map(str::to_string)
    }

    /// A copy of `examples/<name>` without `node_modules` and `dist`.
    pub fn copy_of(name: &'static str) -> Project {
        let dir = tempfile::Builder::new().prefix("rtgen-it-").tempdir().expect("temp dir");
        copy_tree(&repo().join("examples").join(name), dir.path());
        Project { dir, example: name }
    }

    /// A copy of `examples/crm` in memory (`/dev/shm` when there is one):
    /// for tests that run rtgen hundreds of times, where `fsync` on a busy
    /// disk would be most of the time and proves nothing a kill can break.
    pub fn example_in_memory() -> Project {
        let shm = Path::new("/dev/shm");
        let mut builder = tempfile::Builder::new();
        builder.prefix("rtgen-it-");
        let dir = if shm.is_dir() { builder.tempdir_in(shm) } else { builder.tempdir() }.expect("temp dir");
        copy_tree(&repo().join("examples/crm"), dir.path());
        Project { dir, example: "crm" }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// Runs `rtgen <args> --root <project>`.
    pub fn rtgen(&self, args: &[&str]) -> Run {
        self.rtgen_env(args, &[])
    }

    /// Runs `rtgen <args> --root <project>` with `env` set, and none of the
    /// colour variables but those in `env`.
    pub fn rtgen_env(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        let mut command = Command::new(env!("CARGO_BIN_EXE_rtgen"));
        for key in ["NO_COLOR", "CLICOLOR", "CLICOLOR_FORCE"] {
            command.env_remove(key);
        }
        let output =
            command.envs(env.iter().copied()).args(args).arg("--root").arg(self.root()).output().expect("rtgen runs");
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// Runs rtgen and asserts it succeeded.
    pub fn rtgen_ok(&self, args: &[&str]) -> Run {
        let run = self.rtgen(args);
        assert_eq!(run.code, 0, "rtgen {args:?} failed:\n{}", run.report(self));
        run
    }

    pub fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.root().join(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
    }

    pub fn exists(&self, rel: &str) -> bool {
        self.root().join(rel).exists()
    }

    pub fn write(&self, rel: &str, text: &str) {
        let path = self.root().join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }

    pub fn remove(&self, rel: &str) {
        fs::remove_file(self.root().join(rel)).unwrap();
    }

    /// Every file's bytes, by relative path (not under `node_modules`).
    pub fn files(&self) -> BTreeMap<String, Vec<u8>> {
        let mut files = BTreeMap::new();
        let walk = walkdir::WalkDir::new(self.root()).sort_by_file_name().into_iter();
        for entry in walk.filter_entry(|e| e.file_name() != "node_modules") {
            let entry = entry.unwrap();
            if entry.file_type().is_file() {
                let rel = entry.path().strip_prefix(self.root()).unwrap().to_string_lossy().replace('\\', "/");
                files.insert(rel, fs::read(entry.path()).unwrap());
            }
        }
        files
    }

    /// Links the example's installed `node_modules` into this copy.
    pub fn link_node_modules(&self) {
        for part in ["backend", "front"] {
            let source = repo().join("examples").join(self.example).join(part).join("node_modules");
            assert!(
                source.is_dir(),
                "`{}` is missing: run `npm ci` in examples/{}/{part} (`.ci/run` does)",
                source.display(),
                self.example
            );
            let target = self.root().join(part).join("node_modules");
            if !target.exists() {
                std::os::unix::fs::symlink(&source, &target).unwrap();
            }
        }
    }
}

/// Which files differ between two snapshots of a tree, for assertion messages.
pub fn changed_files(a: &BTreeMap<String, Vec<u8>>, b: &BTreeMap<String, Vec<u8>>) -> Vec<String> {
    let mut names: Vec<&String> = a.keys().chain(b.keys()).collect();
    names.sort();
    names.dedup();
    names.into_iter().filter(|n| a.get(*n) != b.get(*n)).cloned().collect()
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from)
        .into_iter()
        .filter_entry(|e| !matches!(e.file_name().to_str(), Some("node_modules" | "dist")))
    {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else if entry.file_type().is_file() {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// `node --check` on a file: it must be valid JavaScript for node.
pub fn node_check(path: &Path) {
    let output = Command::new("node").arg("--check").arg(path).output().expect("node runs");
    assert!(
        output.status.success(),
        "node --check {} failed:\n{}",
        path.display(),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// A node suite takes 10-30 s; this only stops a hung one.
pub const SUITE_TIMEOUT: Duration = Duration::from_secs(300);

/// Runs `tests/live/<file>` against the prepared host `project` (`RTGEN_HOST_APP`),
/// screenshots and logs to `tests/artifacts`; panics with node's output unless it passes.
pub fn host_suite(project: &Project, file: &str) {
    let live = repo().join("tests/live");
    assert!(live.join("node_modules/socket.io-client").is_dir(), "run `npm ci` in tests/live");
    let artifacts = repo().join("tests/artifacts");
    let (status, output) =
        node_suite(&live, file, &[("RTGEN_HOST_APP", project.root()), ("RTGEN_LIVE_ARTIFACTS", &artifacts)]);
    match status {
        Some(status) => assert!(status.success(), "`node --test {file}` failed ({status}):\n{output}"),
        None => panic!("`node --test {file}` did not finish within {SUITE_TIMEOUT:?}\n{output}"),
    }
}

/// Runs `node --test <file>` in `dir` with `env`: its exit status (`None`:
/// killed after [`SUITE_TIMEOUT`]) and node's output.
pub fn node_suite(dir: &Path, file: &str, env: &[(&str, &Path)]) -> (Option<std::process::ExitStatus>, String) {
    let mut command = Command::new("node");
    command
        .args(["--test", "--test-reporter=spec", file])
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        // Its own process group, so a timeout also stops the backends, Chromium and redis-server.
        .process_group(0);
    for (key, value) in env {
        command.env(key, value);
    }
    let mut child = command.spawn().unwrap_or_else(|e| panic!("cannot run node ({e}): Node.js 20+ must be on PATH"));
    let stdout = drain(child.stdout.take().unwrap());
    let stderr = drain(child.stderr.take().unwrap());
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for node") {
            break Some(status);
        }
        if started.elapsed() > SUITE_TIMEOUT {
            // Negative pid: the whole group.
            let _ = Command::new("kill").args(["-KILL", &format!("-{}", child.id())]).status();
            let _ = child.wait();
            break None;
        }
        thread::sleep(Duration::from_millis(100));
    };
    let output =
        format!("--- stdout\n{}--- stderr\n{}", stdout.join().unwrap_or_default(), stderr.join().unwrap_or_default());
    (status, output)
}

/// Reads a pipe to the end on a thread, so neither pipe can fill up and block node.
fn drain(mut pipe: impl Read + Send + 'static) -> thread::JoinHandle<String> {
    thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = pipe.read_to_end(&mut bytes);
        String::from_utf8_lossy(&bytes).into_owned()
    })
}
