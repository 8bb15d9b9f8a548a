//! A front whose socket a zustand store creates (`tests/hosts/zustand-store`:
//! project_manager's shape, over a service-based backend): `init` records the
//! store as where the socket lives, `add` hands the socket to the module's
//! socket service in the store's `connect` action and cleans up in its
//! `disconnect` action, stays in sync, reports a hand-edited action as drift,
//! removes to the original bytes, and a real Chromium page follows another
//! client's changes (`tests/live/zustand-store-browser.test.mjs`).

use crate::support::{changed_files, host_suite, node_check, repo, Project};

const HOST: &str = "zustand-store";
const STORE: &str = "client/src/store/socketStore.js";
const SERVICE: &str = "client/src/store/proposalSocketService.js";

/// A copy of the host with `rtgen init` run (its layout is `server/` + `client/`).
fn prepared() -> Project {
    let project = Project::host(HOST);
    let init = project.rtgen_ok(&["init"]);
    assert!(!init.stdout.contains("not found"), "init missed something:\n{}", init.stdout);
    assert!(
        init.stdout.contains(&format!(
            "`{STORE}:12` creates the socket inside the store `useSocketStore`: `rtgen add` hands it to each module's socket service there"
        )),
        "{}",
        init.stdout
    );
    project
}

fn proposal_spec() -> String {
    std::fs::read_to_string(repo().join("tests/live/fixtures/proposal.yaml")).expect("proposal spec fixture")
}

#[test]
fn store_socket_is_handed_over_stays_in_sync_and_removes_to_the_original_bytes() {
    let project = prepared();
    let before = project.files();
    project.write("realtime/proposal.yaml", &proposal_spec());
    let add = project.rtgen_ok(&["add", "proposal"]);
    assert!(add.stdout.contains(&format!("update {STORE}")), "{}", add.stdout);

    let store = project.read(STORE);
    // No semicolons, single quotes: the store's own style.
    assert!(store.contains("import proposalSocketService from './proposalSocketService'\n"), "{store}");
    assert!(store.contains("transports: ['websocket'] })\n    proposalSocketService.initialize(socket)\n"), "{store}");
    assert!(store.contains("    proposalSocketService.cleanup()\n    get().socket?.disconnect()\n"), "{store}");
    let service = project.read(SERVICE);
    assert!(!service.contains("import socketService"), "{service}");
    assert!(service.contains("  initialize(socket) {\n"), "{service}");
    node_check(&project.root().join(SERVICE));

    let check = project.rtgen(&["check"]);
    assert_eq!(check.code, 0, "check after add:\n{}", check.report(&project));
    let once = project.files();
    let again = project.rtgen_ok(&["add", "proposal"]);
    assert!(again.stdout.contains("up to date"), "second add changed something:\n{}", again.stdout);
    assert_eq!(project.files(), once, "a second `add proposal` changed files");

    // The `connect` action lost its hand-over by hand: the page would hear nothing.
    project.write(STORE, &store.replacen("    proposalSocketService.initialize(socket)\n", "", 1));
    let drift = project.rtgen(&["check"]);
    assert_eq!(drift.code, 1, "a dropped initialize is not reported:\n{}", drift.report(&project));
    assert!(drift.stdout.contains(STORE) && drift.stdout.contains("patch-missing"), "{}", drift.report(&project));
    project.rtgen_ok(&["add", "proposal"]);
    assert_eq!(project.files(), once, "add after the drift did not restore the hand-over");

    project.rtgen_ok(&["remove", "proposal", "--purge"]);
    let after = project.files();
    assert_eq!(after, before, "remove did not give the original bytes back: {:?}", changed_files(&after, &before));
}

#[test]
fn live_zustand_store_page_follows_another_clients_changes() {
    let live = repo().join("tests/live");
    assert!(live.join("node_modules/playwright-core").is_dir(), "run `npm ci` in tests/live");
    let client_modules = repo().join("tests/hosts/zustand-store/client/node_modules");
    assert!(client_modules.is_dir(), "run `npm ci` in tests/hosts/zustand-store/client (`.ci/run` does)");
    let project = prepared();
    project.link_backend_modules("server");
    std::os::unix::fs::symlink(&client_modules, project.root().join("client/node_modules")).unwrap();
    project.write("realtime/proposal.yaml", &proposal_spec());
    project.rtgen_ok(&["add", "proposal"]);
    host_suite(&project, "zustand-store-browser.test.mjs");
}
