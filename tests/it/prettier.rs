//! Idempotency survives real Prettier: after the user reformats the patched
//! host files in another style, `rtgen add` changes nothing, `rtgen check`
//! still passes, and `rtgen remove` gives back the reformatted originals.
//!
//! Needs `npm ci --prefix tests/prettier` (CI's `.ci/run` does it), so the
//! test is named `live_*` and the fast filter `--skip live` leaves it out.

use std::path::PathBuf;
use std::process::Command;

use crate::support::{changed_files, repo, Project};

/// The host files `add proposal contract` patches (generated files have
/// their own test below).
const PATCHED: [&str; 6] = [
    "backend/src/controllers/proposalController.js",
    "backend/src/controllers/contractController.js",
    "backend/src/index.js",
    "front/src/admin/contexts/AuthContext.jsx",
    "front/src/admin/pages/Proposals.jsx",
    "front/src/admin/pages/ContractRequests.jsx",
];

/// Two passes, each changing the style of every file: single quotes, no
/// semicolons, narrow lines, 4 spaces; then back to double quotes and
/// semicolons, with tabs.
const PASSES: [&[&str]; 2] =
    [&["--single-quote", "--no-semi", "--print-width", "60", "--tab-width", "4"], &["--use-tabs"]];

fn prettier_bin() -> PathBuf {
    let bin = repo().join("tests/prettier/node_modules/.bin/prettier");
    assert!(bin.exists(), "`{}` is missing: run `npm ci` in tests/prettier", bin.display());
    bin
}

/// Runs Prettier once over the patched files of every project, ignoring any
/// configuration around the temp folders.
fn prettier(projects: &[&Project], options: &[&str]) {
    let mut command = Command::new(prettier_bin());
    command.args(["--no-config", "--no-editorconfig", "--log-level", "warn", "--write"]).args(options);
    for project in projects {
        for file in PATCHED {
            command.arg(project.root().join(file));
        }
    }
    let output = command.output().expect("prettier runs");
    assert!(
        output.status.success(),
        "prettier {options:?} failed:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn live_a_rerun_after_prettier_changes_nothing_and_remove_still_restores() {
    let project = Project::example();
    // The untouched example, reformatted the same way: what `remove` must give back.
    let reference = Project::example();
    project.rtgen_ok(&["add", "proposal", "contract"]);

    for options in PASSES {
        let before = project.files();
        prettier(&[&project, &reference], options);
        let formatted = project.files();
        let mut expected: Vec<String> = PATCHED.iter().map(|s| s.to_string()).collect();
        expected.sort();
        assert_eq!(
            changed_files(&before, &formatted),
            expected,
            "prettier {options:?} must restyle every patched file, or this test proves nothing"
        );

        let run = project.rtgen_ok(&["add", "proposal", "contract"]);
        assert_eq!(
            changed_files(&formatted, &project.files()),
            Vec::<String>::new(),
            "after prettier {options:?}, a rerun of `add` changed files:\n{}",
            run.report(&project)
        );
        assert!(run.stdout.contains("up to date"), "after prettier {options:?}:\n{}", run.report(&project));

        let check = project.rtgen(&["check"]);
        assert_eq!(check.code, 0, "after prettier {options:?}, `check` reports drift:\n{}", check.report(&project));
        assert_eq!(changed_files(&formatted, &project.files()), Vec::<String>::new(), "`check` wrote files");
    }

    project.rtgen_ok(&["remove", "proposal"]);
    project.rtgen_ok(&["remove", "contract", "--purge"]);
    project.rtgen_ok(&["remove", "proposal", "--purge"]);
    let (left, right) = (project.files(), reference.files());
    let differ = changed_files(&left, &right);
    let diffs: String = differ
        .iter()
        .map(|file| {
            let a = String::from_utf8_lossy(right.get(file).map_or(&[][..], |v| v));
            let b = String::from_utf8_lossy(left.get(file).map_or(&[][..], |v| v));
            format!("{}\n", similar::TextDiff::from_lines(&a, &b).unified_diff().header(file, file))
        })
        .collect();
    assert!(differ.is_empty(), "remove after prettier left the tree different from the reformatted original:\n{diffs}");
}

/// A host's own Prettier configuration, the common "no semicolons" style.
const HOST_PRETTIERRC: &str =
    "{\n  \"singleQuote\": true,\n  \"semi\": false,\n  \"printWidth\": 80,\n  \"trailingComma\": \"all\"\n}\n";

/// Runs Prettier with the host's own `.prettierrc` over `files` of `project`.
fn prettier_with_host_config(project: &Project, files: &[String]) {
    let output = Command::new(prettier_bin())
        .current_dir(project.root())
        .args(["--log-level", "warn", "--write"])
        .args(files)
        .output()
        .expect("prettier runs");
    assert!(
        output.status.success(),
        "prettier failed:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Formatters are not drift (issue 26, item 6): after Prettier reformats every
/// generated file (and every patched one) with the host's own configuration,
/// `check` says in sync and a rerun of `add` writes nothing; a changed event
/// name or recipient is still drift. Fails before `js::same_code`: `check`
/// reported every generated file "edited by hand".
#[test]
fn live_generated_files_reformatted_by_prettier_are_in_sync() {
    let project = Project::example();
    project.write(".prettierrc", HOST_PRETTIERRC);
    let before = project.files();
    project.rtgen_ok(&["add", "proposal", "contract"]);
    let touched = changed_files(&before, &project.files());
    let generated: Vec<String> = touched.iter().filter(|f| !before.contains_key(*f)).cloned().collect();
    assert!(generated.iter().any(|f| f.ends_with("Events.js")), "{generated:?}");

    let added = project.files();
    prettier_with_host_config(&project, &touched);
    let formatted = project.files();
    let restyled = changed_files(&added, &formatted);
    for file in &generated {
        if file.ends_with(".js") || file.ends_with(".jsx") {
            assert!(restyled.contains(file), "prettier left `{file}` as it was: this test proves nothing");
        }
    }

    let check = project.rtgen(&["check"]);
    assert_eq!(check.code, 0, "after prettier, `check` reports drift:\n{}", check.report(&project));
    let run = project.rtgen_ok(&["add", "proposal", "contract"]);
    assert_eq!(changed_files(&formatted, &project.files()), Vec::<String>::new(), "{}", run.report(&project));

    // A change of meaning is still drift: an event name, then a recipient.
    let events = "backend/src/socket/events/proposalEvents.js";
    let text = project.read(events);
    let renamed = text.replacen("'proposal:created'", "'proposal:made'", 1);
    assert_ne!(renamed, text, "no single-quoted event name in:\n{text}");
    project.write(events, &renamed);
    let check = project.rtgen(&["check"]);
    assert_eq!(check.code, 1, "a renamed event must be drift:\n{}", check.report(&project));
    assert!(check.stdout.contains(events) || check.stderr.contains(events), "{}", check.report(&project));

    project.write(events, &text);
    assert_eq!(project.rtgen(&["check"]).code, 0);
    let recipient = text.replacen("roles: ['admin', 'super_admin']", "roles: ['admin']", 1);
    assert_ne!(recipient, text, "no recipient list in:\n{text}");
    project.write(events, &recipient);
    let check = project.rtgen(&["check"]);
    assert_eq!(check.code, 1, "a changed recipient must be drift:\n{}", check.report(&project));
}
