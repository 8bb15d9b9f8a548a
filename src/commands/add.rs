//! `rtgen add`: plan, refuse on conflicts unless forced, then write or show.

use anyhow::{bail, Result};

use super::print_summary;
use crate::error::ExitCode;
use crate::plan::{plan_add, AddOptions};
use crate::read::workspace::Workspace;

pub fn run(ws: &Workspace, modules: &[String], dry_run: bool, force: bool) -> Result<ExitCode> {
    let plan = plan_add(ws, modules, AddOptions { force, create_missing_specs: true })?;
    if !plan.conflicts.is_empty() {
        let mut message = String::new();
        for conflict in &plan.conflicts {
            message.push_str(&format!("{}; rtgen would write:\n{}", conflict.describe(), conflict.diff()));
        }
        let hand_edited = plan.conflicts.iter().any(|c| c.reason == crate::plan::ConflictReason::HandEdited);
        message.push_str(if hand_edited {
            "  help: move your change into the spec or a template override, or rerun with `--force` to overwrite; nothing was written"
        } else {
            "  help: move or rename that file, or give the module other names in its spec; nothing was written"
        });
        bail!(message);
    }
    let names = modules.iter().map(|m| format!("`{m}`")).collect::<Vec<_>>().join(", ");
    if plan.changes.is_empty() {
        println!("{names}: up to date, nothing to change");
        return Ok(ExitCode::Success);
    }
    if dry_run {
        print!("{}", plan.diff());
        println!("dry run: {} file(s) would change for {names}; nothing was written", plan.changes.len());
        return Ok(ExitCode::Success);
    }
    crate::write::apply(ws.host.root(), &plan)?;
    println!("added real-time updates to {names}:");
    print_summary(&plan);
    Ok(ExitCode::Success)
}
