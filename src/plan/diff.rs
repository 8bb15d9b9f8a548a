//! Unified diffs of planned changes, for `--dry-run`, conflicts and `check`.

use std::path::Path;

use similar::TextDiff;

/// A unified diff of `path` from `before` to `after` (`None`: absent).
pub fn unified_diff(path: &Path, before: Option<&str>, after: Option<&str>) -> String {
    let name = path.to_string_lossy().replace('\\', "/");
    let old_header = if before.is_some() { format!("a/{name}") } else { "/dev/null".into() };
    let new_header = if after.is_some() { format!("b/{name}") } else { "/dev/null".into() };
    let (before, after) = (before.unwrap_or(""), after.unwrap_or(""));
    let text = TextDiff::from_lines(before, after)
        .unified_diff()
        .context_radius(3)
        .missing_newline_hint(true)
        .header(&old_header, &new_header)
        .to_string();
    // Keep CRLF visible as text, never as a stray carriage return on screen.
    text.replace("\r\n", "\n")
}
