//! Benchmark: the whole-process time of `rtgen add proposal` on a copy of
//! examples/crm, journal, lock and syncs included, the way a user runs it.
//!
//! Each round times one `add proposal` (from the pristine example) and then,
//! untimed, `remove proposal` to put the example back. With binaries given
//! (`cargo bench --bench add -- old/rtgen new/rtgen`), their rounds are
//! interleaved, so a busy machine slows them alike; without, it times its own.
//! `-- --rounds 50` sets the rounds (default 30).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

fn main() {
    let mut args = std::env::args().skip(1).filter(|a| a != "--bench");
    let mut rounds = 30;
    let mut binaries: Vec<PathBuf> = Vec::new();
    while let Some(arg) = args.next() {
        if arg == "--rounds" {
            rounds = args.next().and_then(|n| n.parse().ok()).expect("--rounds N");
        } else {
            binaries.push(PathBuf::from(arg));
        }
    }
    if binaries.is_empty() {
        binaries.push(PathBuf::from(env!("CARGO_BIN_EXE_rtgen")));
    }
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/crm");
    let hosts: Vec<tempfile::TempDir> = binaries
        .iter()
        .map(|_| {
            let dir = tempfile::Builder::new().prefix("rtgen-bench-add-").tempdir().expect("temp dir");
            copy_tree(&example, dir.path());
            dir
        })
        .collect();
    let mut times: Vec<Vec<Duration>> = vec![Vec::new(); binaries.len()];
    // One warm-up round each: the page cache, not the first run, is what users see.
    for round in 0..=rounds {
        for (i, binary) in binaries.iter().enumerate() {
            let root = hosts[i].path();
            let started = Instant::now();
            run(binary, root, &["add", "proposal"]);
            let elapsed = started.elapsed();
            run(binary, root, &["remove", "proposal", "--purge"]);
            if round > 0 {
                times[i].push(elapsed);
            }
        }
    }
    let medians: Vec<f64> = times
        .iter_mut()
        .map(|t| {
            t.sort();
            t[t.len() / 2].as_secs_f64()
        })
        .collect();
    for (i, binary) in binaries.iter().enumerate() {
        let t = &times[i];
        println!(
            "{}: `add proposal` median {:.1} ms (min {:.1}, max {:.1}; {rounds} rounds){}",
            binary.display(),
            medians[i] * 1e3,
            t[0].as_secs_f64() * 1e3,
            t[t.len() - 1].as_secs_f64() * 1e3,
            if i > 0 { format!("; {:.2}x the first", medians[i] / medians[0]) } else { String::new() }
        );
    }
}

fn run(binary: &Path, root: &Path, args: &[&str]) {
    let output = Command::new(binary).args(args).arg("--root").arg(root).output().expect("rtgen runs");
    assert!(output.status.success(), "rtgen {args:?} failed: {}", String::from_utf8_lossy(&output.stderr));
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from)
        .into_iter()
        .filter_entry(|e| !matches!(e.file_name().to_str(), Some("node_modules" | "dist")))
    {
        let entry = entry.expect("walk the example");
        let target = to.join(entry.path().strip_prefix(from).expect("below the example"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("create a folder");
        } else if entry.file_type().is_file() {
            std::fs::copy(entry.path(), &target).expect("copy a file");
        }
    }
}
