//! The project root is a boundary: rtgen reads, writes, creates and deletes
//! only below it. Paths from `rtgen.yaml` are checked as written (relative,
//! never climbing out with `..`), and every path is checked again on disk,
//! where a symbolic link on the way may lead elsewhere: a link that resolves
//! inside the root is followed, one that leaves it is refused, naming the
//! link and its target.

use std::io::ErrorKind;
use std::path::{Component, Path, PathBuf};

use anyhow::{bail, Context, Result};

/// Refuses a path from the profile (`key` names it, as written in
/// `rtgen.yaml`) that is absolute, climbs out of the root, or holds
/// characters that cannot be written into a JavaScript string or comment.
pub fn check_relative(key: &str, value: &str) -> Result<()> {
    let path = Path::new(value);
    let help = "\n  help: give a path relative to the project root (where `rtgen.yaml` is), inside it, such as `backend` or `src/services`";
    if path.is_absolute() || value.starts_with('~') {
        bail!(
            "`rtgen.yaml`: `{key}: {value}` is an absolute path; rtgen reads and writes only inside the project{help}"
        );
    }
    if let Some(bad) =
        value.chars().find(|c| c.is_control() || matches!(c, '"' | '\'' | '`' | '\\' | '\u{2028}' | '\u{2029}'))
    {
        bail!("`rtgen.yaml`: `{key}` holds the character {bad:?}, which rtgen will not write into an import or a comment{help}");
    }
    // Version control and dependencies are not the project's own files: an
    // install or a checkout replaces them.
    if let Some(kept) = path.components().find_map(|c| match c {
        Component::Normal(name) if name == ".git" || name == "node_modules" => {
            Some(name.to_string_lossy().into_owned())
        }
        _ => None,
    }) {
        bail!(
            "`rtgen.yaml`: `{key}: {value}` is inside `{kept}`, which {} and rtgen never writes{help}",
            if kept == ".git" { "belongs to git" } else { "npm replaces on every install" }
        );
    }
    let mut depth: usize = 0;
    for component in path.components() {
        match component {
            Component::ParentDir if depth == 0 => {
                bail!("`rtgen.yaml`: `{key}: {value}` leads out of the project root; rtgen reads and writes only inside the project{help}");
            }
            Component::ParentDir => depth -= 1,
            Component::Normal(_) => depth += 1,
            _ => {}
        }
    }
    Ok(())
}

/// Where `rel` is under `root`, refused when it is absolute, climbs out with
/// `..`, or passes a symbolic link (the file itself or a folder on the way)
/// that resolves outside the root. Parts that do not exist yet are fine: the
/// writer creates them below the last one that does.
pub fn confined(root: &Path, rel: &Path) -> Result<PathBuf> {
    if rel.is_absolute() || rel.components().any(|c| matches!(c, Component::ParentDir | Component::Prefix(_))) {
        bail!(
            "`{}` is not a path inside the project; rtgen reads and writes only inside the project root",
            rel.display()
        );
    }
    let full = root.join(rel);
    // Most paths pass no link at all: one `lstat` per part tells.
    let mut current = root.to_path_buf();
    let mut canonical_root: Option<PathBuf> = None;
    for component in rel.components() {
        current.push(component);
        let metadata = match std::fs::symlink_metadata(&current) {
            Ok(metadata) => metadata,
            Err(error) if matches!(error.kind(), ErrorKind::NotFound | ErrorKind::NotADirectory) => break,
            Err(error) => return Err(error).with_context(|| format!("failed to read `{}`", shown(root, &current))),
        };
        if !metadata.file_type().is_symlink() {
            continue;
        }
        let target = std::fs::read_link(&current).unwrap_or_default();
        let root_real = match &canonical_root {
            Some(real) => real.clone(),
            None => {
                let real = std::fs::canonicalize(root)
                    .with_context(|| format!("failed to resolve the project root `{}`", root.display()))?;
                canonical_root = Some(real.clone());
                real
            }
        };
        let resolved = match std::fs::canonicalize(&current) {
            Ok(resolved) => resolved,
            Err(error) if error.raw_os_error() == Some(libc::ELOOP) => bail!(
                "`{}` is a symbolic link in a loop (`{}` -> `{}`)\n  help: point the link at a real file or folder, or replace it with one",
                shown(root, &current),
                shown(root, &current),
                target.display()
            ),
            Err(error) if error.kind() == ErrorKind::NotFound => {
                // A dangling link: where it points decides, as if it existed.
                let parent = current.parent().and_then(|p| std::fs::canonicalize(p).ok()).unwrap_or_default();
                if !normalized(&parent.join(&target)).starts_with(&root_real) {
                    bail!(outside(root, &current, &target));
                }
                bail!(
                    "`{}` is a symbolic link to `{}`, which does not exist\n  help: point the link at the real file or folder, or delete it",
                    shown(root, &current),
                    target.display()
                );
            }
            Err(error) => return Err(error).with_context(|| format!("failed to follow `{}`", shown(root, &current))),
        };
        if !resolved.starts_with(&root_real) {
            bail!(outside(root, &current, &target));
        }
    }
    Ok(full)
}

