//! `rtgen list`: each module with a spec and its state.

use anyhow::Result;

use crate::error::ExitStatus;
use crate::plan::workspace::Workspace;
use crate::report::drift::DriftKind;
use crate::report::paint::Paint;

pub fn run(ws: &Workspace, paint: Paint) -> Result<ExitStatus> {
    let specs = crate::plan::spec_modules(ws)?;
    if specs.is_empty() {
        println!("no module specs in `{}`", ws.profile.specs);
        return Ok(ExitStatus::Success);
    }
    let mut failed = false;
    for spec in specs {
        let module = spec.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let state = match super::check(ws, Some(&module)) {
            Ok(report) if report.items.is_empty() => paint.good("in sync"),
            // Its three generated files are all missing: `add` never ran.
            Ok(report)
                if report
                    .items
                    .iter()
                    .filter(|i| i.kind == DriftKind::Missing && !i.path.ends_with(".json"))
                    .count()
                    >= 3 =>
            {
                paint.warning("not generated")
            }
            Ok(report) => {
                let files: std::collections::BTreeSet<&str> = report.items.iter().map(|i| i.path.as_str()).collect();
                paint.warning(&format!("drifted ({} file(s))", files.len()))
            }
            Err(error) => {
                // The state on stdout, with the rest of the list; the error itself on stderr.
                failed = true;
                // The state on stdout, with the rest of the list; the error itself on stderr.
                eprintln!("error: {}", crate::error::describe_error(&error));
                paint.bad("error (see stderr)")
            }
        };
        println!("{module}\t{state}");
    }
    Ok(if failed { ExitStatus::Error } else { ExitStatus::Success })
}
