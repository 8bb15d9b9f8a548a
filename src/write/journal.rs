//! The journal of an apply under way, `.rtgen/journal.json`: each planned
//! replacement with the hash of the file before and after, and the temp
//! file holding the new content. It is on disk (synced) before the first
//! rename and gone after the last, so when it is found, a run was killed in
//! between, and [`recover`] rolls that run forward: a file holding its new
//! hash is done, one holding its old hash gets its temp file, and one holding
//! neither was changed by someone else since and is left alone (and named).

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::{remove_empty_parents, resolve, state, sync_dir, JOURNAL, STATE_DIR, TMP_DIR};

#[derive(Debug, Serialize, Deserialize)]
pub(super) struct Journal {
    version: u32,
    /// The run that wrote it, for messages.
    pid: u32,
    command: String,
    entries: Vec<Entry>,
}

/// One planned replacement.
#[derive(Debug, Serialize, Deserialize)]
pub(super) struct Entry {
    /// Relative to the root, as planned.
    pub path: String,
    /// The temp file under `.rtgen/tmp/` with the new content; none: a deletion.
    pub temp: Option<String>,
    /// The content's hash before; none: the file did not exist.
    pub before: Option<String>,
    /// The content's hash after; none: the file is deleted.
    pub after: Option<String>,
}

impl Journal {
    pub(super) fn new(entries: Vec<Entry>) -> Journal {
        let mut args = std::env::args();
        let program = args.next().map(|a| a.rsplit('/').next().unwrap_or(&a).to_string()).unwrap_or_default();
        let command = std::iter::once(program).chain(args.take_while(|a| a != "--root")).collect::<Vec<_>>().join(" ");
        Journal { version: 1, pid: std::process::id(), command, entries }
    }
}

/// The hash a journal records for `bytes`.
pub(super) fn hash(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// Writes `journal` atomically (a synced file renamed into place) and durably.
pub(super) fn write(root: &Path, journal: &Journal) -> Result<()> {
    let part = root.join(TMP_DIR).join("journal.json.part");
    let text = serde_json::to_vec_pretty(journal).expect("a journal serializes");
    let mut file = state::create_new(&part).with_context(|| format!("failed to write `{JOURNAL}`"))?;
    file.write_all(&text).and_then(|()| file.sync_all()).with_context(|| format!("failed to write `{JOURNAL}`"))?;
    fs::rename(&part, root.join(JOURNAL)).with_context(|| format!("failed to write `{JOURNAL}`"))?;
    sync_dir(&root.join(STATE_DIR));
    Ok(())
}

const BAD_JOURNAL_HELP: &str = "\n  help: rtgen did not write this journal (a run it was killed in writes only what it checks); if no rtgen run is going on, delete `.rtgen/journal.json` and `.rtgen/tmp/`, then compare the tree with what the specs produce: `rtgen check`";

/// Refuses a journal rtgen would not have written: a path that is not a
/// plain relative path inside the root (and outside `.rtgen/`), a temp file
/// that is not a plain name in `.rtgen/tmp/`, a hash that is not SHA-256
/// in lowercase hex, an entry that neither writes nor deletes.
fn validate(root: &Path, journal: &Journal) -> Result<()> {
    let bad = |i: usize, what: String| -> anyhow::Error {
        anyhow::anyhow!("`{JOURNAL}`: entry {} {what}; rtgen never writes such an entry{BAD_JOURNAL_HELP}", i + 1)
    };
    if journal.version != 1 {
        anyhow::bail!("`{JOURNAL}` has version {}, and this rtgen writes version 1{BAD_JOURNAL_HELP}", journal.version);
    }
    for (i, entry) in journal.entries.iter().enumerate() {
        let path = Path::new(&entry.path);
        let plain = !entry.path.is_empty()
            && path.components().all(|c| matches!(c, std::path::Component::Normal(_)))
            && !entry.path.contains('\\')
            && !path.starts_with(STATE_DIR);
        if !plain {
            return Err(bad(i, format!("has the path `{}`, which is not a path inside the project", entry.path)));
        }
        if let Err(error) = crate::read::confine::confined(root, path) {
            return Err(bad(i, format!("has the path `{}`, which leads out of the project ({error})", entry.path)));
        }
        if let Some(temp) = &entry.temp {
            let plain = !temp.is_empty()
                && !temp.contains('/')
                && !temp.contains('\\')
                && temp != "."
                && temp != ".."
                && temp.ends_with(".rtgen-tmp");
            if !plain {
                return Err(bad(
                    i,
                    format!("has the temp file `{temp}`, which is not a file rtgen makes in `{TMP_DIR}/`"),
                ));
            }
        }
        for (name, value) in [("before", &entry.before), ("after", &entry.after)] {
            if let Some(value) = value {
                if value.len() != 64 || !value.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)) {
                    return Err(bad(i, format!("has `{name}: {value}`, which is not a SHA-256 hash")));
                }
            }
        }
        if entry.temp.is_some() != entry.after.is_some() {
            return Err(bad(i, "has a temp file without a new hash, or a new hash without a temp file".to_string()));
        }
    }
    Ok(())
}

