//! All or nothing under `kill -9` and under two runs at once, on a copy of
//! examples/crm with twenty more modules. Both tests take tens of seconds,
//! so they are named `slow_*` (`--skip slow` leaves them out).

use std::collections::BTreeMap;
use std::fs;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::{changed_files, Project};

/// The twenty extra modules.
fn modules() -> Vec<String> {
    (0..20).map(|i| format!("item{i}")).collect()
}

/// examples/crm (in memory: a kill loses nothing the page cache holds, so
/// syncing to disk is beside the point here) with a service, controller and
/// page per extra module, in the shape of the proposal's.
fn crm_with_modules() -> Project {
    let project = Project::example_in_memory();
    let service = project.read("backend/src/services/proposalService.js");
    let controller = project.read("backend/src/controllers/proposalController.js");
    let page = project.read("front/src/admin/pages/Proposals.jsx");
    for name in modules() {
        let pascal = format!("{}{}", name[..1].to_uppercase(), &name[1..]);
        let rename = |text: &str| text.replace("Proposal", &pascal).replace("proposal", &name);
        project.write(&format!("backend/src/services/{name}Service.js"), &rename(&service));
        project.write(&format!("backend/src/controllers/{name}Controller.js"), &rename(&controller));
        project.write(&format!("front/src/admin/pages/{pascal}s.jsx"), &rename(&page));
    }
    project
}

/// Puts the tree back to `files` exactly (files only; folders a state
/// lacks are removed when empty).
fn restore(project: &Project, files: &BTreeMap<String, Vec<u8>>) {
    for rel in project.files().keys() {
        if !files.contains_key(rel) {
            fs::remove_file(project.root().join(rel)).unwrap();
        }
    }
    for (rel, bytes) in files {
        let path = project.root().join(rel);
        if fs::read(&path).ok().as_deref() != Some(bytes.as_slice()) {
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, bytes).unwrap();
        }
    }
    for entry in walkdir::WalkDir::new(project.root()).contents_first(true) {
        let entry = entry.unwrap();
        if entry.file_type().is_dir() && entry.path() != project.root() {
            let _ = fs::remove_dir(entry.path());
        }
    }
}

fn rtgen_command(project: &Project, args: &[String]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_rtgen"));
    command.args(args).arg("--root").arg(project.root()).stdout(Stdio::null()).stderr(Stdio::piped());
    command
}

/// A small deterministic generator, so a failing kill can be replayed.
struct Random(u64);

impl Random {
    fn below(&mut self, bound: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % bound.max(1)
    }
}

/// What one phase of kills found.
#[derive(Default, Debug)]
struct Tally {
    kills: usize,
    old: usize,
    new: usize,
    finished_by_next_run: usize,
    temps_removed_by_next_run: usize,
}

