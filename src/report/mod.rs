//! What the user sees of a plan: the unified diff (`diff`), the drift report
//! `check` prints (`drift`), the one-line-a-file summaries, and their
//! colour on a terminal (`paint`).

pub mod drift;
pub mod error_fields;
pub mod paint;

use crate::plan::Plan;
use paint::Paint;

/// What a plan changes, one line a file.
pub fn summary(plan: &Plan, paint: Paint) -> String {
    let mut out = String::new();
    for change in &plan.changes {
        let verb = match (&change.before, &change.after) {
            (None, Some(_)) => paint.good("create"),
            (Some(_), None) => paint.bad("delete"),
            _ => paint.warning("update"),
        };
        out.push_str(&format!("  {verb} {}\n", change.path.display()));
    }
    out
}

/// How `check` reports drift.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Human-readable, with unified diffs.
    Text,
    /// One stable JSON document.
    Json,
    /// GitHub Actions `::error` annotations.
    Github,
}