/// What [`recover`] found and did.
#[derive(Debug, Default)]
pub struct Recovered {
    /// Whether a journal was found: an apply was interrupted midway.
    pub interrupted: bool,
    pub pid: u32,
    pub command: String,
    /// Files replaced or deleted now.
    pub finished: Vec<String>,
    /// Files the killed run had already replaced.
    pub already: usize,
    /// Files that hold neither their old nor their new content: left alone.
    pub conflicts: Vec<String>,
    /// Temp files of a run killed before it changed anything.
    pub stale_temps: usize,
}

impl Recovered {
    /// The note rtgen prints on stderr.
    pub fn describe(&self) -> String {
        let mut text = if self.interrupted {
            format!(
                "note: an earlier `{}` (pid {}) was interrupted while it replaced files; rtgen finished it: {} file(s) replaced now, {} already were",
                self.command,
                self.pid,
                self.finished.len(),
                self.already
            )
        } else {
            format!(
                "note: removed {} temp file(s) of an earlier rtgen run that was interrupted before it changed any file",
                self.stale_temps
            )
        };
        if !self.conflicts.is_empty() {
            text.push_str(&format!(
                "\n  these files were changed by something else since, and were left as they are: {}\n  help: compare them with what the spec produces: `rtgen check`",
                crate::error::backticked(&self.conflicts, ", ")
            ));
        }
        text
    }
}

/// Finishes an interrupted apply and removes stale temp files. The caller
/// holds the lock. `None`: there was nothing to do.
pub fn recover(root: &Path) -> Result<Option<Recovered>> {
    let journal_path = root.join(JOURNAL);
    let tmp = root.join(TMP_DIR);
    let mut recovered = Recovered::default();
    let mut consumed: Vec<PathBuf> = Vec::new();
    match state::read_own(root, JOURNAL) {
        Ok(Some(bytes)) => {
            let journal: Journal = serde_json::from_slice(&bytes).map_err(|error| {
                anyhow::anyhow!("`{JOURNAL}` is not a journal rtgen can read ({error}){}", BAD_JOURNAL_HELP)
            })?;
            // Everything in it is checked before anything is touched.
            validate(root, &journal)?;
            recovered.interrupted = true;
            recovered.pid = journal.pid;
            recovered.command = journal.command.clone();
            let mut deleted = Vec::new();
            for entry in &journal.entries {
                let target = resolve(root, Path::new(&entry.path))?;
                let current = match crate::read::confine::read_regular(&target, &entry.path) {
                    Ok(bytes) => bytes.map(|bytes| hash(&bytes)),
                    Err(error) if error.kind() == std::io::ErrorKind::InvalidInput => anyhow::bail!("{error}"),
                    Err(error) => return Err(error).with_context(|| format!("failed to read `{}`", entry.path)),
                };
                if current == entry.after {
                    recovered.already += 1;
                } else if current == entry.before {
                    match &entry.temp {
                        Some(temp) => {
                            let source = tmp.join(temp);
                            // A temp file that is not what was planned (lost to a power cut) is never used.
                            let planned = state::read_own(root, &format!("{TMP_DIR}/{temp}")).ok().flatten();
                            if planned.map(|b| hash(&b)) != entry.after {
                                recovered.conflicts.push(entry.path.clone());
                                continue;
                            }
                            if let Some(dir) = target.parent() {
                                fs::create_dir_all(dir)
                                    .with_context(|| format!("failed to create `{}`", dir.display()))?;
                            }
                            fs::rename(&source, &target)
                                .with_context(|| format!("failed to replace `{}`", entry.path))?;
                            consumed.push(source);
                        }
                        None => {
                            fs::remove_file(&target).with_context(|| format!("failed to delete `{}`", entry.path))?
                        }
                    }
                    recovered.finished.push(entry.path.clone());
                } else {
                    recovered.conflicts.push(entry.path.clone());
                    continue;
                }
                if entry.after.is_none() {
                    deleted.push(target);
                }
            }
            fs::remove_file(&journal_path).with_context(|| format!("failed to remove `{JOURNAL}`"))?;
            sync_dir(&root.join(STATE_DIR));
            for target in deleted {
                remove_empty_parents(root, &target);
            }
        }
        Ok(None) => {}
        Err(error) if error.kind() == std::io::ErrorKind::InvalidInput => anyhow::bail!("{error}"),
        Err(error) => return Err(error).with_context(|| format!("failed to read `{JOURNAL}`")),
    }
    // `state::check` made sure it is a folder, not a link, before the lock was taken.
    if let Ok(entries) = fs::read_dir(&tmp) {
        recovered.stale_temps = entries.filter_map(|e| e.ok()).filter(|e| e.file_name() != "journal.json.part").count();
        fs::remove_dir_all(&tmp).with_context(|| format!("failed to remove the temp files in `{TMP_DIR}`"))?;
    }
    Ok((recovered.interrupted || recovered.stale_temps > 0).then_some(recovered))
}
