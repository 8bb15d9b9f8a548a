//! The one writer. It applies a plan all or nothing, and so that a run
//! killed at any moment (`kill -9`, a power cut after the journal is on
//! disk) leaves a tree the next run can finish, in three steps:
//!
//! 1. every new content goes to a temp file under `.rtgen/tmp/`, synced;
//! 2. a journal of the planned replacements (each file's old and new hash)
//!    is written beside it, synced, and renamed into place as
//!    `.rtgen/journal.json`;
//! 3. each file is checked to still hold the bytes the plan was made from,
//!    then replaced by a rename (or deleted).
//!
//! A failure in step 3 puts back what was already replaced, the same way
//! (temp files, a journal, renames). A run killed before step 2 changed
//! nothing, and the next run removes its temp files; a run killed after it
//! is rolled forward by the next run ([`journal::recover`]), whatever that
//! run is. One run at a time holds `.rtgen/lock` ([`Lock`]).

mod journal;
mod lock;
pub mod signals;
mod state;

use std::fs;
use std::io::Write;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

use crate::plan::Plan;
use crate::read::confine::confined;

pub use journal::Recovered;
pub use lock::Lock;

/// rtgen's own folder in the host: lock, journal, temp files (and the
/// template overrides, which it never writes).
pub const STATE_DIR: &str = ".rtgen";
/// Where temp files live until they are renamed over their targets.
const TMP_DIR: &str = ".rtgen/tmp";
/// The planned replacements of the apply under way.
const JOURNAL: &str = ".rtgen/journal.json";

/// One file's change as the writer sees it.
#[derive(Debug, Clone)]
struct Step {
    /// Relative to the root, as planned.
    path: PathBuf,
    before: Option<Vec<u8>>,
    after: Option<Vec<u8>>,
}

/// Applies `plan` under `root`. The caller holds the project's [`Lock`].
pub fn apply(root: &Path, plan: &Plan) -> Result<()> {
    signals::checkpoint("before rtgen changed anything; nothing was changed")?;
    let steps: Vec<Step> = plan
        .changes
        .iter()
        .map(|c| Step {
            path: c.path.clone(),
            before: c.before.as_ref().map(|t| t.as_bytes().to_vec()),
            after: c.after.as_ref().map(|t| t.as_bytes().to_vec()),
        })
        .collect();
    let outcome = commit(root, &steps);
    tidy(root);
    outcome
}

/// Stages, journals and renames `steps`; on a failure, puts back what was done.
fn commit(root: &Path, steps: &[Step]) -> Result<()> {
    let targets = steps.iter().map(|s| resolve(root, &s.path)).collect::<Result<Vec<_>>>()?;
    let temps = stage(root, steps, &targets, "").map_err(nothing_changed)?;
    write_journal(root, steps, &temps).map_err(nothing_changed)?;
    let mut created: Vec<PathBuf> = Vec::new();
    for (i, step) in steps.iter().enumerate() {
        if let Err(error) = replace(root, step, &targets[i], temps[i].as_deref(), &mut created) {
            return Err(roll_back(root, &steps[..i], &targets[..i], &created, error));
        }
    }
    remove_file_synced(&root.join(JOURNAL));
    // Only now, with every change in place, take away folders deletions emptied.
    for (step, target) in steps.iter().zip(&targets) {
        if step.after.is_none() {
            remove_empty_parents(root, target);
        }
    }
    Ok(())
}

/// Puts back the files `done` replaced (through temp files and a journal of
/// their own, so a kill during this is finished by the next run too), then
/// the folders this run made.
fn roll_back(
    root: &Path,
    done: &[Step],
    targets: &[PathBuf],
    created: &[PathBuf],
    error: anyhow::Error,
) -> anyhow::Error {
    let inverse: Vec<Step> =
        done.iter().map(|s| Step { path: s.path.clone(), before: s.after.clone(), after: s.before.clone() }).collect();
    let mut unrestored = Vec::new();
    let temps = match stage(root, &inverse, targets, "undo-").and_then(|temps| {
        write_journal(root, &inverse, &temps)?;
        Ok(temps)
    }) {
        Ok(temps) => temps,
        Err(cause) => {
            return error.context(format!(
                "and none of the {} file(s) already replaced could be put back ({cause:#}): {}",
                done.len(),
                crate::error::backticked(done.iter().map(|s| s.path.display().to_string()), ", ")
            ))
        }
    };
    let mut no_folders = Vec::new();
    for (i, step) in inverse.iter().enumerate().rev() {
        if let Err(cause) = replace(root, step, &targets[i], temps[i].as_deref(), &mut no_folders) {
            unrestored.push(format!("`{}` ({cause:#})", step.path.display()));
        }
    }
    remove_file_synced(&root.join(JOURNAL));
    for dir in created.iter().rev() {
        let _ = fs::remove_dir(dir);
    }
    if unrestored.is_empty() {
        nothing_changed(error)
    } else {
        error.context(format!("and these files could not be put back as they were: {}", unrestored.join(", ")))
    }
}

