//! rtgen's integration tests: one binary (the machine has two cores), each
//! test running the real `rtgen` binary on a temp copy of a host project.

mod atomic;
mod check;
mod cjs_init;
mod cli;
mod color;
mod contract;
mod controllers;
mod derive;
mod derive_sources;
mod faults;
mod fronts;
mod generate;
mod hostile;
mod hosts;
mod inline_routes;
mod live;
mod module_names;
mod names;
mod npm;
mod prettier;
mod properties;
mod public_shapes;
mod release;
mod runtime;
mod scaffold;
mod schema;
mod shell;
mod socket_context;
mod support;
mod ts_init;
mod typescript;
mod zustand_store;
