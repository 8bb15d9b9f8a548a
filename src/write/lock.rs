//! One run at a time per project: `.rtgen/lock`, held with `flock` for the
//! whole run of a command that writes, and holding the run's pid for the
//! message another run prints. The kernel releases the lock when its holder
//! dies, however it dies, so a lock file left by a killed run is simply
//! taken over. Taking the lock also finishes what a killed run left
//! ([`super::journal::recover`]). The lock file is opened only as a regular
//! file, never through a link ([`super::state`]).

use std::fs::{self, File};
use std::io::{ErrorKind, Read, Seek, Write};
use std::os::fd::AsRawFd;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{bail, Result};

use super::journal::{recover, Recovered};
use super::{signals, state, tidy, JOURNAL, STATE_DIR, TMP_DIR};

const LOCK: &str = ".rtgen/lock";
/// How long a run that only reads waits for a run that writes to finish.
const READER_WAIT: Duration = Duration::from_secs(10);

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
        signals::defer();
        let created = match state::make_dir(root) {
            Ok(created) => created,
            Err(error) => {
                signals::restore();
                return Err(error);
            }
        };
        let lock = match Lock::try_take(root) {
            Ok(Ok(lock)) => lock,
            outcome => {
                if created {
                    tidy_if_empty(root);
                }
                signals::restore();
                let pid = outcome?.expect_err("not taken");
                bail!(
                    "another rtgen run ({}, holding `{LOCK}`) is changing this project; rtgen changes a project one run at a time\n  help: wait for it to finish, then run this command again",
                    pid.map_or("pid unknown".to_string(), |pid| format!("pid {pid}"))
                );
            }
        };
        let recovered = recover(root)?;
        signals::checkpoint("before rtgen changed anything; nothing was changed")?;
        Ok((lock, recovered))
    }

    /// For a run that only reads (`check`, `list`, dry runs): when a killed
    /// run left a journal or temp files, takes the lock for as long as it
    /// takes to finish that run's apply; when a live run holds it, waits a
    /// little for it to finish rather than read a tree it is changing.
    /// Never creates anything otherwise.
    pub fn recover_for_reading(root: &Path) -> Result<Option<Recovered>> {
        if !state::check(root)? {
            return Ok(None);
        }
        let journal = root.join(JOURNAL).exists();
        if !journal && !root.join(TMP_DIR).exists() && !root.join(LOCK).exists() {
            return Ok(None);
        }
        let started = Instant::now();
        loop {
            signals::defer();
            match Lock::try_take(root) {
                Ok(Ok(lock)) => {
                    let recovered = recover(root);
                    drop(lock);
                    return recovered;
                }
                Ok(Err(pid)) => {
                    signals::restore();
                    if started.elapsed() >= READER_WAIT {
                        bail!(
                            "another rtgen run ({}, holding `{LOCK}`) has been changing this project for more than {} s; rtgen reads a project only between runs\n  help: wait for it to finish, then run this command again",
                            pid.map_or("pid unknown".to_string(), |pid| format!("pid {pid}")),
                            READER_WAIT.as_secs()
                        );
                    }
                    std::thread::sleep(Duration::from_millis(25));
                }
                Err(error) if journal => {
                    signals::restore();
                    return Err(error.context(format!(
                        "an earlier rtgen run was interrupted while it replaced files (`{JOURNAL}` is there), and rtgen cannot finish it"
                    )));
                }
                // A read-only checkout: nothing can have been half-applied in it by rtgen.
                Err(_) => {
                    signals::restore();
                    return Ok(None);
                }
            }
        }
    }

    /// The lock, or `Err(pid)` of the live run holding it.
    fn try_take(root: &Path) -> Result<Result<Lock, Option<u32>>> {
        let path = root.join(LOCK);
        let mut attempts = 0;
        loop {
            attempts += 1;
            let mut file = match state::open_lock(root) {
                Ok(file) => file,
                // A run that just finished removed an empty `.rtgen/`.
                Err(error) if error.kind() == ErrorKind::NotFound && attempts < 100 => {
                    state::make_dir(root)?;
                    continue;
                }
                Err(error) if error.raw_os_error() == Some(libc::ELOOP) => bail!(
                    "`{LOCK}` is a symbolic link; rtgen keeps its lock in a file of its own\n  help: if no rtgen run is going on, delete `{LOCK}` and run the command again"
                ),
                Err(error) if error.kind() == ErrorKind::InvalidInput => bail!("{error}"),
                Err(error) => return Err(state::io_error(error, &format!("failed to create `{LOCK}`"))),
            };
            // SAFETY: a valid open descriptor; flock has no other precondition.
            if unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) } != 0 {
                let error = std::io::Error::last_os_error();
                if error.kind() == ErrorKind::WouldBlock {
                    return Ok(Err(holder(&mut file)));
                }
                return Err(state::io_error(error, &format!("failed to lock `{LOCK}`")));
            }
            // The run that held it may have removed the file between our open
            // and our lock: then this lock guards nothing; take the new file.
            let ours = file.metadata().map(|m| (m.dev(), m.ino())).ok();
            let at_path = fs::symlink_metadata(&path).map(|m| (m.dev(), m.ino())).ok();
            if ours.is_none() || ours != at_path {
                continue;
            }
            // From here on, dropping the lock removes the file (a full disk
            // must not leave an empty lock behind).
            let mut lock = Lock { root: root.to_path_buf(), file: Some(file) };
            let file = lock.file.as_mut().expect("just set");
            file.set_len(0)
                .and_then(|()| writeln!(file, "{}", std::process::id()))
                .map_err(|error| state::io_error(error, &format!("failed to write `{LOCK}`")))?;
            return Ok(Ok(lock));
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
        signals::restore();
    }
}