/// `error` on one line, then that nothing was changed, then the fix.
fn nothing_changed(error: anyhow::Error) -> anyhow::Error {
    let io = error.chain().find_map(|cause| cause.downcast_ref::<std::io::Error>());
    let text = format!("{error:#}");
    let (message, help) = match text.split_once("\n  help: ") {
        Some((message, help)) => (message.to_string(), Some(help.to_string())),
        None => (text, None),
    };
    let help = help.or_else(|| io.and_then(state::io_help).map(str::to_string));
    match help {
        Some(help) => anyhow::anyhow!("{message}; nothing was changed\n  help: {help}"),
        None => anyhow::anyhow!("{message}; nothing was changed"),
    }
}

/// Where `rel` is written: inside the root, and for a symlinked host file,
/// the file it links to (the link stays a link).
fn resolve(root: &Path, rel: &Path) -> Result<PathBuf> {
    let target = confined(root, rel)?;
    if fs::symlink_metadata(&target).is_ok_and(|m| m.file_type().is_symlink()) {
        return fs::canonicalize(&target).with_context(|| format!("failed to follow `{}`", rel.display()));
    }
    Ok(target)
}

/// Writes every new content to a temp file under `.rtgen/tmp/` (synced, with
/// its target's permissions); their names, by step. On a failure nothing
/// is left behind.
fn stage(root: &Path, steps: &[Step], targets: &[PathBuf], prefix: &str) -> Result<Vec<Option<String>>> {
    let tmp = root.join(TMP_DIR);
    state::make_tmp(root)?;
    let tmp_device = fs::metadata(&tmp).with_context(|| format!("failed to read `{TMP_DIR}`"))?.dev();
    let mut names = Vec::new();
    for (i, (step, target)) in steps.iter().zip(targets).enumerate() {
        let Some(after) = &step.after else {
            names.push(None);
            continue;
        };
        let file_name = target.file_name().context("a target has a name")?.to_string_lossy();
        let name = format!("{prefix}{i}-{file_name}.rtgen-tmp");
        let temp = tmp.join(&name);
        let written = signals::checkpoint("before rtgen changed anything; nothing was changed")
            .and_then(|()| write_synced(&temp, after, target, tmp_device, &step.path));
        if let Err(error) = written {
            let _ = fs::remove_file(&temp);
            for name in names.iter().flatten() {
                let _ = fs::remove_file(tmp.join(name));
            }
            return Err(error);
        }
        names.push(Some(name));
    }
    sync_dir(&tmp);
    Ok(names)
}

fn write_synced(temp: &Path, bytes: &[u8], target: &Path, tmp_device: u64, rel: &Path) -> Result<()> {
    // A rename cannot cross file systems: refuse before anything changes.
    let mut existing = target.parent();
    while let Some(dir) = existing.filter(|d| !d.exists()) {
        existing = dir.parent();
    }
    if let Some(dir) = existing {
        if fs::metadata(dir).is_ok_and(|m| m.dev() != tmp_device) {
            bail!(
                "`{}` is on another file system than `{TMP_DIR}`, so rtgen cannot replace it in one step\n  help: keep the project on one file system (a mount inside it breaks atomic writes)",
                rel.display()
            );
        }
    }
    let mut file = state::create_new(temp).with_context(|| format!("failed to write the new `{}`", rel.display()))?;
    // The new file keeps the owner, group and mode of the one it replaces.
    if let Ok(metadata) = fs::metadata(target) {
        let ours = file.metadata().with_context(|| format!("failed to write the new `{}`", rel.display()))?;
        if (ours.uid(), ours.gid()) != (metadata.uid(), metadata.gid()) {
            if let Err(error) = std::os::unix::fs::fchown(&file, Some(metadata.uid()), Some(metadata.gid())) {
                bail!(
                    "`{}` belongs to user {} and group {}, and rtgen, running as user {} ({error}), cannot give its new content the same owner: a rename would hand the file to you\n  help: run rtgen as the file's owner, or give the file to the user running rtgen (`chown`), then run the command again",
                    rel.display(),
                    metadata.uid(),
                    metadata.gid(),
                    ours.uid()
                );
            }
        }
        file.set_permissions(fs::Permissions::from_mode(metadata.permissions().mode() & 0o7777))
            .with_context(|| format!("failed to give the new `{}` the mode of the old one", rel.display()))?;
    }
    file.write_all(bytes)
        .and_then(|()| file.sync_all())
        .with_context(|| format!("failed to write the new `{}`", rel.display()))?;
    Ok(())
}

