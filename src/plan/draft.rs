//! The draft every plan is built through: the text of files as the plan has
//! them so far, the conflicts found, and the generated-file rule (create,
//! update, or refuse a hand edit).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::Result;

use crate::js::header::{inspect, HeaderState};
use crate::js::same_code::same_code;
use crate::patch::Outcome;
use crate::plan::workspace::Workspace;
use crate::plan::{ChangeKind, Conflict, ConflictReason, FileChange, Plan};

/// The text of files as the plan has them so far; `add`, `remove`, `check`
/// and `init` all build their plans through it.
pub(crate) struct Draft<'w, 'h> {
    ws: &'w Workspace<'h>,
    files: BTreeMap<PathBuf, FileChange>,
    order: Vec<PathBuf>,
    pub(super) conflicts: Vec<Conflict>,
    /// Warnings for the user, in module order.
    pub(super) notes: Vec<String>,
}

impl<'w, 'h> Draft<'w, 'h> {
    pub(crate) fn new(ws: &'w Workspace<'h>) -> Self {
        Draft { ws, files: BTreeMap::new(), order: Vec::new(), conflicts: Vec::new(), notes: Vec::new() }
    }

    pub(super) fn current(&self, path: &Path) -> Result<Option<String>> {
        match self.files.get(path) {
            Some(change) => Ok(change.after.clone()),
            None => self.ws.host.read(path),
        }
    }

    pub(crate) fn set(&mut self, path: &Path, after: Option<String>, kind: ChangeKind, module: &str) -> Result<()> {
        if let Some(change) = self.files.get_mut(path) {
            change.after = after;
            return Ok(());
        }
        let before = self.ws.host.read(path)?;
        if before == after {
            return Ok(());
        }
        self.order.push(path.to_path_buf());
        self.files.insert(
            path.to_path_buf(),
            FileChange { path: path.to_path_buf(), before, after, kind, module: module.to_string() },
        );
        Ok(())
    }

    /// Whether the plan creates `path` as a new spec (one rtgen derived).
    pub(super) fn is_new_spec(&self, path: &Path) -> bool {
        self.files.get(path).is_some_and(|c| c.before.is_none() && c.kind == ChangeKind::Spec)
    }

    /// Records a patcher's result for `path`.
    pub(crate) fn patched(&mut self, path: &Path, outcome: Outcome, kind: ChangeKind, module: &str) -> Result<()> {
        match outcome {
            Outcome::Changed(text) => self.set(path, Some(text), kind, module),
            Outcome::Unchanged => Ok(()),
        }
    }

    pub(crate) fn finish(mut self) -> Plan {
        let changes = self.order.iter().filter_map(|p| self.files.remove(p)).filter(|c| c.before != c.after).collect();
        Plan { changes, conflicts: self.conflicts, notes: self.notes }
    }
}

/// `f` over `items` on every core, results in order; the first error wins.
pub fn parallel_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> Result<R> + Sync) -> Result<Vec<R>> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(8);
    if threads < 2 || items.len() < 8 {
        return items.iter().map(&f).collect();
    }
    let chunk = items.len().div_ceil(threads);
    let results: Vec<Vec<Result<R>>> = std::thread::scope(|scope| {
        let handles: Vec<_> =
            items.chunks(chunk).map(|part| scope.spawn(|| part.iter().map(&f).collect::<Vec<_>>())).collect();
        handles.into_iter().map(|h| h.join().expect("a planning thread panicked")).collect()
    });
    results.into_iter().flatten().collect()
}

/// Plans one generated file: create it, update it, or record a conflict.
pub(super) fn plan_generated(draft: &mut Draft, path: &Path, desired: String, module: &str, force: bool) -> Result<()> {
    let current = draft.current(path)?;
    let Some(current) = current else {
        return draft.set(path, Some(desired), ChangeKind::Missing, module);
    };
    if current == desired {
        return Ok(());
    }
    let state = inspect(&current);
    // A formatter's reformatting of rtgen's own file is not drift. A file rtgen wrote
    // and nobody touched (its hash holds) is rewritten instead: a template's
    // new comment reaches it.
    if matches!(state, HeaderState::Edited { .. }) && same_code(path, &current, &desired) {
        return Ok(());
    }
    let reason = match state {
        HeaderState::Intact { .. } => None,
        HeaderState::Edited { .. } => Some(ConflictReason::HandEdited),
        HeaderState::NotGenerated => Some(ConflictReason::NotGenerated),
    };
    match reason {
        Some(reason) if !force || reason == ConflictReason::NotGenerated => {
            draft.conflicts.push(Conflict {
                path: path.to_path_buf(),
                module: module.to_string(),
                current,
                desired: Some(desired),
                reason,
            });
            Ok(())
        }
        _ => draft.set(path, Some(desired), ChangeKind::Outdated, module),
    }
}
