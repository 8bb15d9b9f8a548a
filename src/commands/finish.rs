//! The one finish step `add`, `remove` and `init` share: a built plan is
//! refused on conflicts, then shown (`--dry-run`) or written, then summed up.

use anyhow::{bail, Result};

use crate::plan::Plan;
use crate::report::paint::Paint;
use crate::report::summary;

/// What happens to a plan once it is built.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Apply it, all or nothing.
    Write,
    /// Print it as a unified diff; write nothing.
    DryRun,
}

impl Mode {
    pub fn new(dry_run: bool) -> Mode {
        if dry_run {
            Mode::DryRun
        } else {
            Mode::Write
        }
    }
}

/// What a command says at each end of the finish step.
pub struct Words<'a> {
    /// The error for a plan with conflicts; `None` when the command has none.
    pub conflicts: Option<&'a dyn Fn(&Plan) -> String>,
    /// Printed when the plan changes nothing.
    pub nothing: String,
    /// Names what a dry run would change for, after "would change".
    pub dry_run_for: String,
    /// The line above the summary of what was written.
    pub written: String,
}

/// How the finish step ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Finished {
    Nothing,
    Shown,
    Written,
}

/// Refuses, shows or writes `plan` under `root`, and says so.
pub fn finish(root: &std::path::Path, plan: &Plan, mode: Mode, words: &Words, paint: Paint) -> Result<Finished> {
    if let Some(conflicts) = words.conflicts {
        if !plan.conflicts.is_empty() {
            bail!(conflicts(plan));
        }
    }
    if plan.changes.is_empty() {
        println!("{}", words.nothing);
        return Ok(Finished::Nothing);
    }
    match mode {
        Mode::DryRun => {
            print!("{}", paint.diff(&plan.diff()));
            println!("dry run: {} file(s) would change{}; nothing was written", plan.changes.len(), words.dry_run_for);
            Ok(Finished::Shown)
        }
        Mode::Write => {
            crate::write::apply(root, plan)?;
            println!("{}", words.written);
            print!("{}", summary(plan, paint));
            Ok(Finished::Written)
        }
    }
}
