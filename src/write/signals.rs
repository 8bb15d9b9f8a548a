//! SIGINT, SIGTERM and SIGHUP while rtgen holds the lock are deferred: the
//! run stops at its next safe point (before staging, between temp files)
//! or finishes the renames it started, releases the lock and removes its
//! temp files, and only then dies of the signal ([`deliver`]).

use std::sync::atomic::{AtomicI32, Ordering};

static PENDING: AtomicI32 = AtomicI32::new(0);
const SIGNALS: [libc::c_int; 3] = [libc::SIGINT, libc::SIGTERM, libc::SIGHUP];

extern "C" fn note(signal: libc::c_int) {
    PENDING.store(signal, Ordering::SeqCst);
}

/// From now on, the signals above are noted instead of killing the process.
pub(super) fn defer() {
    for signal in SIGNALS {
        // SAFETY: `note` only stores to an atomic, which is async-signal-safe.
        unsafe {
            libc::signal(signal, note as extern "C" fn(libc::c_int) as libc::sighandler_t);
        }
    }
}

/// The signals kill again (the lock is released); one that came meanwhile
/// stays pending for [`deliver`].
pub(super) fn restore() {
    for signal in SIGNALS {
        // SAFETY: SIG_DFL is always a valid action.
        unsafe {
            libc::signal(signal, libc::SIG_DFL);
        }
    }
}

/// The signal received while deferred, if any.
pub fn pending() -> Option<&'static str> {
    match PENDING.load(Ordering::SeqCst) {
        0 => None,
        libc::SIGINT => Some("SIGINT"),
        libc::SIGTERM => Some("SIGTERM"),
        _ => Some("SIGHUP"),
    }
}

/// An error when a signal came: the run stops here, `what` says in what state.
pub(super) fn checkpoint(what: &str) -> anyhow::Result<()> {
    match pending() {
        Some(name) => anyhow::bail!("interrupted by {name} {what}"),
        None => Ok(()),
    }
}

/// Dies of the signal that came while deferred (after the caller cleaned up
/// and said what it did); returns when none came.
pub fn deliver() {
    let signal = PENDING.load(Ordering::SeqCst);
    if signal == 0 {
        return;
    }
    // SAFETY: restoring the default action and raising are always valid.
    unsafe {
        libc::signal(signal, libc::SIG_DFL);
        libc::raise(signal);
    }
}
