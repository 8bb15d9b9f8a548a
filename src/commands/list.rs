//! `rtgen list`: each module with a spec and its state.
//!
//! One `check` of every module, its findings then sorted by module: a check
//! per module would plan every other module again for the shared files
//! (the contract), which made `list` quadratic in the number of modules.

use anyhow::Result;

use crate::error::ExitStatus;
use crate::plan::workspace::Workspace;
use crate::report::drift::{DriftItem, DriftKind};
use crate::report::paint::Paint;

pub fn run(ws: &Workspace, paint: Paint) -> Result<ExitStatus> {
    let specs = crate::plan::spec_modules(ws)?;
    if specs.is_empty() {
        println!("no module specs in `{}`", ws.profile.specs);
        return Ok(ExitStatus::Success);
    }
    // One spec that cannot be planned fails the check of all: then each
    // module is checked on its own, so the others still get their state.
    let all = super::check(ws, None).ok();
    let names: Vec<Option<String>> = specs.iter().map(|spec| camel_name(ws, spec)).collect();
    // Files all modules share (the spec schema, the contract) drift because
    // of the modules that drift themselves; with none, they concern all.
    let (shared, own): (Vec<&DriftItem>, Vec<&DriftItem>) =
        all.iter().flat_map(|report| &report.items).partition(|item| is_shared(item));
    let drifting = |camel: &str| own.iter().any(|item| names_module(item, camel));
    let anyone_drifts = names.iter().flatten().any(|camel| drifting(camel));
    let mut failed = false;
    for (spec, camel) in specs.iter().zip(&names) {
        let module = spec.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let report: Result<Vec<DriftItem>> = match (&all, camel) {
            (Some(_), Some(camel)) => {
                let with_shared = !anyone_drifts || drifting(camel);
                Ok(own
                    .iter()
                    .filter(|item| names_module(item, camel))
                    .chain(shared.iter().filter(|_| with_shared))
                    .map(|item| (*item).clone())
                    .collect())
            }
            _ => super::check(ws, Some(&module)).map(|report| report.items),
        };
        let state = match report {
            Ok(items) if items.is_empty() => paint.good("in sync"),
            // Its three generated files are all missing: `add` never ran.
            Ok(items)
                if items.iter().filter(|i| i.kind == DriftKind::Missing && !i.path.ends_with(".json")).count() >= 3 =>
            {
                paint.warning("not generated")
            }
            Ok(items) => {
                let files: std::collections::BTreeSet<&str> = items.iter().map(|i| i.path.as_str()).collect();
                paint.warning(&format!("drifted ({} file(s))", files.len()))
            }
            Err(error) => {
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

/// The module's name as the plan labels its changes.
fn camel_name(ws: &Workspace, spec: &std::path::Path) -> Option<String> {
    let text = ws.host.read(spec).ok()??;
    let loaded = crate::read::spec::load_spec(spec, &text).ok()?;
    Some(crate::read::names::ModuleNames::with_patterns(&loaded.spec, &ws.profile.names).camel)
}

/// A file generated from every module: the spec schema (labelled with the
/// first module), the contract (with all, or none); an edit several modules
/// miss in one file is each one's own.
fn is_shared(item: &DriftItem) -> bool {
    item.module.is_empty()
        || item.path.ends_with(crate::read::spec::SCHEMA_FILE_NAME)
        || (item.kind != DriftKind::PatchMissing && item.module.contains(' '))
}

fn names_module(item: &DriftItem, camel: &str) -> bool {
    item.module.split(' ').any(|m| m == camel)
}
