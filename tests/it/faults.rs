//! The fault catalogue: bad specs, bad host files, bad profiles and
//! file-system states, one table. Each case runs rtgen on a fresh copy of
//! examples/crm beside an "outside" folder, and asserts the exit code, the
//! message (one snapshot for the whole table) and that neither tree changed
//! in any byte, mode or link.

use std::collections::BTreeMap;
use std::fs;
use std::os::unix::fs::{symlink, PermissionsExt};
use std::path::Path;

use crate::support::Project;

/// What one case does to the host (and the folder beside it) before rtgen runs.
type Setup = fn(&Project, &Path);

struct Case {
    name: &'static str,
    args: &'static [&'static str],
    code: i32,
    setup: Setup,
}

/// A spec for `proposal` with `event` as its only event.
fn spec_with(project: &Project, event: &str) {
    project.write("realtime/proposal.yaml", &format!("module: proposal\nevents:\n{event}"));
}

/// `outside` as a path relative to the project root.
fn relative(project: &Project, outside: &Path) -> String {
    let up = project.root().components().count() - 1;
    let parent_depth = outside.components().count() - 1;
    assert_eq!(up, parent_depth, "both temp dirs live in one folder");
    format!("../{}", outside.file_name().unwrap().to_string_lossy())
}

const CASES: &[Case] = &[
    // Profile paths that leave the root.
    Case {
        name: "profile backend.root climbs out",
        args: &["add", "proposal"],
        code: 2,
        setup: |p, o| p.write("rtgen.yaml", &format!("backend:\n  root: {}\n", relative(p, o))),
    },
    Case {
        name: "profile specs climbs out",
        args: &["add", "proposal"],
        code: 2,
        setup: |p, o| p.write("rtgen.yaml", &format!("specs: {}/specs\n", relative(p, o))),
    },
    Case {
        name: "profile front.root is absolute",
        args: &["add", "proposal"],
        code: 2,
        setup: |p, o| p.write("rtgen.yaml", &format!("front:\n  root: {}\n", o.display())),
    },
    Case {
        name: "profile front.pages climbs out through a folder",
        args: &["check"],
        code: 2,
        setup: |p, _| p.write("rtgen.yaml", "front:\n  pages: src/../../../pages\n"),
    },
    Case {
        name: "profile path holds a quote",
        args: &["add", "proposal"],
        code: 2,
        setup: |p, _| p.write("rtgen.yaml", "backend:\n  services: \"src/serv\\\"ices\"\n"),
    },
    Case {
        name: "profile socket.init is code",
        args: &["add", "proposal"],
        code: 2,
        setup: |p, _| p.write("rtgen.yaml", "socket:\n  init: \"x(); process.exit()\"\n"),
    },
    // Host files and folders that are links out of the root.
    Case {
        name: "page is a symlink out of the root",
        args: &["add", "proposal"],
        code: 2,
        setup: |p, o| {
            let page = p.root().join("front/src/admin/pages/Proposals.jsx");
            fs::rename(&page, o.join("Proposals.jsx")).unwrap();
            symlink(o.join("Proposals.jsx"), page).unwrap();
        },
    },
    Case {
        name: "controller is a symlink out of the root",
        args: &["add", "proposal"],
        code: 2,
        setup: |p, o| {
            let controller = p.root().join("backend/src/controllers/proposalController.js");
            fs::rename(&controller, o.join("proposalController.js")).unwrap();
            symlink(o.join("proposalController.js"), controller).unwrap();
        },
    },
    Case {
        name: "front services folder is a symlink out of the root",
        args: &["add", "proposal"],
        code: 2,
        setup: |p, o| {
            let services = p.root().join("front/src/admin/services");
            copy_dir(&services, &o.join("services"));
            fs::remove_dir_all(&services).unwrap();
            symlink(o.join("services"), services).unwrap();
        },
    },
    Case {
        name: "events folder is a symlink out of the root",
        args: &["add", "proposal"],
        code: 2,
        setup: |p, o| {
            fs::create_dir_all(o.join("events")).unwrap();
            fs::create_dir_all(p.root().join("backend/src/socket")).unwrap();
            let events = p.root().join("backend/src/socket/events");
            if events.exists() {
                copy_dir(&events, &o.join("events"));
                fs::remove_dir_all(&events).unwrap();
            }
            symlink(o.join("events"), events).unwrap();
        },
    },
    Case {
        name: "specs folder is a dangling symlink out of the root",
        args: &["add", "proposal"],
        code: 2,
        setup: |p, o| symlink(o.join("nowhere"), p.root().join("realtime")).unwrap(),
    },
    Case {
        name: "remove through a page linked out of the root",
        args: &["remove", "proposal"],
        code: 2,
        setup: |p, o| {
            p.rtgen_ok(&["add", "proposal"]);
            let page = p.root().join("front/src/admin/pages/Proposals.jsx");
            fs::rename(&page, o.join("Proposals.jsx")).unwrap();
            symlink(o.join("Proposals.jsx"), page).unwrap();
        },
    },
    // Secrets in the payload.
    Case {
        name: "payload names a password",
        args: &["add", "proposal"],
        code: 2,
        setup: |p, _| {
            spec_with(p, "  - name: created\n    recipients:\n      roles: [admin]\n    payload: [title, password]\n")
        },
    },
    Case {
        name: "payload names a token and an api key",
        args: &["add", "proposal"],
        code: 2,
        setup: |p, _| {
            spec_with(p, "  - name: created\n    recipients:\n      roles: [admin]\n    payload: [clientResponseToken, apiKey, passwordHash]\n")
        },
    },
];

