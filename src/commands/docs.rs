//! `rtgen docs`: print the event contract of every module with a spec, in
//! one of its shapes. Writes nothing.

use anyhow::Result;

use crate::error::ExitStatus;
use crate::plan::workspace::Workspace;
use crate::plan::{load_module, parallel_map, spec_modules};
use crate::render::contract_docs::{asyncapi_yaml, readme_markdown, text};

/// The shape `rtgen docs` prints the contract in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocsFormat {
    /// For a terminal.
    Text,
    /// The AsyncAPI 3.0 document (`realtime/asyncapi.yaml` without its header).
    Asyncapi,
    /// The events README (`realtime/README.md` without its header).
    Markdown,
    /// One JSON document: every event, its recipients and payload schema.
    Json,
}

impl From<crate::cli::DocsFormatArg> for DocsFormat {
    fn from(arg: crate::cli::DocsFormatArg) -> DocsFormat {
        use crate::cli::DocsFormatArg;
        match arg {
            DocsFormatArg::Text => DocsFormat::Text,
            DocsFormatArg::Asyncapi => DocsFormat::Asyncapi,
            DocsFormatArg::Markdown => DocsFormat::Markdown,
            DocsFormatArg::Json => DocsFormat::Json,
        }
    }
}

pub fn run(ws: &Workspace, format: DocsFormat) -> Result<ExitStatus> {
    let specs = spec_modules(ws)?;
    let inputs = parallel_map(&specs, |path| {
        let text = ws.host.read(path)?.unwrap_or_default();
        load_module(ws, path, &text)
    })?;
    let contract = crate::plan::contract::contract_of(ws, &inputs)?;
    let specs_dir = ws.profile.specs.as_str();
    print!(
        "{}",
        match format {
            DocsFormat::Text => text(&contract),
            DocsFormat::Asyncapi => asyncapi_yaml(&contract, specs_dir),
            DocsFormat::Markdown => readme_markdown(&contract, specs_dir),
            DocsFormat::Json => contract.to_json(),
        }
    );
    Ok(ExitStatus::Success)
}
