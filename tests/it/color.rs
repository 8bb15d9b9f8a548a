//! Colour: on with `--color always` (or `CLICOLOR_FORCE`), off into pipes,
//! with `NO_COLOR` and with `--color never`, never in `check --format
//! json|github`; and coloured output is the plain output plus escape codes.

use crate::support::Project;

const CONTROLLER: &str = "backend/src/controllers/proposalController.js";

/// A host whose controller lost rtgen's edit: `check` has a short diff to show.
fn drifted() -> Project {
    let project = Project::example();
    project.rtgen_ok(&["add", "proposal"]);
    project.write(CONTROLLER, &project.read(CONTROLLER).replace("proposalServiceWithSocket.js", "proposalService.js"));
    project
}

#[test]
fn check_coloured_and_plain() {
    let project = drifted();
    let plain = project.rtgen(&["check"]);
    let coloured = project.rtgen(&["check", "--color", "always"]);
    assert_eq!((plain.code, coloured.code), (1, 1));
    assert!(!plain.stdout.contains('\x1b'), "colour into a pipe:\n{}", plain.stdout);
    assert_eq!(strip(&coloured.stdout), plain.stdout);
    insta::assert_snapshot!(
        "check_plain_and_coloured",
        format!("--- plain\n{}--- coloured\n{}", plain.stdout, visible(&coloured.stdout))
    );
}

#[test]
fn dry_run_coloured_is_the_plain_diff_with_escape_codes() {
    let project = Project::example();
    let plain = project.rtgen_ok(&["add", "proposal", "--dry-run"]);
    let coloured = project.rtgen_ok(&["add", "proposal", "--dry-run", "--color", "always"]);
    assert!(coloured.stdout.contains("\x1b[32m+import proposalEvents"), "{}", visible(&coloured.stdout));
    assert_eq!(strip(&coloured.stdout), plain.stdout);
}

/// Arguments, environment variables, and whether the output is coloured.
type ColorCase<'a> = (&'a [&'a str], &'a [(&'a str, &'a str)], bool);

#[test]
fn environment_decides_under_auto_and_the_flag_overrides_it() {
    let project = drifted();
    let cases: [ColorCase; 6] = [
        (&[], &[], false),
        (&[], &[("CLICOLOR_FORCE", "1")], true),
        (&[], &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")], false),
        (&["--color", "always"], &[("NO_COLOR", "1")], true),
        (&["--color", "never"], &[("CLICOLOR_FORCE", "1")], false),
        (&["--color", "auto"], &[("CLICOLOR_FORCE", "1")], true),
    ];
    for (flags, env, expected) in cases {
        let args: Vec<&str> = ["check"].iter().chain(flags).copied().collect();
        let run = project.rtgen_env(&args, env);
        assert_eq!(run.stdout.contains('\x1b'), expected, "rtgen {args:?} with {env:?}:\n{}", visible(&run.stdout));
    }
}

#[test]
fn machine_formats_never_have_colour() {
    let project = drifted();
    for format in ["json", "github"] {
        let run = project.rtgen_env(&["check", "--format", format, "--color", "always"], &[("CLICOLOR_FORCE", "1")]);
        assert_eq!(run.code, 1);
        assert!(!run.stdout.contains('\x1b'), "--format {format}:\n{}", visible(&run.stdout));
        assert_eq!(run.stdout, project.rtgen(&["check", "--format", format]).stdout);
    }
}

#[test]
fn errors_coloured_on_stderr() {
    let project = Project::example();
    project.write(
        "realtime/proposal.yaml",
        "module: proposal\nevents:\n  - name: created\n    recipents:\n      roles: [admin]\n",
    );
    let plain = project.rtgen(&["add", "proposal"]);
    let coloured = project.rtgen(&["add", "proposal", "--color", "always"]);
    assert_eq!((plain.code, coloured.code), (2, 2));
    assert!(coloured.stderr.starts_with("\x1b[1m\x1b[31merror:\x1b[0m "), "{}", visible(&coloured.stderr));
    assert_eq!(strip(&coloured.stderr), plain.stderr);
}

/// Escape codes as `\e`, so a snapshot shows them.
fn visible(text: &str) -> String {
    text.replace('\x1b', "\\e")
}

/// Removes `ESC [ ... m` sequences.
fn strip(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            chars.by_ref().find(|c| *c == 'm');
        } else {
            out.push(c);
        }
    }
    out
}
