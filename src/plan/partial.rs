//! A spec the user started by hand, with only `module:` and `names:` (or
//! other settings) and no `events:`: `add` keeps every line of it and
//! appends what derivation finds for the rest (the events, their recipients
//! and payload, with the comments that say where each comes from), so
//! setting `names.service` first does not switch derivation off.

use std::path::Path;

use anyhow::Result;

use crate::plan::workspace::Workspace;
use crate::read::spec::load_spec;

/// Whether `text` is a spec started by hand: a `module:` and no `events:`.
/// A text over the spec limits (size, nesting, aliases) is not: loading
/// refuses it with the limit, before any unbounded parse.
pub(crate) fn lacks_events(text: &str) -> bool {
    if crate::read::limits::check_expansion(text).is_err() {
        return false;
    }
    matches!(serde_yaml::from_str::<serde_yaml::Value>(text),
        Ok(serde_yaml::Value::Mapping(map)) if map.contains_key("module") && !map.contains_key("events"))
}

/// The spec `text` completed with derived events, when it has a `module:`
/// and no `events:` key; `None` for a complete spec (or one that is not a
/// mapping: loading reports that).
pub(super) fn complete(
    ws: &Workspace,
    path: &Path,
    text: &str,
    derive: impl Fn(&Workspace, &crate::read::spec::LoadedSpec) -> Result<String>,
) -> Result<Option<String>> {
    if !lacks_events(text) {
        return Ok(None);
    }
    let Ok(serde_yaml::Value::Mapping(map)) = serde_yaml::from_str::<serde_yaml::Value>(text) else { return Ok(None) };
    let eol = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let mut with_events = text.to_string();
    if !with_events.ends_with('\n') {
        with_events.push_str(eol);
    }
    // Loaded with no events, so the user's names (`names.service`, ...) lead derivation.
    let bare = load_spec(path, &format!("{with_events}events: []{eol}"))?;
    let derived = derive(ws, &bare)?;
    let mut lines = derived.lines();
    let mut added = vec![format!("# Derived by rtgen from the code (the settings above are yours):")];
    // The derived comments that explain the choices, then every key after `module:` the user has not set.
    for line in lines.by_ref() {
        if line.starts_with("module:") {
            break;
        }
        if line.starts_with("# yaml-language-server") || line.starts_with("# Edit it") || line == "#" {
            continue;
        }
        added.push(line.to_string());
    }
    let mut skipping = false;
    for line in lines {
        let key = line.split(':').next().unwrap_or_default();
        if !line.starts_with([' ', '#', '-']) && !line.is_empty() {
            skipping = map.contains_key(key);
        }
        if !skipping {
            added.push(line.to_string());
        }
    }
    Ok(Some(format!("{with_events}{}{eol}", added.join(eol))))
}
