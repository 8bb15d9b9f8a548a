//! `rtgen remove`: the exact inverse of `add`.

use anyhow::Result;

use super::finish::{finish, Mode, Words};
use crate::error::ExitStatus;
use crate::plan::workspace::Workspace;
use crate::plan::{plan_remove, Plan};
use crate::report::paint::Paint;

pub fn run(ws: &Workspace, module: &str, purge: bool, force: bool, mode: Mode, paint: Paint) -> Result<ExitStatus> {
    let plan = plan_remove(ws, module, purge, force)?;
    let words = Words {
        conflicts: Some(&conflicts),
        nothing: format!("`{module}` has nothing to remove"),
        dry_run_for: String::new(),
        written: format!("removed real-time updates from `{module}`:"),
    };
    let finished = finish(ws.host.root(), &plan, mode, &words, paint)?;
    let spec = crate::plan::spec_path(ws, module);
    if !purge && finished == super::finish::Finished::Written && ws.host.read(&spec)?.is_some() {
        println!(
            "note: `{}` stays, so `rtgen check` reports `{module}` as not generated: delete it with `rtgen remove {module} --purge`, or run `rtgen add {module}` to bring the module back",
            crate::js::paths::slash(&spec)
        );
    }
    Ok(ExitStatus::Success)
}

fn conflicts(plan: &Plan) -> String {
    let mut message = String::new();
    for conflict in &plan.conflicts {
        message.push_str(&format!("{}\n", conflict.describe()));
    }
    message.push_str("  help: rerun with `--force` to delete hand-edited generated files; nothing was changed");
    message
}
