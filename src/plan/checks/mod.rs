//! Self-checks: what rtgen is about to generate, held against what it read
//! of the host, before anything is written. Each check is one file with its
//! own tests, run in the order of [`CHECKS`] by `add` and `check`; every
//! problem of every check is reported in one run, each naming what was found
//! and how to proceed. A check that fails refuses the plan: rtgen never
//! writes code it cannot prove reaches the right people.

mod event_names;
mod ids;
mod pre_reads;
mod spec_columns;

use anyhow::Result;

use crate::error::{Errors, LocatedError};
use crate::plan::load::ModuleInput;
use crate::plan::workspace::Workspace;

/// One self-check: its name (in messages) and what it finds wrong with a module.
pub(crate) struct Check {
    pub name: &'static str,
    pub find: fn(&Workspace, &ModuleInput) -> Result<Vec<LocatedError>>,
}

/// Every check, in the order they run.
pub(crate) const CHECKS: &[Check] = &[pre_reads::CHECK, ids::CHECK, spec_columns::CHECK, event_names::CHECK];

/// Runs every check on every module; all problems at once.
pub(crate) fn run(ws: &Workspace, inputs: &[ModuleInput]) -> Result<()> {
    let mut errors = Vec::new();
    for input in inputs {
        for check in CHECKS {
            errors.extend((check.find)(ws, input)?.into_iter().map(|mut e| {
                e.message.push_str(&format!(" (self-check `{}`)", check.name));
                e
            }));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Errors(errors).into())
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn checks_have_distinct_names() {
        let names: std::collections::BTreeSet<&str> = super::CHECKS.iter().map(|c| c.name).collect();
        assert_eq!(names.len(), super::CHECKS.len());
    }
}