#[test]
fn fault_catalogue() {
    let mut report = String::new();
    let mut failures = Vec::new();
    for case in CASES {
        let project = Project::example();
        let outside = tempfile::Builder::new().prefix("rtgen-outside-").tempdir().unwrap();
        fs::write(outside.path().join("keep.txt"), "outside\n").unwrap();
        (case.setup)(&project, outside.path());
        let before = (tree(project.root()), tree(outside.path()));
        let run = project.rtgen(case.args);
        let after = (tree(project.root()), tree(outside.path()));
        let outside_name = outside.path().file_name().unwrap().to_string_lossy().into_owned();
        let text = run
            .report(&project)
            .replace(&outside.path().display().to_string(), "<outside>")
            .replace(&outside_name, "<outside-name>");
        report.push_str(&format!("## {}: rtgen {}\n{text}\n", case.name, case.args.join(" ")));
        if run.code != case.code {
            failures.push(format!("{}: exit {} (expected {})\n{text}", case.name, run.code, case.code));
        }
        for (side, (a, b)) in [("root", (&before.0, &after.0)), ("outside", (&before.1, &after.1))] {
            let changed: Vec<&String> = a.keys().chain(b.keys()).filter(|k| a.get(*k) != b.get(*k)).collect();
            if !changed.is_empty() {
                failures.push(format!("{}: the {side} tree changed: {changed:?}\n{text}", case.name));
            }
        }
    }
    assert!(CASES.len() >= 14);
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    insta::assert_snapshot!("fault_catalogue", report);
}

/// Every entry under `dir` (links not followed): its kind, mode, and bytes
/// or link target.
fn tree(dir: &Path) -> BTreeMap<String, String> {
    let mut entries = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(dir).unwrap().display().to_string();
        let metadata = fs::symlink_metadata(entry.path()).unwrap();
        let mode = metadata.permissions().mode();
        let what = if metadata.file_type().is_symlink() {
            format!("link -> {}", fs::read_link(entry.path()).unwrap().display())
        } else if metadata.is_dir() {
            "dir".to_string()
        } else {
            format!("file {:?}", fs::read(entry.path()).unwrap())
        };
        entries.insert(rel, format!("{mode:o} {what}"));
    }
    entries
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}
