//! rtgen: gives one module of a Node/Express + socket.io + React admin app
//! real-time updates, from a YAML module spec.
//!
//! The pipeline runs one way: `host` reads; `workspace`, `spec`, `detect`,
//! `context`, `render`, `patch` and `planner` compute a `plan` without
//! touching the disk; `writer` applies it, `diff` shows it, `commands::check`
//! reports it.

pub mod cli;
pub mod commands;
pub mod context;
pub mod detect;
pub mod diff;
pub mod error;
pub mod header;
pub mod host;
pub mod js;
pub mod layout;
pub mod names;
pub mod patch;
pub mod plan;
pub mod planner;
pub mod profile;
pub mod render;
pub mod scaffold;
pub mod spec;
pub mod workspace;
pub mod writer;
