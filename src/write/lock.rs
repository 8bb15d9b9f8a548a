//! One run at a time per project: `.rtgen/lock`, held with `flock` for the
//! whole run of a command that writes, and holding the run's pid for the
//! message another run prints. The kernel releases the lock when its holder
//! dies, however it dies, so a lock file left by a killed run is simply
//! taken over. Taking the lock also finishes what a killed run left
//! ([`super::journal::recover`]).

use std::fs::{self, File, OpenOptions};
use std::io::{ErrorKind, Read, Seek, Write};
use std::os::fd::AsRawFd;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{bail, Context, Result};

use super::journal::{recover, Recovered};
use super::{tidy, JOURNAL, STATE_DIR, TMP_DIR};

const LOCK: &str = ".rtgen/lock";

/// The project's lock, held until dropped; dropping it removes the lock
/// file, the temp folder and `.rtgen/` when nothing else is in it.
#[derive(Debug)]
pub struct Lock {
    root: PathBuf,
    file: Option<File>,
}

impl Lock {
    /// Takes the lock of the project at `root` for a run that writes, and
    /// finishes an interrupted apply first. Another live run holding it is
    /// an error naming its pid.
    pub fn acquire(root: &Path) -> Result<(Lock, Option<Recovered>)> {
        fs::create_dir_all(root.join(STATE_DIR))
            .with_context(|| format!("failed to create `{STATE_DIR}/` (rtgen keeps its lock and journal there)"))?;
        let lock = match Lock::try_take(root)? {
            Ok(lock) => lock,
            Err(pid) => {
                tidy_if_empty(root);
                bail!(
                    "another rtgen run ({}) is changing this project; rtgen changes a project one run at a time\n  help: wait for it to finish, then run this command again",
                    pid.map_or("pid unknown".to_string(), |pid| format!("pid {pid}"))
                );
            }
        };
        let recovered = recover(root)?;
        Ok((lock, recovered))
    }

    /// For a run that only reads (`check`, `list`, dry runs): when a killed
    /// run left a journal or temp files, takes the lock for as long as it
    /// takes to finish that run's apply. Never creates anything otherwise.
    pub fn recover_for_reading(root: &Path) -> Result<Option<Recovered>> {
        let journal = root.join(JOURNAL).exists();
        if !journal && !root.join(TMP_DIR).exists() && !root.join(LOCK).exists() {
            return Ok(None);
        }
        match Lock::try_take(root) {
            Ok(Ok(lock)) => {
                let recovered = recover(root);
                drop(lock);
                recovered
            }
            Ok(Err(pid)) if journal => bail!(
                "another rtgen run ({}) is replacing files in this project right now\n  help: wait for it to finish, then run this command again",
                pid.map_or("pid unknown".to_string(), |pid| format!("pid {pid}"))
            ),
            // A run that is planning: what it will write is not on disk yet.
            Ok(Err(_)) => Ok(None),
            Err(error) if journal => Err(error.context(format!(
                "an earlier rtgen run was interrupted while it replaced files (`{JOURNAL}` is there), and rtgen cannot finish it"
            ))),
            Err(_) => Ok(None),
        }
    }

    /// The lock, or `Err(pid)` of the live run holding it.
    fn try_take(root: &Path) -> Result<Result<Lock, Option<u32>>> {
        let path = root.join(LOCK);
        let mut attempts = 0;
        loop {
            attempts += 1;
            let opened = OpenOptions::new().read(true).write(true).create(true).truncate(false).open(&path);
            let mut file = match opened {
                Ok(file) => file,
                // A run that just finished removed an empty `.rtgen/`.
                Err(error) if error.kind() == ErrorKind::NotFound && attempts < 100 => {
                    let _ = fs::create_dir_all(root.join(STATE_DIR));
                    continue;
                }
                Err(error) => return Err(error).with_context(|| format!("failed to open `{LOCK}`")),
            };
            // SAFETY: a valid open descriptor; flock has no other precondition.
            if unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) } != 0 {
                let error = std::io::Error::last_os_error();
                if error.kind() == ErrorKind::WouldBlock {
                    return Ok(Err(holder(&mut file)));
                }
                return Err(error).with_context(|| format!("failed to lock `{LOCK}`"));
            }
            // The run that held it may have removed the file between our open
            // and our lock: then this lock guards nothing; take the new file.
            let ours = file.metadata().map(|m| (m.dev(), m.ino())).ok();
            let at_path = fs::metadata(&path).map(|m| (m.dev(), m.ino())).ok();
            if ours.is_none() || ours != at_path {
                continue;
            }
            file.set_len(0)
                .and_then(|()| writeln!(file, "{}", std::process::id()))
                .with_context(|| format!("failed to write `{LOCK}`"))?;
            return Ok(Ok(Lock { root: root.to_path_buf(), file: Some(file) }));
        }
    }
}

/// The pid written in a lock file another run holds (it may not have written
/// it yet: wait a moment).
fn holder(file: &mut File) -> Option<u32> {
    for _ in 0..20 {
        let mut text = String::new();
        if file.rewind().is_ok() && file.read_to_string(&mut text).is_ok() {
            if let Ok(pid) = text.trim().parse() {
                return Some(pid);
            }
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    None
}

/// Removes `.rtgen/` when this run made it only to find the lock taken.
fn tidy_if_empty(root: &Path) {
    let _ = fs::remove_dir(root.join(STATE_DIR));
}

impl Drop for Lock {
    fn drop(&mut self) {
        // Unlink while still holding it: a run waiting on this file sees it
        // gone and takes a new one.
        let _ = fs::remove_file(self.root.join(LOCK));
        self.file.take();
        tidy(&self.root);
    }
}