/// Writes the journal of `steps` and syncs it before any rename.
fn write_journal(root: &Path, steps: &[Step], temps: &[Option<String>]) -> Result<()> {
    let entries = steps
        .iter()
        .zip(temps)
        .map(|(step, temp)| journal::Entry {
            path: step.path.to_string_lossy().into_owned(),
            temp: temp.clone(),
            before: step.before.as_deref().map(journal::hash),
            after: step.after.as_deref().map(journal::hash),
        })
        .collect();
    journal::write(root, &journal::Journal::new(entries))
}

/// Replaces (or deletes) one target, after checking it still holds the
/// bytes the plan was made from.
fn replace(root: &Path, step: &Step, target: &Path, temp: Option<&str>, created: &mut Vec<PathBuf>) -> Result<()> {
    let current = match crate::read::confine::read_regular(target, &step.path.display().to_string()) {
        Ok(bytes) => bytes,
        Err(error) if error.kind() == std::io::ErrorKind::InvalidInput => bail!("{error}"),
        Err(error) => return Err(error).with_context(|| format!("failed to read `{}`", step.path.display())),
    };
    if current != step.before {
        bail!(
            "`{}` changed while rtgen was working: it no longer holds what rtgen planned from (another program wrote it)\n  help: run the command again",
            step.path.display()
        );
    }
    match temp {
        Some(temp) => {
            let dir = target.parent().context("a target has a parent folder")?;
            create_dirs(dir, created)?;
            fs::rename(root.join(TMP_DIR).join(temp), target)
                .with_context(|| format!("failed to replace `{}`", step.path.display()))
        }
        None => fs::remove_file(target).with_context(|| format!("failed to delete `{}`", step.path.display())),
    }
}

/// Creates `dir` and its missing parents, noting each (so a rollback
/// removes only those).
fn create_dirs(dir: &Path, created: &mut Vec<PathBuf>) -> Result<()> {
    let mut missing = Vec::new();
    let mut probe = Some(dir);
    while let Some(current) = probe.filter(|p| !p.as_os_str().is_empty() && !p.exists()) {
        missing.push(current.to_path_buf());
        probe = current.parent();
    }
    fs::create_dir_all(dir).with_context(|| format!("failed to create `{}`", dir.display()))?;
    created.extend(missing.into_iter().rev());
    Ok(())
}

/// Removes the folders a deletion left empty, below `root`: `add` created
/// them, so `remove` takes them away again.
fn remove_empty_parents(root: &Path, file: &Path) {
    let mut dir = file.parent();
    while let Some(current) = dir {
        if current == root || !current.starts_with(root) || fs::remove_dir(current).is_err() {
            break;
        }
        dir = current.parent();
    }
}

/// Removes the temp folder (unless a journal still needs its files), and
/// `.rtgen/` itself when nothing else is in it.
fn tidy(root: &Path) {
    let tmp_is_ours = fs::symlink_metadata(root.join(TMP_DIR)).is_ok_and(|m| m.is_dir());
    if tmp_is_ours && fs::symlink_metadata(root.join(JOURNAL)).is_err() {
        let _ = fs::remove_dir_all(root.join(TMP_DIR));
    }
    let _ = fs::remove_dir(root.join(STATE_DIR));
}

fn remove_file_synced(path: &Path) {
    if fs::remove_file(path).is_ok() {
        if let Some(dir) = path.parent() {
            sync_dir(dir);
        }
    }
}

