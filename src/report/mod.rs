//! What the user sees of a plan: the unified diff (`diff`), the drift report
//! `check` prints (`drift`), and the one-line-a-file summaries.

pub mod diff;
pub mod drift;
