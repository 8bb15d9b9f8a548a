//! Paths as JavaScript and messages write them.

use std::path::{Component, Path};

/// A relative path with forward slashes, for messages and headers.
pub fn slash(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// The import specifier that `from` (a file) uses for `to` (a file):
/// `./x.js`, `../socket/events/x.js`; without the extension when
/// `keep_extension` is false (bundler-resolved frontends).
pub fn specifier(from: &Path, to: &Path, keep_extension: bool) -> String {
    let from_dir: Vec<Component> = from.parent().map(|p| p.components().collect()).unwrap_or_default();
    let to_parts: Vec<Component> = to.components().collect();
    let common = from_dir.iter().zip(to_parts.iter()).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = Vec::new();
    for _ in common..from_dir.len() {
        parts.push("..".into());
    }
    for part in &to_parts[common..] {
        parts.push(part.as_os_str().to_string_lossy().into_owned());
    }
    let mut text = parts.join("/");
    if !text.starts_with("..") {
        text = format!("./{text}");
    }
    if !keep_extension {
        for ext in [".js", ".jsx", ".mjs", ".ts", ".tsx", ".mts"] {
            if let Some(stripped) = text.strip_suffix(ext) {
                text = stripped.to_string();
                break;
            }
        }
    } else {
        // A TypeScript module is imported as the JavaScript it compiles to.
        for (ts, js) in [(".ts", ".js"), (".tsx", ".js"), (".mts", ".mjs"), (".cts", ".cjs")] {
            if let Some(stripped) = text.strip_suffix(ts) {
                text = format!("{stripped}{js}");
                break;
            }
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specifiers() {
        let s = |a: &str, b: &str, e| specifier(Path::new(a), Path::new(b), e);
        assert_eq!(s("b/src/services/p.js", "b/src/services/q.js", true), "./q.js");
        assert_eq!(s("b/src/services/p.js", "b/src/socket/events/e.js", true), "../socket/events/e.js");
        assert_eq!(s("b/src/index.js", "b/src/socket/events/e.js", true), "./socket/events/e.js");
        assert_eq!(s("f/src/admin/contexts/A.jsx", "f/src/admin/services/s.js", false), "../services/s");
        assert_eq!(s("b/src/index.ts", "b/src/socket/events/e.ts", true), "./socket/events/e.js");
        assert_eq!(s("f/src/admin/pages/P.tsx", "f/src/admin/services/s.ts", false), "../services/s");
    }
}