/// Kills `args` at `kills` (or more, see `min_hits`) random moments of a run that takes about `span`,
/// each time from the `old` tree; after each kill a `check` must leave the
/// tree wholly `old` or wholly `new`, with nothing of rtgen's own left.
fn kill_phase(
    project: &Project,
    args: &[String],
    old: &BTreeMap<String, Vec<u8>>,
    new: &BTreeMap<String, Vec<u8>>,
    kills: usize,
    min_hits: usize,
    random: &mut Random,
) -> Tally {
    // How long a whole run takes here, and how long its renames take (while
    // the journal is there), to aim the kills inside them.
    restore(project, old);
    let journal = project.root().join(".rtgen/journal.json");
    let started = Instant::now();
    let mut child = rtgen_command(project, args).spawn().unwrap();
    let journal_at = wait_for_journal(&journal, &mut child);
    // The renames end when the journal goes (the run may go on reporting).
    while journal.exists() && child.try_wait().unwrap().is_none() {
        std::thread::yield_now();
    }
    let renames = journal_at.map_or(0, |at| at.elapsed().as_micros() as u64);
    assert!(child.wait().unwrap().success());
    let span = started.elapsed().as_micros() as u64;
    assert_eq!(changed_files(&project.files(), new), Vec::<String>::new(), "a whole run gives the new tree");
    let mut tally = Tally::default();
    // On a busy machine a kill aimed at the renames often lands after them:
    // up to `kills` more aimed kills then, until `min_hits` landed among them.
    let mut kill = 0;
    while kill < kills || (tally.finished_by_next_run < min_hits && kill < 2 * kills) {
        restore(project, old);
        // Half the kills land anywhere in the run; the other half while it
        // renames: once the journal is there, after a random part of the time
        // the renames took.
        let aimed = kill % 2 == 1 || kill >= kills;
        kill += 1;
        let mut child = rtgen_command(project, args).spawn().unwrap();
        let delay = if aimed {
            wait_for_journal(&journal, &mut child);
            random.below(renames.max(1))
        } else {
            random.below(span)
        };
        std::thread::sleep(Duration::from_micros(delay));
        let _ = child.kill();
        let _ = child.wait();
        tally.kills += 1;
        let next = project.rtgen(&["check"]);
        assert!(matches!(next.code, 0 | 1), "kill {kill} at {delay} µs: check failed:\n{}", next.report(project));
        let files = project.files();
        if next.stderr.contains("was interrupted while it replaced files") {
            tally.finished_by_next_run += 1;
        } else if next.stderr.contains("temp file(s) of an earlier rtgen run") {
            tally.temps_removed_by_next_run += 1;
        }
        let leftovers: Vec<&String> = files
            .keys()
            .filter(|p| p.starts_with(".rtgen/") || p.contains("rtgen-tmp") || p.ends_with(".tmp"))
            .collect();
        assert!(leftovers.is_empty(), "kill {kill} at {delay} µs: left behind: {leftovers:?}");
        if &files == old {
            tally.old += 1;
        } else if &files == new {
            tally.new += 1;
        } else {
            panic!(
                "kill {kill} at {delay} µs: the tree is neither wholly old nor wholly new: differs from old in {:?}, from new in {:?}\n{}",
                changed_files(&files, old),
                changed_files(&files, new),
                next.report(project)
            );
        }
    }
    tally
}

/// Polls until `journal` exists (the renames are starting) or `child` ends.
fn wait_for_journal(journal: &std::path::Path, child: &mut std::process::Child) -> Option<Instant> {
    loop {
        if journal.exists() {
            return Some(Instant::now());
        }
        if child.try_wait().unwrap().is_some() {
            return None;
        }
        std::thread::yield_now();
    }
}

#[test]
fn slow_kill_9_at_random_moments_leaves_one_plan_wholly_applied_or_not_at_all() {
    let started = Instant::now();
    let project = crm_with_modules();
    let mut random = Random(0x9e37_79b9_7f4a_7c15);
    let before_add = project.files();
    let add: Vec<String> = std::iter::once("add".to_string()).chain(modules()).collect();
    project.rtgen_ok(&add.iter().map(String::as_str).collect::<Vec<_>>());
    let after_add = project.files();
    let remove: Vec<String> = vec!["remove".into(), "item7".into()];
    project.rtgen_ok(&["remove", "item7"]);
    let after_remove = project.files();

    let add_tally = kill_phase(&project, &add, &before_add, &after_add, 70, 10, &mut random);
    let remove_tally = kill_phase(&project, &remove, &after_add, &after_remove, 30, 0, &mut random);
    eprintln!("kill -9 of `add`: {add_tally:?}; of `remove`: {remove_tally:?}; {:?}", started.elapsed());
    // The kills must have hit the renames, not only the planning before them.
    assert!(add_tally.finished_by_next_run >= 5, "{add_tally:?}");
    assert!(add_tally.old > 0 && add_tally.new > 0, "{add_tally:?}");
}

