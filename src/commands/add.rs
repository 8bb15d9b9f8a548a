//! `rtgen add`: plan, refuse on conflicts unless forced, then write or show.

use anyhow::Result;

use super::finish::{finish, Mode, Words};
use crate::error::backticked;
use crate::error::ExitStatus;
use crate::plan::workspace::Workspace;
use crate::plan::{plan_add, AddOptions, ConflictReason, Plan};
use crate::report::paint::Paint;

pub fn run(ws: &Workspace, modules: &[String], mode: Mode, force: bool, paint: Paint) -> Result<ExitStatus> {
    let plan = plan_add(ws, modules, AddOptions { force, create_missing_specs: true })?;
    let names = backticked(modules, ", ");
    let words = Words {
        conflicts: Some(&conflicts),
        nothing: format!("{names}: up to date, nothing to change"),
        dry_run_for: format!(" for {names}"),
        written: format!("added real-time updates to {names}:"),
    };
    finish(ws.host.root(), &plan, mode, &words, paint)?;
    for warning in plan.notes.iter().cloned().chain(warnings(ws, modules, &plan)?) {
        eprintln!("warning: {warning}");
    }
    Ok(ExitStatus::Success)
}

/// Direct calls of the base services' emitting methods, for each module (its
/// spec as the plan has it: a derived one is not written in a dry run).
fn warnings(ws: &Workspace, modules: &[String], plan: &Plan) -> Result<Vec<String>> {
    let mut inputs = Vec::new();
    for module in modules {
        let path = crate::plan::spec_path(ws, module);
        let planned = plan.changes.iter().find(|c| c.path == path).and_then(|c| c.after.clone());
        let Some(text) = planned.or(ws.host.read(&path)?) else { continue };
        inputs.push(crate::plan::load_module(ws, &path, &text)?);
    }
    crate::plan::bypass_warnings(ws, &inputs)
}

fn conflicts(plan: &Plan) -> String {
    let mut message = String::new();
    for conflict in &plan.conflicts {
        message.push_str(&format!("{}; rtgen would write:\n{}", conflict.describe(), conflict.diff()));
    }
    let hand_edited = plan.conflicts.iter().any(|c| c.reason == ConflictReason::HandEdited);
    message.push_str(if hand_edited {
        "  help: move your change into the spec or a template override, or rerun with `--force` to overwrite; nothing was written"
    } else {
        "  help: move or rename that file, or give the module other names in its spec; nothing was written"
    });
    message
}
