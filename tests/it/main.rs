//! rtgen's integration tests: one binary (the machine has two cores), each
//! test running the real `rtgen` binary on a temp copy of a host project.

mod check;
mod cli;
mod color;
mod contract;
mod generate;
mod hosts;
mod live;
mod npm;
mod prettier;
mod properties;
mod release;
mod runtime;
mod scaffold;
mod schema;
mod shell;
mod support;
