//! `rtgen remove`: the exact inverse of `add`.

use anyhow::{bail, Result};

use super::print_summary;
use crate::error::ExitCode;
use crate::plan::plan_remove;
use crate::read::workspace::Workspace;

pub fn run(ws: &Workspace, module: &str, purge: bool, force: bool, dry_run: bool) -> Result<ExitCode> {
    let plan = plan_remove(ws, module, purge, force)?;
    if !plan.conflicts.is_empty() {
        let mut message = String::new();
        for conflict in &plan.conflicts {
            message.push_str(&format!("{}\n", conflict.describe()));
        }
        message.push_str("  help: rerun with `--force` to delete hand-edited generated files; nothing was changed");
        bail!(message);
    }
    if plan.changes.is_empty() {
        println!("`{module}` has nothing to remove");
        return Ok(ExitCode::Success);
    }
    if dry_run {
        print!("{}", plan.diff());
        println!("dry run: {} file(s) would change; nothing was written", plan.changes.len());
        return Ok(ExitCode::Success);
    }
    crate::write::apply(ws.host.root(), &plan)?;
    println!("removed real-time updates from `{module}`:");
    print_summary(&plan);
    Ok(ExitCode::Success)
}