/// Makes renames and removals in `dir` durable.
fn sync_dir(dir: &Path) {
    if let Ok(handle) = fs::File::open(dir) {
        let _ = handle.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{ChangeKind, FileChange};

    fn change(path: &str, before: Option<&str>, after: Option<&str>) -> FileChange {
        FileChange {
            path: path.into(),
            before: before.map(str::to_string),
            after: after.map(str::to_string),
            kind: ChangeKind::PatchMissing,
            module: "m".into(),
        }
    }

    #[test]
    fn a_failure_midway_puts_everything_back() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::write(root.join("a.js"), "a").unwrap();
        // An empty folder that was there before must still be there after.
        fs::create_dir(root.join("empty")).unwrap();
        fs::create_dir(root.join("gone")).unwrap();
        fs::write(root.join("gone/b.js"), "b").unwrap();
        // The last target is a folder: renaming a file over it fails.
        fs::create_dir(root.join("c.js")).unwrap();
        let plan = Plan {
            changes: vec![
                change("a.js", Some("a"), Some("A")),
                change("gone/b.js", Some("b"), None),
                change("new/d.js", None, Some("d")),
                change("empty/e.js", None, Some("e")),
                change("c.js", Some(""), Some("C")),
            ],
            conflicts: Vec::new(),
            notes: Vec::new(),
        };
        let error = apply(root, &plan).unwrap_err();
        assert!(format!("{error:#}").contains("nothing was changed"), "{error:#}");
        assert_eq!(fs::read_to_string(root.join("a.js")).unwrap(), "a");
        assert_eq!(fs::read_to_string(root.join("gone/b.js")).unwrap(), "b");
        assert!(!root.join("new").exists(), "a folder made for a new file stayed");
        assert!(root.join("empty").is_dir(), "a folder that existed before was removed");
        assert!(!root.join("empty/e.js").exists());
        assert_eq!(leftovers(root), Vec::<PathBuf>::new(), "temp files left");
    }

    fn leftovers(root: &Path) -> Vec<PathBuf> {
        walkdir::WalkDir::new(root)
            .into_iter()
            .filter_map(|e| e.ok())
            .map(|e| e.path().to_path_buf())
            .filter(|p| p.to_string_lossy().contains(".rtgen") || p.to_string_lossy().ends_with(".tmp"))
            .collect()
    }

    #[test]
    fn a_file_changed_since_planning_aborts_and_puts_everything_back() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::write(root.join("a.js"), "a").unwrap();
        // Planned from "b", but someone wrote "B" since.
        fs::write(root.join("b.js"), "B").unwrap();
        let plan = Plan {
            changes: vec![change("a.js", Some("a"), Some("A")), change("b.js", Some("b"), Some("bb"))],
            conflicts: Vec::new(),
            notes: Vec::new(),
        };
        let error = format!("{:#}", apply(root, &plan).unwrap_err());
        assert!(error.contains("`b.js` changed while rtgen was working"), "{error}");
        assert!(error.contains("nothing was changed"), "{error}");
        assert_eq!(fs::read_to_string(root.join("a.js")).unwrap(), "a");
        assert_eq!(fs::read_to_string(root.join("b.js")).unwrap(), "B");
        assert_eq!(leftovers(root), Vec::<PathBuf>::new());
    }

    /// What a run killed after its journal and two of its renames leaves.
    fn killed_midway(root: &Path) -> Vec<Step> {
        fs::write(root.join("a.js"), "a").unwrap();
        fs::write(root.join("b.js"), "b").unwrap();
        fs::write(root.join("gone.js"), "g").unwrap();
        let steps = vec![
            Step { path: "a.js".into(), before: Some(b"a".to_vec()), after: Some(b"A".to_vec()) },
            Step { path: "new/c.js".into(), before: None, after: Some(b"C".to_vec()) },
            Step { path: "b.js".into(), before: Some(b"b".to_vec()), after: Some(b"B".to_vec()) },
            Step { path: "gone.js".into(), before: Some(b"g".to_vec()), after: None },
        ];
        let targets: Vec<PathBuf> = steps.iter().map(|s| root.join(&s.path)).collect();
        let temps = stage(root, &steps, &targets, "").unwrap();
        write_journal(root, &steps, &temps).unwrap();
        let mut created = Vec::new();
        for i in 0..2 {
            replace(root, &steps[i], &targets[i], temps[i].as_deref(), &mut created).unwrap();
        }
        steps
    }

    #[test]
    fn the_next_run_rolls_a_killed_apply_forward() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        killed_midway(root);
        let (lock, recovered) = Lock::acquire(root).unwrap();
        let recovered = recovered.expect("an interrupted apply was found");
        assert!(recovered.interrupted);
        assert_eq!(recovered.finished, vec!["b.js".to_string(), "gone.js".to_string()]);
        assert_eq!(recovered.already, 2);
        assert!(recovered.describe().contains("was interrupted while it replaced files"), "{}", recovered.describe());
        drop(lock);
        assert_eq!(fs::read_to_string(root.join("a.js")).unwrap(), "A");
        assert_eq!(fs::read_to_string(root.join("b.js")).unwrap(), "B");
        assert_eq!(fs::read_to_string(root.join("new/c.js")).unwrap(), "C");
        assert!(!root.join("gone.js").exists());
        assert_eq!(leftovers(root), Vec::<PathBuf>::new());
    }

    #[test]
    fn a_file_edited_after_the_kill_is_left_alone_and_named() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        killed_midway(root);
        fs::write(root.join("b.js"), "edited").unwrap();
        let recovered = Lock::recover_for_reading(root).unwrap().expect("found");
        assert_eq!(recovered.conflicts, vec!["b.js".to_string()]);
        assert!(recovered.describe().contains("`b.js`"), "{}", recovered.describe());
        assert_eq!(fs::read_to_string(root.join("b.js")).unwrap(), "edited");
        assert_eq!(leftovers(root), Vec::<PathBuf>::new());
    }

    #[test]
    fn temp_files_of_a_run_killed_before_its_journal_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join(TMP_DIR)).unwrap();
        fs::write(root.join(TMP_DIR).join("0-a.js.rtgen-tmp"), "x").unwrap();
        let recovered = Lock::recover_for_reading(root).unwrap().expect("found");
        assert!(!recovered.interrupted);
        assert_eq!(recovered.stale_temps, 1);
        assert_eq!(leftovers(root), Vec::<PathBuf>::new());
        // With nothing of rtgen's there, a reading run creates nothing.
        assert!(Lock::recover_for_reading(root).unwrap().is_none());
        assert!(!root.join(STATE_DIR).exists());
    }

    #[test]
    fn a_second_run_is_refused_with_the_first_ones_pid_and_a_dead_runs_lock_is_taken_over() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        // A lock file a killed run left: nobody holds it.
        fs::create_dir_all(root.join(STATE_DIR)).unwrap();
        fs::write(root.join(".rtgen/lock"), "4194999\n").unwrap();
        let (first, _) = Lock::acquire(root).unwrap();
        assert_eq!(fs::read_to_string(root.join(".rtgen/lock")).unwrap(), format!("{}\n", std::process::id()));
        let error = Lock::acquire(root).unwrap_err().to_string();
        assert!(
            error.contains(&format!("another rtgen run (pid {}, holding `.rtgen/lock`)", std::process::id())),
            "{error}"
        );
        drop(first);
        assert!(!root.join(STATE_DIR).exists());
        let (again, _) = Lock::acquire(root).unwrap();
        drop(again);
    }

    #[test]
    fn a_symlinked_file_is_edited_where_it_lives() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::write(root.join("real.js"), "x").unwrap();
        std::os::unix::fs::symlink(root.join("real.js"), root.join("link.js")).unwrap();
        let plan =
            Plan { changes: vec![change("link.js", Some("x"), Some("y"))], conflicts: Vec::new(), notes: Vec::new() };
        apply(root, &plan).unwrap();
        assert!(fs::symlink_metadata(root.join("link.js")).unwrap().file_type().is_symlink());
        assert_eq!(fs::read_to_string(root.join("real.js")).unwrap(), "y");
    }

    #[test]
    fn deleting_the_last_file_of_a_folder_removes_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("realtime")).unwrap();
        fs::write(root.join("realtime/p.yaml"), "p").unwrap();
        let plan = Plan {
            changes: vec![change("realtime/p.yaml", Some("p"), None)],
            conflicts: Vec::new(),
            notes: Vec::new(),
        };
        apply(root, &plan).unwrap();
        assert!(!root.join("realtime").exists());
        assert!(root.exists());
    }
}
