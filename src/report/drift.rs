//! The drift report `rtgen check` prints: the same plan as `add` for every
//! module with a spec, each difference reported as drift with the diff and
//! the command that fixes it. Generated files whose spec is gone, and their
//! patches, are orphans. Writes nothing.

use std::path::{Path, PathBuf};

use anyhow::Result;
use serde::Serialize;

use crate::js::header;
use crate::js::paths::slash;
use crate::plan::workspace::Workspace;
use crate::plan::{load_module, parallel_map, plan_remove, plan_sync, spec_modules, spec_path};
use crate::plan::{ChangeKind, ConflictReason};
use crate::report::paint::Paint;
use crate::report::Format;

/// What kind of difference a drift item is; its name is what `check` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DriftKind {
    /// A generated file does not exist.
    Missing,
    /// A generated file differs from what the spec and templates produce now.
    Outdated,
    /// A generated file was edited by hand (or rtgen did not write it).
    Edited,
    /// One of rtgen's edits is missing from a host file.
    PatchMissing,
    /// A generated file, or a patch, of a module whose spec is gone.
    Orphan,
    /// An earlier run was killed while it replaced files; `check` finished it.
    Interrupted,
}

impl DriftKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DriftKind::Missing => "missing",
            DriftKind::Outdated => "outdated",
            DriftKind::Edited => "edited",
            DriftKind::PatchMissing => "patch-missing",
            DriftKind::Orphan => "orphan",
            DriftKind::Interrupted => "interrupted",
        }
    }
}

impl std::fmt::Display for DriftKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One difference between the tree and what the specs produce.
#[derive(Debug, Clone, Serialize)]
pub struct DriftItem {
    pub path: String,
    pub kind: DriftKind,
    pub module: String,
    /// The first line the diff touches (1-based).
    pub line: usize,
    pub message: String,
    pub diff: String,
    pub fix: String,
}

