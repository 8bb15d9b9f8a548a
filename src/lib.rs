//! rtgen: gives one module of a Node/Express + socket.io + React admin app
//! real-time updates, from a YAML module spec.
//!
//! The pipeline runs one way, one folder a step: `read` reads the host and
//! its specs; `plan` computes every change in memory, with `render` for the
//! new files and `patch` for the edited ones; `write` applies the plan,
//! `report` shows it; `commands` wires the steps together for each
//! subcommand.
//!
//! Public is what the binary, the benchmark and the integration tests use;
//! the rest is `pub(crate)`.

pub mod cli;
pub mod commands;
pub mod error;
pub(crate) mod js;
pub(crate) mod patch;
pub mod plan;
pub mod read;
pub mod render;
pub mod report;
pub mod write;