#[test]
fn slow_twenty_pairs_of_simultaneous_runs_lose_nothing() {
    let project = crm_with_modules();
    let start = project.files();
    let (first, second): (Vec<String>, Vec<String>) =
        modules().into_iter().partition(|m| m.trim_start_matches("item").parse::<u32>().unwrap() < 10);
    let mut refused = 0;
    for pair in 0..20 {
        restore(&project, &start);
        let runs: Vec<(&Vec<String>, std::process::Child)> = [&first, &second]
            .into_iter()
            .map(|batch| {
                let args: Vec<String> = std::iter::once("add".to_string()).chain(batch.iter().cloned()).collect();
                (batch, rtgen_command(&project, &args).spawn().unwrap())
            })
            .collect();
        let mut applied = Vec::new();
        for (batch, child) in runs {
            let output = child.wait_with_output().unwrap();
            let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
            match output.status.code() {
                Some(0) => applied.push(batch),
                Some(2) if stderr.contains("another rtgen run (pid ") => refused += 1,
                other => panic!("pair {pair}: exit {other:?}: {stderr}"),
            }
        }
        assert!(!applied.is_empty(), "pair {pair}: neither run applied");
        // Everything a run said it applied is there, whole: check finds no drift, and every
        // module of an applied batch has its spec, its files and its lines in the shared files.
        let check = project.rtgen(&["check"]);
        assert_eq!(check.code, 0, "pair {pair}: {}", check.report(&project));
        let runtime_owners = match project.exists("backend/src/socket/realtime.js") {
            true => project.read("backend/src/socket/realtime.js").lines().next().unwrap_or_default().to_string(),
            false => String::new(),
        };
        let auth = project.read("front/src/admin/contexts/AuthContext.jsx");
        for batch in [&first, &second] {
            let was_applied = applied.contains(&batch);
            for module in batch {
                assert_eq!(project.exists(&format!("realtime/{module}.yaml")), was_applied, "pair {pair}: {module}");
                // The runtime's header names every module it serves (`rtgen add item1 item2 ...`).
                assert_eq!(
                    runtime_owners.split(|c: char| !c.is_alphanumeric()).any(|word| word == *module),
                    was_applied,
                    "pair {pair}: {module} in the runtime's header"
                );
                assert_eq!(
                    auth.contains(&format!("{module}SocketService")),
                    was_applied,
                    "pair {pair}: {module} in AuthContext"
                );
            }
        }
        assert!(!project.exists(".rtgen"), "pair {pair}: `.rtgen/` left behind");
    }
    eprintln!("20 pairs: {refused} run(s) refused because the other held the lock");
}

#[test]
fn check_reports_an_interrupted_apply_and_finishes_it() {
    let project = crm_with_modules();
    let journal = project.root().join(".rtgen/journal.json");
    let args: Vec<String> = std::iter::once("add".to_string()).chain(modules()).collect();
    let start = project.files();
    // Kill as soon as the renames start; retry the rare run that finishes first.
    for _ in 0..20 {
        restore(&project, &start);
        let mut child = rtgen_command(&project, &args).spawn().unwrap();
        wait_for_journal(&journal, &mut child);
        let _ = child.kill();
        let _ = child.wait();
        if !journal.exists() {
            continue;
        }
        let run = project.rtgen(&["check"]);
        assert_eq!(run.code, 1, "{}", run.report(&project));
        assert!(run.stderr.contains("was interrupted while it replaced files; rtgen finished it"), "{}", run.stderr);
        assert!(run.stdout.starts_with(".rtgen/journal.json: an earlier `rtgen add item0"), "{}", run.stdout);
        assert!(run.stdout.contains("(interrupted)"), "{}", run.stdout);
        // Finished: the next check is in sync, and nothing of rtgen's is left.
        assert_eq!(project.rtgen(&["check"]).code, 0);
        assert!(!project.exists(".rtgen"));
        return;
    }
    panic!("no kill landed among the renames in 20 tries");
}
