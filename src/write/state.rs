//! `.rtgen/` is input like any other file of the project: a pull request can
//! ship it, and `rtgen check` in CI then runs on it. So rtgen's own folder,
//! its lock, temp folder and journal are checked before anything is created
//! in them, and opened without following links: whatever `.rtgen/` holds,
//! rtgen never creates, truncates or removes anything outside the root.

use std::fs::{self, File, OpenOptions};
use std::io::ErrorKind;
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;

use anyhow::{bail, Result};

use super::{JOURNAL, STATE_DIR, TMP_DIR};
use crate::read::confine::special_kind;

const LOCK: &str = ".rtgen/lock";

/// The fix for a state entry that is not what rtgen makes there.
fn help(path: &str) -> String {
    format!(
        "\n  help: rtgen keeps only its lock, journal and temp files there, and never a link: if no rtgen run is going on, delete `{path}` and run the command again"
    )
}

/// Refuses a `.rtgen` that is not a plain folder, and a lock, temp folder or
/// journal in it that is a link or of the wrong type, before anything is
/// created. `false`: there is no `.rtgen/`.
pub(super) fn check(root: &Path) -> Result<bool> {
    let Some(dir) = entry(root, STATE_DIR)? else { return Ok(false) };
    if dir.file_type().is_symlink() {
        bail!("`{STATE_DIR}` is a symbolic link; rtgen keeps its own state in a plain folder there{}", help(STATE_DIR));
    }
    if !dir.is_dir() {
        bail!("`{STATE_DIR}` is {}, where rtgen keeps a folder of its own state{}", describe(&dir), help(STATE_DIR));
    }
    for (path, folder) in [(LOCK, false), (JOURNAL, false), (TMP_DIR, true)] {
        let Some(metadata) = entry(root, path)? else { continue };
        let right = if folder { metadata.is_dir() } else { metadata.is_file() };
        if metadata.file_type().is_symlink() || !right {
            bail!(
                "`{path}` is {}, where rtgen keeps {}{}",
                describe(&metadata),
                if folder { "a folder of temp files" } else { "a file of its own" },
                help(path)
            );
        }
    }
    Ok(true)
}

/// Creates `.rtgen/` (after [`check`]); `true` when this call made it.
pub(super) fn make_dir(root: &Path) -> Result<bool> {
    if check(root)? {
        return Ok(false);
    }
    match fs::create_dir(root.join(STATE_DIR)) {
        Ok(()) => Ok(true),
        // Another run made it between the check and now: check what it is.
        Err(error) if error.kind() == ErrorKind::AlreadyExists => check(root).map(|_| false),
        Err(error) => {
            Err(io_error(error, &format!("failed to create `{STATE_DIR}/` (rtgen keeps its lock and journal there)")))
        }
    }
}

/// Creates `.rtgen/tmp/` if missing (after [`check`]).
pub(super) fn make_tmp(root: &Path) -> Result<()> {
    make_dir(root)?;
    match fs::create_dir(root.join(TMP_DIR)) {
        Ok(()) => Ok(()),
        Err(error) if error.kind() == ErrorKind::AlreadyExists => check(root).map(|_| ()),
        Err(error) => Err(io_error(error, &format!("failed to create `{TMP_DIR}`"))),
    }
}

/// Opens the lock file, creating it, never through a link and never waiting
/// on a pipe; it must be a regular file.
pub(super) fn open_lock(root: &Path) -> std::io::Result<File> {
    let file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_CLOEXEC)
        .open(root.join(LOCK))?;
    regular(file, LOCK)
}

/// Creates a new file at `path` (never through a link, never over an
/// existing entry: a leftover of the same name is removed first).
pub(super) fn create_new(path: &Path) -> std::io::Result<File> {
    let open =
        || OpenOptions::new().write(true).create_new(true).custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC).open(path);
    match open() {
        Err(error) if error.kind() == ErrorKind::AlreadyExists => {
            fs::remove_file(path)?;
            open()
        }
        other => other,
    }
}

/// Reads a file of rtgen's own (the journal, a temp file) without following
/// a link or waiting on a pipe; `None` when it does not exist.
pub(super) fn read_own(root: &Path, rel: &str) -> std::io::Result<Option<Vec<u8>>> {
    use std::io::Read;
    let opened = OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_CLOEXEC)
        .open(root.join(rel));
    let file = match opened {
        Ok(file) => file,
        Err(error) if error.kind() == ErrorKind::NotFound => return Ok(None),
        Err(error) if error.raw_os_error() == Some(libc::ELOOP) => {
            return Err(std::io::Error::new(
                ErrorKind::InvalidInput,
                format!("`{rel}` is a symbolic link{}", help(rel)),
            ))
        }
        Err(error) => return Err(error),
    };
    let mut file = regular(file, rel)?;
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes)?;
    Ok(Some(bytes))
}

fn regular(file: File, shown: &str) -> std::io::Result<File> {
    let metadata = file.metadata()?;
    if !metadata.is_file() {
        return Err(std::io::Error::new(
            ErrorKind::InvalidInput,
            format!("`{shown}` is {}, where rtgen keeps a file of its own{}", describe(&metadata), help(shown)),
        ));
    }
    Ok(file)
}

fn entry(root: &Path, rel: &str) -> Result<Option<fs::Metadata>> {
    match fs::symlink_metadata(root.join(rel)) {
        Ok(metadata) => Ok(Some(metadata)),
        Err(error) if error.kind() == ErrorKind::NotFound => Ok(None),
        Err(error) => Err(io_error(error, &format!("failed to read `{rel}`"))),
    }
}

fn describe(metadata: &fs::Metadata) -> &'static str {
    let file_type = metadata.file_type();
    if file_type.is_symlink() {
        "a symbolic link"
    } else if file_type.is_dir() {
        "a folder"
    } else if file_type.is_file() {
        "a file"
    } else {
        special_kind(&file_type).unwrap_or("a special file")
    }
}

/// `error` after `what`, with the fix the system error calls for.
pub(super) fn io_error(error: std::io::Error, what: &str) -> anyhow::Error {
    match io_help(&error) {
        Some(help) => anyhow::anyhow!("{what}: {error}\n  help: {help}"),
        None => anyhow::anyhow!("{what}: {error}"),
    }
}

/// The fix for an I/O error rtgen cannot work around, when it has one.
pub(super) fn io_help(error: &std::io::Error) -> Option<&'static str> {
    if error.raw_os_error() == Some(libc::EPERM) {
        return Some(
            "the folder refuses changes even to its owner (an immutable flag? `lsattr -d`): lift it with `chattr -i`, or run rtgen as a user who may change it",
        );
    }
    match error.kind() {
        ErrorKind::PermissionDenied => Some(
            "rtgen may not write there: check the folder's owner and permissions (`ls -ld`, and `lsattr -d` for an immutable flag), then run the command again",
        ),
        ErrorKind::StorageFull => Some("free some disk space (or inodes: `df -i`), then run the command again"),
        ErrorKind::QuotaExceeded => Some("your disk quota is used up: free some space, then run the command again"),
        ErrorKind::ReadOnlyFilesystem => Some("the file system is read-only: remount it read-write, or work on a copy"),
        ErrorKind::CrossesDevices => Some("keep the project on one file system (a mount inside it breaks atomic writes)"),
        _ => None,
    }
}
