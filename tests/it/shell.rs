//! `rtgen completions <shell>` and `rtgen man`: what a shell and `man` load.

use std::process::Command;

fn rtgen(args: &[&str]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_rtgen")).args(args).output().expect("rtgen runs");
    assert!(output.status.success(), "rtgen {args:?}: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).expect("UTF-8")
}

fn first_lines(text: &str, count: usize) -> String {
    text.lines().take(count).collect::<Vec<_>>().join("\n")
}

#[test]
fn completions_first_lines() {
    let mut shown = String::new();
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let script = rtgen(&["completions", shell]);
        assert!(script.contains("completions"), "{shell}: the script does not offer the subcommands");
        shown.push_str(&format!("--- {shell}\n{}\n", first_lines(&script, 6)));
    }
    insta::assert_snapshot!("completions_first_lines", shown);
}

#[test]
fn bash_completion_loads_and_completes_subcommands() {
    let script = rtgen(&["completions", "bash"]);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rtgen.bash");
    std::fs::write(&path, script).unwrap();
    // Completes `rtgen ch<TAB>` as bash would.
    let probe = format!(
        "source {}; COMP_WORDS=(rtgen ch); COMP_CWORD=1; _rtgen rtgen ch rtgen; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        path.display()
    );
    let output = Command::new("bash").args(["-c", &probe]).output().expect("bash runs");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(String::from_utf8_lossy(&output.stdout).trim(), "check");
}

#[test]
fn man_page_first_lines() {
    let page = rtgen(&["man"]);
    let add = rtgen(&["man", "add"]);
    assert!(page.contains(".SH SUBCOMMANDS"), "{page}");
    assert!(add.contains("\\fBrtgen add\\fR"), "{add}");
    assert!(add.contains("\\-\\-dry\\-run"), "{add}");
    insta::assert_snapshot!("man_first_lines", format!("{}\n--- add\n{}", first_lines(&page, 8), first_lines(&add, 6)));
}

#[test]
fn man_of_an_unknown_subcommand_names_the_real_ones() {
    let output = Command::new(env!("CARGO_BIN_EXE_rtgen")).args(["man", "ad"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.starts_with("error: `ad` is not a subcommand\n  help: one of `add`, `remove`"), "{stderr}");
}
