//! Patchers for the host files rtgen edits in place: `add`'s controller,
//! server start-up, AuthContext (or, for a socket created in a provider, a
//! hook, a store or a function, that file: `socket_owner`) and page, and
//! `init`'s server entry (`entry`), AuthContext socket lifecycle
//! (`lifecycle`) and Redis adapter (`adapter`). Each is a pure function from a file's text
//! to [`Outcome`], anchored on the syntax tree and applied as splices on the
//! original bytes, so everything outside the inserted code stays as it was.
//!
//! What every patcher shares: `error` (the error that says what to paste by
//! hand), `file` (the file being patched and the text-edit rules: where a new
//! line goes next to an anchor, what removing it deletes, so `remove` is the
//! exact inverse of `add`, and the re-parse of every result) and `imports`
//! (a new import line); shapes on the syntax tree are in `js::ast`.

pub mod adapter;
pub mod attach;
pub mod auth_context;
pub mod controller;
pub mod entry;
pub mod lifecycle;
pub mod page;
mod page_list;
pub mod socket_credential;
pub mod socket_owner;
// What older versions wrote at start-up (a line per module): now only removed.
#[allow(dead_code)]
pub mod startup;
#[allow(dead_code)]
pub mod wiring;

mod commonjs;
mod error;
mod file;
mod imports;

pub(crate) use crate::js::ast::*;
pub use error::PatchError;
pub(crate) use file::{parse_host, SourceFile};
pub(crate) use imports::insert_import;

/// What a patcher made of a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The file already is in the wanted state.
    Unchanged,
    /// The file's new text.
    Changed(String),
}

/// Helpers for the patchers' tests.
#[cfg(test)]
pub(crate) mod test_support {
    use std::path::Path;

    use super::*;
    use crate::js::parse;

    /// Checks the properties every patch must have on `source`: the result
    /// parses, a second `add` is `Unchanged`, and `remove` gives back the
    /// original bytes. Returns the patched text.
    pub fn roundtrip(
        source: &str,
        add: impl Fn(&str) -> Result<Outcome, PatchError>,
        remove: impl Fn(&str) -> Result<Outcome, PatchError>,
    ) -> String {
        let patched = match add(source).unwrap_or_else(|e| panic!("add failed:\n{e}")) {
            Outcome::Changed(text) => text,
            Outcome::Unchanged => panic!("add left the file unchanged"),
        };
        parse::check(Path::new("patched.jsx"), &patched)
            .unwrap_or_else(|e| panic!("patched text does not parse: {e}\n{patched}"));
        assert_eq!(add(&patched).unwrap(), Outcome::Unchanged, "add twice != add once");
        match remove(&patched).unwrap_or_else(|e| panic!("remove failed:\n{e}")) {
            Outcome::Changed(text) => {
                assert_eq!(text, source, "remove(add(x)) != x");
            }
            Outcome::Unchanged => panic!("remove left the patched file unchanged"),
        }
        patched
    }

    /// A unified diff of `before` -> `after`, for snapshots.
    /// Carriage returns are shown as `\\r` so CRLF survives the snapshot file.
    pub fn diff(before: &str, after: &str) -> String {
        let before = before.replace('\r', "\\r");
        let after = after.replace('\r', "\\r");
        similar::TextDiff::from_lines(&before, &after)
            .unified_diff()
            .context_radius(2)
            .header("original", "patched")
            .to_string()
    }
}