/// Everything `check` found.
#[derive(Debug, Clone, Serialize)]
pub struct DriftReport {
    pub modules: Vec<String>,
    pub items: Vec<DriftItem>,
    /// Calls that bypass a socket-enabled service (not drift: the tree is
    /// what the specs produce, but those calls emit nothing).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

/// Compares the tree with what the specs produce.
pub fn check(ws: &Workspace, only: Option<&str>) -> Result<DriftReport> {
    let specs: Vec<PathBuf> = match only {
        Some(module) => {
            let path = spec_path(ws, module);
            if ws.host.read(&path)?.is_none() {
                let specs = crate::plan::known::spec_module_names(ws)?;
                let known = crate::plan::known::known_modules(ws)?;
                let camel = heck::ToLowerCamelCase::to_lower_camel_case(module);
                // A typo of a module with a spec, else of one with code, else a module with code but no spec.
                let help = match crate::plan::known::meant(module, &specs) {
                    Some(meant) => format!("did you mean `{meant}`? (`rtgen check {meant}`)"),
                    None if known.contains(&camel) => format!("run `rtgen add {module}` to write one"),
                    None => match crate::plan::known::meant(module, &known) {
                        Some(meant) => format!("did you mean `{meant}`? it has no spec yet: `rtgen add {meant}`"),
                        None if specs.is_empty() => {
                            "no module has a spec yet: `rtgen add <module>` writes one".to_string()
                        }
                        None => format!("the modules with a spec are {}", crate::error::backticked(&specs, ", ")),
                    },
                };
                anyhow::bail!("`{}` not found: `{module}` has no spec\n  help: {help}", slash(&path));
            }
            vec![path]
        }
        None => spec_modules(ws)?,
    };
    let inputs = parallel_map(&specs, |path| {
        let text = ws.host.read(path)?.unwrap_or_default();
        if crate::plan::partial::lacks_events(&text) {
            let module = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
            anyhow::bail!(
                "`{}` has no `events:` yet\n  help: run `rtgen add {module}`: it derives the events from the code and adds them to the spec, keeping your settings",
                slash(path)
            );
        }
        load_module(ws, path, &text)
    })?;
    let modules: Vec<String> = inputs.iter().map(|i| i.names.camel.clone()).collect();
    let plan = plan_sync(ws, &inputs)?;
    let mut warnings = plan.notes.clone();
    warnings.extend(crate::plan::bypass_warnings(ws, &inputs)?);

    let mut items = Vec::new();
    for change in &plan.changes {
        let (kind, message) = match change.kind {
            ChangeKind::Missing => (DriftKind::Missing, "generated file is missing".to_string()),
            ChangeKind::Outdated | ChangeKind::Schema | ChangeKind::Spec => {
                (DriftKind::Outdated, "generated file differs from what its spec and templates produce".to_string())
            }
            _ => (
                DriftKind::PatchMissing,
                format!("rtgen's edit for {} is missing", crate::error::backticked(change.module.split(' '), ", ")),
            ),
        };
        let kind = if change.kind == ChangeKind::Schema && change.before.is_none() { DriftKind::Missing } else { kind };
        items.push(DriftItem {
            path: slash(&change.path),
            kind,
            module: change.module.clone(),
            line: first_line(change.before.as_deref(), change.after.as_deref()),
            message,
            diff: change.diff(),
            fix: format!("rtgen add {}", change.module),
        });
    }
    for conflict in &plan.conflicts {
        items.push(DriftItem {
            path: slash(&conflict.path),
            kind: DriftKind::Edited,
            module: conflict.module.clone(),
            line: first_line(Some(&conflict.current), conflict.desired.as_deref()),
            message: match conflict.reason {
                ConflictReason::HandEdited => "generated file was edited by hand".into(),
                ConflictReason::NotGenerated => {
                    "a file rtgen did not generate stands where a generated file belongs".into()
                }
            },
            diff: conflict.diff(),
            fix: format!(
                "rtgen add {} --force (after moving the change into the spec or a template override)",
                conflict.module
            ),
        });
    }
    if only.is_none() {
        items.extend(orphans(ws, &specs)?);
    }
    Ok(DriftReport { modules, items, warnings })
}

/// Generated files whose spec is gone, and that module's patches.
fn orphans(ws: &Workspace, specs: &[PathBuf]) -> Result<Vec<DriftItem>> {
    let profile = &ws.profile;
    let backend = Path::new(&profile.backend.root);
    let front = Path::new(&profile.front.root);
    let mut candidates = Vec::new();
    let ext = crate::read::layout::Lang::of(&profile.backend.entry).ext();
    let front_ext = crate::read::layout::Lang::of(&profile.front.auth_context).ext();
    candidates.extend(ws.host.list(&backend.join(&profile.backend.events), &format!(".{ext}"))?);
    candidates.extend(ws.host.list(&backend.join(&profile.backend.services), &format!("WithSocket.{ext}"))?);
    candidates.extend(ws.host.list(&front.join(&profile.front.services), &format!("SocketService.{front_ext}"))?);

    let known: std::collections::HashSet<String> = specs.iter().map(|s| slash(s)).collect();
    let mut orphan_modules: Vec<String> = Vec::new();
    let mut items = Vec::new();
    for path in candidates {
        let text = ws.host.read(&path)?.unwrap_or_default();
        let Some(spec) = header::spec_path(&text).map(str::to_string) else { continue };
        if known.contains(&spec) || ws.host.read(Path::new(&spec))?.is_some() {
            continue;
        }
        let module = Path::new(&spec).file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        if !orphan_modules.contains(&module) {
            orphan_modules.push(module.clone());
        }
        items.push(DriftItem {
            path: slash(&path),
            kind: DriftKind::Orphan,
            module: module.clone(),
            line: 1,
            message: format!("generated from `{spec}`, which no longer exists"),
            diff: String::new(),
            fix: format!("rtgen remove {module}"),
        });
    }
    for module in orphan_modules {
        let plan = plan_remove(ws, &module, false, true)?;
        // The contract's files are the sync plan's to report.
        let contract = crate::plan::contract::contract_files(ws).map(|(path, _)| path);
        for change in plan.changes.iter().filter(|c| c.after.is_some() && !contract.contains(&c.path)) {
            items.push(DriftItem {
                path: slash(&change.path),
                kind: DriftKind::Orphan,
                module: module.clone(),
                line: first_line(change.before.as_deref(), change.after.as_deref()),
                message: format!("still carries rtgen's edit for `{module}`, which has no spec"),
                diff: change.diff(),
                fix: format!("rtgen remove {module}"),
            });
        }
    }
    Ok(items)
}

/// The item that tells an apply was interrupted (and has been finished
/// before the check, so the rest of the report is about the finished tree).
pub fn interrupted(recovered: &crate::write::Recovered) -> DriftItem {
    let mut message = format!(
        "an earlier `{}` (pid {}) was interrupted while it replaced files; rtgen finished it before checking ({} file(s) replaced now)",
        recovered.command,
        recovered.pid,
        recovered.finished.len()
    );
    if !recovered.conflicts.is_empty() {
        message.push_str(&format!(
            "; left as they are, changed since: {}",
            crate::error::backticked(&recovered.conflicts, ", ")
        ));
    }
    DriftItem {
        path: ".rtgen/journal.json".into(),
        kind: DriftKind::Interrupted,
        module: String::new(),
        line: 1,
        message,
        diff: String::new(),
        fix: "review the finished files and commit them".into(),
    }
}

/// The first line where `before` and `after` differ.
fn first_line(before: Option<&str>, after: Option<&str>) -> usize {
    let (Some(before), Some(after)) = (before, after) else { return 1 };
    before
        .lines()
        .zip(after.lines())
        .position(|(a, b)| a != b)
        .unwrap_or_else(|| before.lines().count().min(after.lines().count()))
        + 1
}

impl DriftReport {
    /// The report in `format`; only text takes `paint`.
    pub fn render(&self, format: Format, paint: Paint) -> String {
        match format {
            Format::Json => {
                let status = if self.items.is_empty() { "in-sync" } else { "drift" };
                let doc =
                    serde_json::json!({ "version": 1, "status": status, "modules": self.modules, "drift": self.items });
                format!("{}\n", serde_json::to_string_pretty(&doc).expect("a report serializes"))
            }
            Format::Github => {
                let mut out = String::new();
                for item in &self.items {
                    out.push_str(&format!(
                        "::error file={},line={},title=rtgen {}::{} (fix: {})\n",
                        item.path,
                        item.line,
                        item.kind,
                        item.message.replace('\n', " "),
                        item.fix
                    ));
                }
                out.push_str(&self.summary(Paint::PLAIN));
                out
            }
            Format::Text => {
                let mut out = String::new();
                for item in &self.items {
                    let kind = paint.warning(item.kind.as_str());
                    out.push_str(&format!("{}: {} ({kind})\n", paint.subject(&item.path), item.message));
                    out.push_str(&paint.diff(&item.diff));
                    out.push_str(&format!("  {} {}\n\n", paint.label("fix:"), item.fix));
                }
                out.push_str(&self.summary(paint));
                out
            }
        }
    }

    fn summary(&self, paint: Paint) -> String {
        if self.items.is_empty() {
            format!("{} {} module(s) match their specs\n", paint.good("in sync:"), self.modules.len())
        } else {
            let files: std::collections::BTreeSet<&str> = self.items.iter().map(|i| i.path.as_str()).collect();
            format!("{} {} problem(s) in {} file(s)\n", paint.warning("drift:"), self.items.len(), files.len())
        }
    }
}