fn outside(root: &Path, link: &Path, target: &Path) -> String {
    format!(
        "`{}` is a symbolic link to `{}`, outside the project root: rtgen reads and writes only inside the project\n  help: replace the link with the file or folder itself, or point it inside the project",
        shown(root, link),
        target.display()
    )
}

/// `path` with `.` and `..` taken away, without touching the disk.
fn normalized(path: &Path) -> PathBuf {
    let mut normal = PathBuf::new();
    for component in path.components() {
        match component {
            Component::ParentDir => {
                normal.pop();
            }
            Component::CurDir => {}
            other => normal.push(other),
        }
    }
    normal
}

/// `path` relative to `root` for messages.
fn shown(root: &Path, path: &Path) -> String {
    path.strip_prefix(root).unwrap_or(path).display().to_string()
}

/// What a file that is not a regular file is, for messages (`None`: a
/// regular file or a folder).
pub fn special_kind(file_type: &std::fs::FileType) -> Option<&'static str> {
    use std::os::unix::fs::FileTypeExt;
    if file_type.is_fifo() {
        Some("a named pipe (FIFO)")
    } else if file_type.is_socket() {
        Some("a socket")
    } else if file_type.is_char_device() || file_type.is_block_device() {
        Some("a device")
    } else {
        None
    }
}

/// The refusal of `shown`, which is `kind` ([`special_kind`]) where rtgen
/// expects a file. Its kind is `InvalidInput`, its text the whole message.
pub fn not_regular(shown: &str, kind: &str) -> std::io::Error {
    std::io::Error::new(
        ErrorKind::InvalidInput,
        format!(
            "`{shown}` is {kind}, not a regular file: rtgen reads and writes only regular files\n  help: replace it with the file itself, or remove it"
        ),
    )
}

/// The bytes of the regular file at `full` (links followed), `None` when it
/// does not exist. A named pipe, socket or device is refused (see
/// [`not_regular`]) without ever waiting on it: it is opened non-blocking
/// and its type is checked on the open descriptor.
pub fn read_regular(full: &Path, shown: &str) -> std::io::Result<Option<Vec<u8>>> {
    use std::io::Read;
    use std::os::unix::fs::OpenOptionsExt;
    let opened = std::fs::OpenOptions::new().read(true).custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY).open(full);
    let mut file = match opened {
        Ok(file) => file,
        Err(error) if error.kind() == ErrorKind::NotFound => return Ok(None),
        Err(error) => return Err(error),
    };
    let metadata = file.metadata()?;
    if metadata.is_dir() {
        return Err(std::io::Error::from_raw_os_error(libc::EISDIR));
    }
    if let Some(kind) = special_kind(&metadata.file_type()) {
        return Err(not_regular(shown, kind));
    }
    let mut bytes = Vec::with_capacity(metadata.len() as usize);
    file.read_to_end(&mut bytes)?;
    Ok(Some(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    #[test]
    fn profile_paths_stay_inside() {
        assert!(check_relative("backend.root", "backend").is_ok());
        assert!(check_relative("specs", "specs/../realtime").is_ok());
        for bad in ["../../etc", "/etc", "a/../../b", "~/x", "a\"b", "a\nb", ".git/rt", "front/node_modules/x"] {
            assert!(check_relative("k", bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn links_out_of_the_root_are_refused_with_their_target() {
        let outside_dir = tempfile::tempdir().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("front/src")).unwrap();
        std::fs::write(root.join("inside.js"), "").unwrap();
        symlink(outside_dir.path(), root.join("front/src/pages")).unwrap();
        symlink(root.join("inside.js"), root.join("ok.js")).unwrap();
        symlink("/nowhere/at/all", root.join("dangling.js")).unwrap();
        symlink("missing.js", root.join("dangling_inside.js")).unwrap();
        let error = confined(root, Path::new("front/src/pages/P.jsx")).unwrap_err().to_string();
        assert!(error.contains("`front/src/pages` is a symbolic link to"), "{error}");
        assert!(error.contains(&outside_dir.path().display().to_string()), "{error}");
        assert!(confined(root, Path::new("ok.js")).is_ok());
        assert!(confined(root, Path::new("new/folder/x.js")).is_ok());
        assert!(confined(root, Path::new("dangling.js")).unwrap_err().to_string().contains("outside the project root"));
        assert!(confined(root, Path::new("dangling_inside.js")).unwrap_err().to_string().contains("does not exist"));
        assert!(confined(root, Path::new("../x")).is_err());
    }
}
