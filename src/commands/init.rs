//! `rtgen init`: writes `rtgen.yaml` from what detection finds.

use std::path::Path;

use anyhow::Result;

use crate::error::ExitCode;
use crate::host::Host;
use crate::plan::{ChangeKind, FileChange, Plan};
use crate::profile::PROFILE_FILE;
use crate::workspace::detect_profile;

pub fn run(host: &Host, dry_run: bool) -> Result<ExitCode> {
    let profile = detect_profile(host)?;
    let text = profile.to_yaml();
    let path = Path::new(PROFILE_FILE);
    let before = host.read(path)?;
    if before.as_deref() == Some(text.as_str()) {
        println!("`{PROFILE_FILE}` is up to date");
        return Ok(ExitCode::Success);
    }
    if before.is_some() {
        println!("`{PROFILE_FILE}` exists; leaving it as it is. What rtgen detects now:\n{text}");
        return Ok(ExitCode::Success);
    }
    let plan = Plan {
        changes: vec![FileChange {
            path: path.into(),
            before,
            after: Some(text.clone()),
            kind: ChangeKind::Spec,
            module: String::new(),
        }],
        conflicts: Vec::new(),
    };
    if dry_run {
        print!("{}", plan.diff());
        return Ok(ExitCode::Success);
    }
    crate::writer::apply(host.root(), &plan)?;
    println!(
        "wrote `{PROFILE_FILE}`: socket init `{}`, ready event `{}`, rooms `{}` and `{}`",
        profile.socket.init, profile.socket.ready_event, profile.socket.user_room, profile.socket.role_room
    );
    Ok(ExitCode::Success)
}
