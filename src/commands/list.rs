//! `rtgen list`: each module with a spec and its state.

use anyhow::Result;

use crate::error::ExitCode;
use crate::workspace::Workspace;

pub fn run(ws: &Workspace) -> Result<ExitCode> {
    let specs = crate::planner::spec_modules(ws)?;
    if specs.is_empty() {
        println!("no module specs in `{}`", ws.profile.specs);
        return Ok(ExitCode::Success);
    }
    for spec in specs {
        let module = spec.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let state = match super::check(ws, Some(&module)) {
            Ok(report) if report.items.is_empty() => "in sync".to_string(),
            Ok(report) if report.items.iter().all(|i| i.kind == "missing" || i.kind == "patch-missing") => {
                "not generated".to_string()
            }
            Ok(report) => format!("drifted ({} file(s))", report.items.len()),
            Err(error) => format!("error: {}", error.to_string().lines().next().unwrap_or_default()),
        };
        println!("{module}\t{state}");
    }
    Ok(ExitCode::Success)
}
