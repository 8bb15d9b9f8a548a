//! The one writer. It applies a plan all or nothing: every new content goes to
//! a temp file beside its target first; only when all are written are they
//! renamed over their targets. If a rename fails, the files already replaced
//! are put back, so a failure never leaves a half-applied plan.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::plan::Plan;

/// Applies `plan` under `root`.
pub fn apply(root: &Path, plan: &Plan) -> Result<()> {
    let mut staged: Vec<(PathBuf, Option<PathBuf>)> = Vec::new();
    let mut created: Vec<PathBuf> = Vec::new();
    // Folders this run made, deepest first, removed again if a failure leaves them empty.
    let remove_created = |created: &[PathBuf]| {
        for dir in created.iter().rev() {
            let _ = fs::remove_dir(dir);
        }
    };
    if let Err(error) = stage_all(root, plan, &mut staged, &mut created) {
        for (_, temp) in &staged {
            if let Some(temp) = temp {
                let _ = fs::remove_file(temp);
            }
        }
        remove_created(&created);
        return Err(error);
    }
    for (i, (target, temp)) in staged.iter().enumerate() {
        let outcome = match temp {
            Some(temp) => fs::rename(temp, target).with_context(|| format!("failed to replace `{}`", target.display())),
            None => fs::remove_file(target).with_context(|| format!("failed to delete `{}`", target.display())),
        };
        if let Err(error) = outcome {
            // Put back what was already replaced or deleted, then drop the rest.
            let mut unrestored = Vec::new();
            for (j, (target, _)) in staged[..i].iter().enumerate().rev() {
                let restored = match &plan.changes[j].before {
                    Some(before) => fs::write(target, before),
                    None => fs::remove_file(target),
                };
                if let Err(cause) = restored {
                    unrestored.push(format!("`{}` ({cause})", target.display()));
                }
            }
            for (_, temp) in &staged[i..] {
                if let Some(temp) = temp {
                    let _ = fs::remove_file(temp);
                }
            }
            remove_created(&created);
            if unrestored.is_empty() {
                return Err(error.context("nothing was changed"));
            }
            return Err(
                error.context(format!("and these files could not be put back as they were: {}", unrestored.join(", ")))
            );
        }
    }
    // Only now, with every change in place, take away folders deletions emptied.
    for ((target, temp), change) in staged.iter().zip(&plan.changes) {
        if temp.is_none() && change.after.is_none() {
            remove_empty_parents(root, target);
        }
    }
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

fn stage_all(
    root: &Path,
    plan: &Plan,
    staged: &mut Vec<(PathBuf, Option<PathBuf>)>,
    created: &mut Vec<PathBuf>,
) -> Result<()> {
    for change in &plan.changes {
        // Nothing is written through a link that leads out of the project.
        let mut target = crate::read::confine::confined(root, &change.path)?;
        // A symlinked host file is edited where it lives; the link stays a link.
        if fs::symlink_metadata(&target).is_ok_and(|m| m.file_type().is_symlink()) {
            target = fs::canonicalize(&target).with_context(|| format!("failed to follow `{}`", target.display()))?;
        }
        let temp = match &change.after {
            Some(text) => Some(stage(&target, text, created)?),
            None => None,
        };
        staged.push((target, temp));
    }
    Ok(())
}

/// Writes `text` to a temp file in `target`'s folder, creating the folders
/// it needs and noting them in `created` (so a rollback removes only those).
fn stage(target: &Path, text: &str, created: &mut Vec<PathBuf>) -> Result<PathBuf> {
    let dir = target.parent().context("a target has a parent folder")?;
    let mut missing = Vec::new();
    let mut probe = Some(dir);
    while let Some(current) = probe.filter(|p| !p.as_os_str().is_empty() && !p.exists()) {
        missing.push(current.to_path_buf());
        probe = current.parent();
    }
    fs::create_dir_all(dir).with_context(|| format!("failed to create `{}`", dir.display()))?;
    created.extend(missing);
    let name = target.file_name().context("a target has a name")?.to_string_lossy();
    let temp = dir.join(format!(".{name}.rtgen-{}.tmp", std::process::id()));
    let mut file = fs::File::create(&temp).with_context(|| format!("failed to write `{}`", temp.display()))?;
    file.write_all(text.as_bytes())
        .and_then(|()| file.sync_all())
        .with_context(|| format!("failed to write `{}`", temp.display()))?;
    if let Ok(metadata) = fs::metadata(target) {
        let _ = fs::set_permissions(&temp, metadata.permissions());
    }
    Ok(temp)
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
        };
        let error = apply(root, &plan).unwrap_err();
        assert!(format!("{error:#}").contains("nothing was changed"), "{error:#}");
        assert_eq!(fs::read_to_string(root.join("a.js")).unwrap(), "a");
        assert_eq!(fs::read_to_string(root.join("gone/b.js")).unwrap(), "b");
        assert!(!root.join("new").exists(), "a folder made for a new file stayed");
        assert!(root.join("empty").is_dir(), "a folder that existed before was removed");
        assert!(!root.join("empty/e.js").exists());
        let leftovers: Vec<_> = walkdir::WalkDir::new(root)
            .into_iter()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .collect();
        assert!(leftovers.is_empty(), "temp files left: {leftovers:?}");
    }

    #[test]
    fn a_symlinked_file_is_edited_where_it_lives() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::write(root.join("real.js"), "x").unwrap();
        std::os::unix::fs::symlink(root.join("real.js"), root.join("link.js")).unwrap();
        let plan = Plan { changes: vec![change("link.js", Some("x"), Some("y"))], conflicts: Vec::new() };
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
        let plan = Plan { changes: vec![change("realtime/p.yaml", Some("p"), None)], conflicts: Vec::new() };
        apply(root, &plan).unwrap();
        assert!(!root.join("realtime").exists());
        assert!(root.exists());
    }
}
