//! The `rtgen` binary: parse arguments, run, map the result to an exit code.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    // Rust ignores SIGPIPE, which turns a closed pipe into a panic in `println!`.
    #[cfg(unix)]
    // SAFETY: called before any thread starts; SIG_DFL is a valid action.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let cli = rtgen::cli::Cli::parse();
    let color = cli.color_choice();
    let status = match rtgen::commands::run(cli) {
        Ok(status) => status,
        Err(error) => {
            let paint = rtgen::report::paint::Paint::stderr(color);
            eprintln!("{}", paint.error(&rtgen::error::describe_error(&error)));
            rtgen::error::ExitStatus::Error
        }
    };
    // A SIGINT or SIGTERM that came while the lock was held: the run has
    // cleaned up and said what it did; now it dies of the signal.
    rtgen::write::signals::deliver();
    status.into()
}
