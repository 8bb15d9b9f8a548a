//! `rtgen init`: writes `rtgen.yaml` from what detection finds and scaffolds
//! the socket layer where the host has none (see `crate::plan::init`), as one
//! plan, applied all or nothing or shown with `--dry-run`.

use anyhow::Result;

use super::finish::{finish, Finished, Mode, Words};
use crate::cli::AdapterArg;
use crate::error::ExitStatus;
use crate::plan::init::{plan_init, Adapter, InitOptions, ProfileState};
use crate::plan::workspace::Workspace;
use crate::read::host::Host;
use crate::read::profile::PROFILE_FILE;
use crate::report::paint::Paint;

pub fn run(host: &Host, mode: Mode, adapter: Option<AdapterArg>, paint: Paint) -> Result<ExitStatus> {
    let ws = Workspace::open(host)?;
    let options = InitOptions { adapter: adapter.map(|AdapterArg::Redis| Adapter::Redis) };
    let init = plan_init(&ws, options)?;

    if !init.found.is_empty() {
        println!("found (left as it is):");
        for line in &init.found {
            println!("  {line}");
        }
    }
    match &init.profile {
        ProfileState::Written(_) => {}
        ProfileState::UpToDate => println!("`{PROFILE_FILE}` is up to date"),
        ProfileState::Differs(diff) => {
            println!(
                "`{PROFILE_FILE}` exists; leaving it as it is. What rtgen detects now differs:\n{}",
                paint.diff(diff)
            )
        }
    }
    let words = Words {
        conflicts: None,
        nothing: "nothing to change".to_string(),
        dry_run_for: String::new(),
        written: "init:".to_string(),
    };
    let finished = finish(host.root(), &init.plan, mode, &words, paint)?;
    if finished == Finished::Written {
        if let ProfileState::Written(_) = &init.profile {
            println!("`{PROFILE_FILE}`: written from what rtgen found; its comments list what it reads from the code on every run");
        }
    }
    print_notes(&init.notes, paint);
    if finished == Finished::Written {
        println!("next: `rtgen add <module>` gives a module real-time updates");
    }
    Ok(ExitStatus::Success)
}

fn print_notes(notes: &[String], paint: Paint) {
    for note in notes {
        println!("{} {note}", paint.label("note:"));
    }
}
