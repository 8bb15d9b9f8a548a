//! The one reader of the host tree. Everything rtgen decides is computed from
//! what this returns; nothing else touches the disk before the writer.

use std::collections::BTreeMap;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use anyhow::{Context, Result};

/// Where a host keeps its template overrides, relative to its root.
pub const OVERRIDES_DIR: &str = ".rtgen/templates";

/// Read access to a host project, by paths relative to its root. Each file is
/// read at most once per run; planning threads share the cache.
pub struct Host {
    root: PathBuf,
    cache: Mutex<BTreeMap<PathBuf, Option<String>>>,
}

impl Host {
    pub fn new(root: &Path) -> Host {
        Host { root: root.to_path_buf(), cache: Mutex::new(BTreeMap::new()) }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The text of `rel`, or `None` when it does not exist.
    pub fn read(&self, rel: &Path) -> Result<Option<String>> {
        if let Some(text) = self.cache.lock().expect("cache lock").get(rel) {
            return Ok(text.clone());
        }
        let full = crate::read::confine::confined(&self.root, rel)?;
        let text = match crate::read::confine::read_regular(&full, &rel.display().to_string()) {
            Ok(Some(bytes)) => Some(String::from_utf8(bytes).map_err(|error| not_utf8(rel, &error))?),
            Ok(None) => None,
            Err(error) => return Err(self.read_error(rel, error)),
        };
        self.cache.lock().expect("cache lock").insert(rel.to_path_buf(), text.clone());
        Ok(text)
    }

    /// Whether every file read so far still holds what was read (a run that
    /// only reads checks this to be sure no apply changed the tree under it).
    pub fn unchanged(&self) -> bool {
        let cache = self.cache.lock().expect("cache lock").clone();
        cache.iter().all(|(rel, text)| {
            let now = crate::read::confine::read_regular(&self.root.join(rel), &rel.display().to_string());
            match now {
                Ok(bytes) => bytes.as_deref() == text.as_deref().map(str::as_bytes),
                Err(_) => false,
            }
        })
    }

    /// Why `rel` could not be read, naming it and the fix.
    fn read_error(&self, rel: &Path, error: std::io::Error) -> anyhow::Error {
        let shown = rel.display();
        match error.kind() {
            // A named pipe, socket or device: the message is whole.
            ErrorKind::InvalidInput => anyhow::anyhow!("{error}"),
            ErrorKind::IsADirectory => anyhow::anyhow!(
                "`{shown}` is a folder, where rtgen expects a file\n  help: move the folder away, or point rtgen at the real file (its spec's `names`, or `rtgen.yaml`)"
            ),
            ErrorKind::NotADirectory => {
                let file = rel.ancestors().skip(1).find(|a| self.root.join(a).is_file()).unwrap_or(rel);
                anyhow::anyhow!(
                    "`{}` is a file, where rtgen expects a folder (it looked for `{shown}`)\n  help: move the file away, or set the folder in `rtgen.yaml`",
                    file.display()
                )
            }
            ErrorKind::PermissionDenied => anyhow::anyhow!(
                "`{shown}` cannot be read: permission denied\n  help: give the user running rtgen read access to it (`ls -l {shown}` shows who has it)"
            ),
            _ => anyhow::Error::new(error).context(format!("failed to read `{shown}`")),
        }
    }

    /// Like `read`, but a missing file is an error saying what it was for.
    pub fn require(&self, rel: &Path, what: &str, help: &str) -> Result<String> {
        self.read(rel)?.ok_or_else(|| {
            anyhow::anyhow!("`{}` not found: rtgen looked there for {what}\n  help: {help}", rel.display())
        })
    }

    /// Files directly in `rel_dir` whose name ends with `suffix`, sorted.
    pub fn list(&self, rel_dir: &Path, suffix: &str) -> Result<Vec<PathBuf>> {
        let full = crate::read::confine::confined(&self.root, rel_dir)?;
        if !full.is_dir() {
            return Ok(Vec::new());
        }
        let listing = || format!("failed to list `{}`", full.display());
        let mut entries = std::fs::read_dir(&full)
            .with_context(listing)?
            .collect::<std::io::Result<Vec<_>>>()
            .with_context(listing)?;
        entries.sort_by_key(|entry| entry.file_name());
        let mut found = Vec::new();
        for entry in entries {
            let name = entry.file_name();
            let file_type = entry.file_type().with_context(listing)?;
            if let Some(kind) = crate::read::confine::special_kind(&file_type) {
                if name.to_string_lossy().ends_with(suffix) {
                    anyhow::bail!(
                        "{}",
                        crate::read::confine::not_regular(&rel_dir.join(&name).display().to_string(), kind)
                    );
                }
            }
            let is_file = file_type.is_file();
            if is_file && name.to_string_lossy().ends_with(suffix) {
                found.push(rel_dir.join(&name));
            }
        }
        Ok(found)
    }

    /// Files under `rel_dir` (relative paths, sorted), at most `max_depth`
    /// folders down and `limit` files in all; dependency, build and hidden
    /// folders are skipped.
    pub fn walk(&self, rel_dir: &Path, max_depth: usize, limit: usize) -> Result<Vec<PathBuf>> {
        const SKIPPED: &[&str] = &["node_modules", "dist", "build", "coverage", "vendor", "public"];
        let full = crate::read::confine::confined(&self.root, rel_dir)?;
        if !full.is_dir() {
            return Ok(Vec::new());
        }
        let mut found = Vec::new();
        let walker = walkdir::WalkDir::new(&full).max_depth(max_depth).sort_by_file_name().into_iter();
        let entries = walker.filter_entry(|entry| {
            let name = entry.file_name().to_string_lossy();
            entry.depth() == 0
                || !(name.starts_with('.') || (entry.file_type().is_dir() && SKIPPED.contains(&name.as_ref())))
        });
        for entry in entries {
            let entry = entry.with_context(|| format!("failed to list `{}`", full.display()))?;
            if entry.file_type().is_file() {
                if let Ok(rel) = entry.path().strip_prefix(&self.root) {
                    found.push(rel.to_path_buf());
                }
                if found.len() >= limit {
                    break;
                }
            }
        }
        Ok(found)
    }

    /// Template overrides under `.rtgen/templates/`, as (name, text).
    pub fn template_overrides(&self) -> Result<Vec<(String, String)>> {
        let dir = crate::read::confine::confined(&self.root, Path::new(OVERRIDES_DIR))?;
        let mut found = Vec::new();
        if !dir.is_dir() {
            return Ok(found);
        }
        for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
            let entry = entry.with_context(|| format!("failed to list `{}`", dir.display()))?;
            if let Some(kind) = crate::read::confine::special_kind(&entry.file_type()) {
                let shown = entry.path().strip_prefix(&self.root).unwrap_or(entry.path()).display().to_string();
                anyhow::bail!("{}", crate::read::confine::not_regular(&shown, kind));
            }
            if entry.file_type().is_file() {
                let name = entry.path().strip_prefix(&dir).expect("below dir").to_string_lossy().replace('\\', "/");
                let rel = entry.path().strip_prefix(&self.root).unwrap_or(entry.path());
                let text = match crate::read::confine::read_regular(entry.path(), &rel.display().to_string()) {
                    Ok(bytes) => String::from_utf8(bytes.unwrap_or_default()).map_err(|error| not_utf8(rel, &error))?,
                    Err(error) => return Err(self.read_error(rel, error)),
                };
                found.push((name, text));
            }
        }
        Ok(found)
    }
}

/// A file that is not UTF-8, at the line and column of its first bad byte.
fn not_utf8(rel: &Path, error: &std::string::FromUtf8Error) -> anyhow::Error {
    let bytes = error.as_bytes();
    let valid = &bytes[..error.utf8_error().valid_up_to()];
    let line = valid.iter().filter(|b| **b == b'\n').count() + 1;
    let line_start = valid.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&valid[line_start..]).chars().count() + 1;
    let byte = bytes[valid.len()];
    anyhow::anyhow!(
        "`{}:{line}:{column}`: the file is not UTF-8 text (byte 0x{byte:02x})\n  help: save it as UTF-8 (most editors offer the encoding when saving)",
        rel.display()
    )
}

/// A host in a temp folder holding `files` (path, text), for readers' tests.
#[cfg(test)]
pub(crate) fn temp_host(files: &[(&str, &str)]) -> (tempfile::TempDir, Host) {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let full = dir.path().join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, text).unwrap();
    }
    let host = Host::new(dir.path());
    (dir, host)
}
