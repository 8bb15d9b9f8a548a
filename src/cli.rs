//! The command line, and only that: clap turns arguments into plain options;
//! nothing past this module sees clap. The shell completions and the manual
//! page describe the command line, so they are made here too.

use std::path::PathBuf;

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};
pub use clap_complete::Shell;

use crate::report::paint::ColorChoice;
pub use crate::report::Format;

#[derive(Debug, Parser)]
#[command(
    name = "rtgen",
    version,
    about = "Give a module of a Node/Express + socket.io + React admin app real-time updates, from a YAML spec.",
    long_about = "rtgen reads a module spec (`realtime/<module>.yaml`: events and who receives each one), \
renders the backend event emitter, the socket-enabled service and the frontend socket service, and patches the \
host's controller, server start-up, AuthContext and page. Every change is planned in memory first and written \
all or nothing.",
    after_help = "Exit codes: 0 success or in sync, 1 drift found by `check`, 2 error (bad spec, unparsable file, missing anchor, I/O)."
)]
pub struct Cli {
    /// The host project's root folder.
    #[arg(long, global = true, default_value = ".", value_name = "DIR")]
    pub root: PathBuf,
    /// When to colour diffs and messages (`check --format json|github` never has colour).
    #[arg(long, global = true, value_enum, default_value_t = ColorArg::Auto, value_name = "WHEN")]
    pub color: ColorArg,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Add real-time updates to modules: write the spec if missing, render the three files, patch the four host files.
    Add {
        /// Module names, e.g. `proposal` (any case).
        #[arg(required = true)]
        modules: Vec<String>,
        /// Print the plan as a unified diff and write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Overwrite generated files that were edited by hand.
        #[arg(long)]
        force: bool,
    },
    /// Undo `add`: delete the generated files and take the patches out again.
    Remove {
        module: String,
        /// Also delete the module's spec.
        #[arg(long)]
        purge: bool,
        /// Delete generated files even if they were edited by hand.
        #[arg(long)]
        force: bool,
        /// Print the plan as a unified diff and write nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Fail when generated code drifted from its spec (for CI). Writes nothing.
    #[command(after_help = "Exit codes: 0 in sync, 1 drift, 2 error (bad spec, unparsable file, unreadable tree).")]
    Check {
        /// Only this module (default: every module with a spec).
        module: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// List each module with a spec and its state.
    List,
    /// Write `rtgen.yaml` from what rtgen detects, and scaffold the socket layer (server, its start, frontend service, AuthContext lifecycle) where the host has none.
    Init {
        /// Print what would be written and write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Also give the host's own socket server a cluster adapter (used when `REDIS_URL` is set). A scaffolded server has it already.
        #[arg(long, value_enum, value_name = "ADAPTER")]
        adapter: Option<AdapterArg>,
    },
    /// Print the event contract of every module with a spec (what `realtime/asyncapi.yaml` and `realtime/README.md` hold). Writes nothing.
    Docs {
        /// Output format.
        #[arg(long, value_enum, default_value_t = DocsFormatArg::Text)]
        format: DocsFormatArg,
    },
    /// Print the JSON Schema of module specs.
    Schema,
    /// Print a shell's completion script, e.g. `rtgen completions bash > ~/.local/share/bash-completion/completions/rtgen`.
    Completions {
        #[arg(value_enum)]
        shell: Shell,
    },
    /// Print the manual page (roff), e.g. `rtgen man | man -l -`; `rtgen man add` prints `rtgen-add(1)`.
    Man {
        /// A subcommand's page instead of rtgen's.
        command: Option<String>,
    },
}

impl Command {
    /// Whether the command reads a host project (and so needs `--root`).
    pub fn reads_host(&self) -> bool {
        !matches!(self, Command::Schema | Command::Completions { .. } | Command::Man { .. })
    }
}

impl Cli {
    /// `--color` as a plain option.
    pub fn color_choice(&self) -> ColorChoice {
        match self.color {
            ColorArg::Auto => ColorChoice::Auto,
            ColorArg::Always => ColorChoice::Always,
            ColorArg::Never => ColorChoice::Never,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorArg {
    /// On a terminal, unless `NO_COLOR` is set.
    Auto,
    /// Also into pipes and files, and with `NO_COLOR` set.
    Always,
    /// Never.
    Never,
}

/// The completion script for `shell`.
pub fn completions(shell: Shell) -> String {
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "rtgen", &mut out);
    String::from_utf8(out).expect("clap_complete writes UTF-8")
}

/// The manual page of rtgen, or of one of its subcommands (`rtgen-add(1)`).
pub fn man_page(subcommand: Option<&str>) -> anyhow::Result<String> {
    let mut command = Cli::command();
    // Builds the tree, so each subcommand's page has its full name and the global options.
    command.build();
    let page = match subcommand {
        None => command,
        Some(name) => {
            let names: Vec<&str> = command.get_subcommands().map(|c| c.get_name()).filter(|n| *n != "help").collect();
            let Some(sub) = command.find_subcommand(name).filter(|_| names.contains(&name)) else {
                anyhow::bail!(
                    "`{name}` is not a subcommand\n  help: one of {}",
                    crate::error::backticked(&names, ", ")
                );
            };
            // `build` named it `rtgen-<name>` for display and `rtgen <name>` for its synopsis.
            sub.clone()
        }
    };
    let mut out = Vec::new();
    clap_mangen::Man::new(page)
        .source(format!("rtgen {}", env!("CARGO_PKG_VERSION")))
        .render(&mut out)
        .expect("rendering into memory cannot fail");
    Ok(String::from_utf8(out).expect("clap_mangen writes UTF-8"))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DocsFormatArg {
    /// Each module's events, for a terminal.
    Text,
    /// The AsyncAPI 3.0 document.
    Asyncapi,
    /// The events README.
    Markdown,
    /// One JSON document with each payload's JSON Schema.
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AdapterArg {
    /// socket.io's Redis Streams adapter.
    Redis,
}
