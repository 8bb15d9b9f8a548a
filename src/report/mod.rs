//! What the user sees of a plan: the unified diff (`diff`), the drift report
//! `check` prints (`drift`), and the one-line-a-file summaries.

pub mod diff;
pub mod drift;

use crate::plan::Plan;

/// What a plan changes, one line a file.
pub fn summary(plan: &Plan) -> String {
    let mut out = String::new();
    for change in &plan.changes {
        let verb = match (&change.before, &change.after) {
            (None, Some(_)) => "create",
            (Some(_), None) => "delete",
            _ => "update",
        };
        out.push_str(&format!("  {verb} {}\n", change.path.display()));
    }
    out
}
