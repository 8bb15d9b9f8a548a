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
    let result = stage_all(root, plan, &mut staged);
    if let Err(error) = result {
        for (_, temp) in &staged {
            if let Some(temp) = temp {
                let _ = fs::remove_file(temp);
            }
        }
        return Err(error);
    }
    let mut done: Vec<usize> = Vec::new();
    for (i, (target, temp)) in staged.iter().enumerate() {
        let outcome = match temp {
            Some(temp) => fs::rename(temp, target).with_context(|| format!("failed to replace `{}`", target.display())),
            None => fs::remove_file(target)
                .with_context(|| format!("failed to delete `{}`", target.display()))
                .map(|()| remove_empty_parents(root, target)),
        };
        if let Err(error) = outcome {
            // Put back what was already replaced, then drop the rest.
            for &j in done.iter().rev() {
                let (target, _) = &staged[j];
                let change = &plan.changes[j];
                match &change.before {
                    Some(before) => {
                        let _ = fs::write(target, before);
                    }
                    None => {
                        let _ = fs::remove_file(target);
                    }
                }
            }
            for (_, temp) in &staged[i..] {
                if let Some(temp) = temp {
                    let _ = fs::remove_file(temp);
                }
            }
            return Err(error);
        }
        done.push(i);
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

fn stage_all(root: &Path, plan: &Plan, staged: &mut Vec<(PathBuf, Option<PathBuf>)>) -> Result<()> {
    for change in &plan.changes {
        let target = root.join(&change.path);
        let temp = match &change.after {
            Some(text) => Some(stage(&target, text)?),
            None => None,
        };
        staged.push((target, temp));
    }
    Ok(())
}

/// Writes `text` to a temp file in `target`'s folder (created if needed).
fn stage(target: &Path, text: &str) -> Result<PathBuf> {
    let dir = target.parent().context("a target has a parent folder")?;
    fs::create_dir_all(dir).with_context(|| format!("failed to create `{}`", dir.display()))?;
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
