//! The subcommands: each opens the host, builds its plan, and then applies,
//! shows or reports it.

mod add;
pub mod docs;
mod finish;
mod init;
mod list;
mod remove;

use anyhow::Result;

use crate::cli::{Cli, Command};
use crate::error::ExitStatus;
use crate::plan::workspace::Workspace;
use crate::read::host::Host;
use crate::report::paint::Paint;
use crate::write::Lock;

pub use crate::report::drift::{check, DriftItem, DriftReport};
use finish::Mode;

/// Runs a parsed command line.
pub fn run(cli: Cli) -> Result<ExitStatus> {
    if cli.command.reads_host() && !cli.root.is_dir() {
        if std::fs::metadata(&cli.root).is_err_and(|e| e.kind() == std::io::ErrorKind::PermissionDenied) {
            anyhow::bail!(
                "`{}` cannot be read: permission denied\n  help: run rtgen as a user who may read the project (`ls -ld` on it and the folders above it shows who may)",
                cli.root.display()
            );
        }
        anyhow::bail!("`{}` is not a folder\n  help: pass the host project's root with `--root`", cli.root.display());
    }
    // Names from the command line become paths: refuse bad ones before any is used.
    let named: Vec<&String> = match &cli.command {
        Command::Add { modules, .. } => modules.iter().collect(),
        Command::Remove { module, .. } => vec![module],
        Command::Check { module: Some(module), .. } => vec![module],
        _ => Vec::new(),
    };
    let verb = match &cli.command {
        Command::Add { .. } => "add",
        Command::Remove { .. } => "remove",
        _ => "check",
    };
    for module in named {
        if let Err(problem) = crate::read::spec::check_module_argument(module) {
            anyhow::bail!("cannot {verb} `{module}`: {problem}");
        }
    }
    // A run that writes holds the project's lock throughout; every run first
    // finishes what a killed run left (and says so).
    let writes = match &cli.command {
        Command::Add { dry_run, .. } | Command::Remove { dry_run, .. } | Command::Init { dry_run, .. } => !dry_run,
        _ => false,
    };
    let (_lock, recovered) = match &cli.command {
        _ if !cli.command.reads_host() => (None, None),
        _ if writes => {
            let (lock, recovered) = Lock::acquire(&cli.root)?;
            (Some(lock), recovered)
        }
        _ => (None, Lock::recover_for_reading(&cli.root)?),
    };
    if let Some(recovered) = &recovered {
        eprintln!("{}", recovered.describe());
    }
    let host = Host::new(&cli.root);
    let paint = Paint::stdout(cli.color_choice());
    match cli.command {
        Command::Schema => {
            print!("{}", crate::read::spec::json_schema());
            Ok(ExitStatus::Success)
        }
        Command::Completions { shell } => {
            print!("{}", crate::cli::completions(shell));
            Ok(ExitStatus::Success)
        }
        Command::Man { command } => {
            print!("{}", crate::cli::man_page(command.as_deref())?);
            Ok(ExitStatus::Success)
        }
        Command::Add { modules, dry_run, force } => {
            add::run(&Workspace::open(&host)?, &modules, Mode::new(dry_run), force, paint)
        }
        Command::Remove { module, purge, force, dry_run } => {
            remove::run(&Workspace::open(&host)?, &module, purge, force, Mode::new(dry_run), paint)
        }
        Command::Check { module, format } => {
            // A run that writes may start while this one reads: when a file
            // read has changed by the end, read the tree again once it is done.
            let mut host = host;
            let mut result = Workspace::open(&host).and_then(|ws| check(&ws, module.as_deref()));
            for _ in 0..5 {
                if host.unchanged() {
                    break;
                }
                Lock::recover_for_reading(&cli.root)?;
                host = Host::new(&cli.root);
                result = Workspace::open(&host).and_then(|ws| check(&ws, module.as_deref()));
            }
            let report = match result {
                Ok(mut report) => {
                    if let Some(recovered) = recovered.as_ref().filter(|r| r.interrupted) {
                        report.items.insert(0, crate::report::drift::interrupted(recovered));
                    }
                    report
                }
                // Machine-readable formats report errors in their own shape too.
                Err(error) if format != crate::report::Format::Text => {
                    let message = crate::error::describe_error(&error);
                    let errors = crate::report::error_fields::error_fields(&error);
                    match format {
                        crate::report::Format::Json => {
                            let doc = serde_json::json!({ "version": 1, "status": "error", "error": message, "errors": errors });
                            println!("{}", serde_json::to_string_pretty(&doc).expect("serializes"));
                        }
                        _ => {
                            for e in &errors {
                                let mut place = String::new();
                                if let Some(file) = &e.file {
                                    place.push_str(&format!("file={file},"));
                                }
                                if let Some(line) = e.line {
                                    place.push_str(&format!("line={line},"));
                                }
                                if let Some(column) = e.column {
                                    place.push_str(&format!("col={column},"));
                                }
                                let help = e.help.as_ref().map(|h| format!("%0Ahelp: {h}")).unwrap_or_default();
                                println!(
                                    "::error {place}title=rtgen error::{}{}",
                                    e.message.replace('\n', "%0A"),
                                    help.replace('\n', "%0A")
                                );
                            }
                        }
                    }
                    eprintln!("error: {message}");
                    return Ok(ExitStatus::Error);
                }
                Err(error) => return Err(error),
            };
            print!("{}", report.render(format, paint));
            if format == crate::report::Format::Text {
                for warning in &report.warnings {
                    eprintln!("warning: {warning}");
                }
            }
            Ok(if report.items.is_empty() { ExitStatus::Success } else { ExitStatus::Drift })
        }
        Command::List => list::run(&Workspace::open(&host)?, paint),
        Command::Docs { format } => docs::run(&Workspace::open(&host)?, format.into()),
        Command::Init { dry_run, adapter } => init::run(&host, Mode::new(dry_run), adapter, paint),
    }
}
