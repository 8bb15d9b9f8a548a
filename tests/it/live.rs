//! Live tests: the example app, patched by the real `rtgen` binary, run for real.
//!
//! Each test copies `examples/crm` to a temp dir (node_modules linked from the repo's
//! copy, installed by `npm ci`), writes the contract spec fixture, runs `rtgen add proposal`
//! (the recipe's spec, fixtures/proposal.yaml) and `rtgen add contract` (custom spec), then runs one node suite of
//! `tests/live/` against it with `node --test`. The suites start the real backend, connect
//! real socket.io clients and drive headless Chromium; see `tests/live/*.test.mjs`.
//!
//! Needs: `npm ci` in examples/crm/backend, examples/crm/front and tests/live, and Debian's
//! `chromium` for the browser suite. Failures print node's report; screenshots and the
//! backend log go to `tests/artifacts/`. Set `RTGEN_LIVE_KEEP=1` to keep the patched app
//! copy of a failed run and rerun a suite by hand:
//! `RTGEN_LIVE_APP=<copy> node --test tests/live/backend.test.mjs`.

use std::path::PathBuf;

use crate::support::{node_suite, repo, Project, SUITE_TIMEOUT};

#[test]
fn live_backend_delivers_each_event_to_its_recipients_only() {
    run_node_suite("backend.test.mjs");
}

#[test]
fn live_browser_page_follows_events_and_stops_after_logout() {
    run_node_suite("browser.test.mjs");
}

/// A bare `rtgen add proposal` derives the spec from the example's code
/// (its drizzle table, service methods and roles); the result delivers.
#[test]
fn live_derived_spec_delivers_with_its_custom_event() {
    let project = Project::example();
    project.link_node_modules();
    project.rtgen_ok(&["add", "proposal"]);
    let spec = project.read("realtime/proposal.yaml");
    assert!(spec.contains("method: approveProposal"), "no custom event derived:\n{spec}");
    let (status, output) = suite_outcome("derived.test.mjs", project);
    assert!(status.is_some_and(|s| s.success()), "`node --test derived.test.mjs` failed:\n{output}");
}

/// The suite is not a test that cannot fail: with a template override that
/// forgets to leave the actor out, it fails and names a user and an event.
#[test]
fn live_backend_fails_when_a_template_forgets_the_actor() {
    let template = rtgen::render::EMBEDDED.iter().find(|(n, _)| *n == "backend/events.js.tera").unwrap().1;
    let broken = template
        .replace("except: rule.excludeActor ? actor : undefined,", "except: undefined, // (actor exclusion dropped)");
    assert_ne!(broken, template, "the template no longer has the line this test removes");
    let project = Project::example();
    project.write(".rtgen/templates/backend/events.js.tera", &broken);
    let (status, output) = suite_outcome("backend.test.mjs", patch_example(project));
    assert!(!status.is_some_and(|s| s.success()), "the live suite passed with the actor exclusion dropped:\n{output}");
    assert!(
        output.contains("received proposal:created 1 times, expected 0"),
        "the failure does not name the user and the event:\n{output}"
    );
}

fn live_dir() -> PathBuf {
    repo().join("tests/live")
}

/// A temp copy of examples/crm with the proposal and contract modules made real-time.
fn patched_example() -> Project {
    patch_example(Project::example())
}

/// `project` with node_modules linked and the proposal and contract modules added.
fn patch_example(project: Project) -> Project {
    project.link_node_modules();
    for module in ["proposal", "contract"] {
        let spec = std::fs::read_to_string(live_dir().join(format!("fixtures/{module}.yaml"))).expect("spec fixture");
        project.write(&format!("realtime/{module}.yaml"), &spec);
    }
    project.rtgen_ok(&["add", "proposal"]);
    project.rtgen_ok(&["add", "contract"]);
    project
}

/// Runs `node --test tests/live/<file>` against a freshly patched copy; panics with
/// node's report unless it exits 0.
fn run_node_suite(file: &str) {
    let project = patched_example();
    let (status, output) = suite_outcome(file, project);
    let failure = match status {
        Some(status) if status.success() => return,
        Some(status) => format!("`node --test {file}` failed ({status})"),
        None => format!("`node --test {file}` did not finish within {SUITE_TIMEOUT:?} and was killed"),
    };
    let artifacts = repo().join("tests/artifacts");
    panic!("{failure}\nartifacts (screenshots, backend log): {}\n{output}", artifacts.display());
}

/// Runs the suite against `project`: its exit status and node's output. Keeps
/// the copy on disk when `RTGEN_LIVE_KEEP` is set.
fn suite_outcome(file: &str, project: Project) -> (Option<std::process::ExitStatus>, String) {
    let live = live_dir();
    for package in ["socket.io-client", "playwright-core"] {
        assert!(
            live.join("node_modules").join(package).is_dir(),
            "{} is missing: run `npm ci` in tests/live",
            live.join("node_modules").join(package).display()
        );
    }
    let artifacts = repo().join("tests/artifacts");
    let (status, mut output) =
        node_suite(&live, file, &[("RTGEN_LIVE_APP", project.root()), ("RTGEN_LIVE_ARTIFACTS", &artifacts)]);
    if std::env::var_os("RTGEN_LIVE_KEEP").is_some() {
        output.push_str(&format!("\npatched app copy kept at {}", project.root().display()));
        std::mem::forget(project); // leaks the TempDir: the copy stays on disk
    }
    (status, output)
}
