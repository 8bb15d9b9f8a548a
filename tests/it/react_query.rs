//! A front whose Proposals page reads its list through a custom hook over
//! TanStack Query (`tests/hosts/react-query`: `useProposals()` in
//! `client/src/hooks/`, key `['proposals', filters]`): `add` makes the page
//! invalidate the `proposals` key on each event (its `useQueryClient()`
//! added), once per mount; a second `add` changes nothing, `check` is clean,
//! `remove` gives the original bytes back, and a real Chromium page follows
//! another client's changes (`tests/live/react-query-browser.test.mjs`).

use crate::support::{changed_files, host_suite, repo, Project};

const HOST: &str = "react-query";
const PAGE: &str = "client/src/pages/Proposals.jsx";

fn prepared() -> Project {
    let project = Project::host(HOST);
    project.rtgen_ok(&["init"]);
    project
}

fn write_spec(project: &Project) {
    let spec =
        std::fs::read_to_string(repo().join("tests/live/fixtures/proposal.yaml")).expect("proposal spec fixture");
    project.write("realtime/proposal.yaml", &spec);
}

#[test]
fn react_query_page_invalidates_its_key_and_removes_to_the_original_bytes() {
    let project = prepared();
    let before = project.files();
    write_spec(&project);
    let original = project.read(PAGE);
    let add = project.rtgen_ok(&["add", "proposal"]);
    assert!(!add.stderr.contains("was not wired"), "{}", add.stderr);
    let page = project.read(PAGE);
    insta::assert_snapshot!(similar::TextDiff::from_lines(&original, &page)
        .unified_diff()
        .header(PAGE, PAGE)
        .to_string());

    let check = project.rtgen(&["check"]);
    assert_eq!(check.code, 0, "check after add:\n{}", check.report(&project));
    let once = project.files();
    let again = project.rtgen_ok(&["add", "proposal"]);
    assert!(again.stdout.contains("up to date"), "second add changed something:\n{}", again.stdout);
    assert_eq!(project.files(), once, "a second `add proposal` changed files");

    project.rtgen_ok(&["remove", "proposal", "--purge"]);
    let after = project.files();
    assert_eq!(after, before, "remove did not give the original bytes back: {:?}", changed_files(&after, &before));
}

#[test]
fn live_react_query_page_follows_another_clients_changes() {
    let live = repo().join("tests/live");
    assert!(live.join("node_modules/playwright-core").is_dir(), "run `npm ci` in tests/live");
    let client_modules = repo().join("tests/hosts/react-query/client/node_modules");
    assert!(client_modules.is_dir(), "run `npm ci` in tests/hosts/react-query/client (`.ci/run` does)");
    let project = prepared();
    project.link_backend_modules("server");
    std::os::unix::fs::symlink(&client_modules, project.root().join("client/node_modules")).unwrap();
    write_spec(&project);
    project.rtgen_ok(&["add", "proposal"]);
    host_suite(&project, "react-query-browser.test.mjs");
}
