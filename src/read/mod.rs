//! Reading the host: the one reader of its tree (`host`), kept inside the
//! project root (`confine`), the host opened with
//! its profile and templates (`workspace`, `profile`), module specs with their
//! positions (`spec`), and what the code itself says (`detect` for services
//! and style, `socket_server` and `socket_layer` for the socket server and
//! how generated code reaches it, `survey` for the rest of the socket layer
//! `init` looks for, `name_patterns` for how its files are named). Nothing here
//! writes.

pub(crate) mod aliases;
pub(crate) mod bypass;
pub(crate) mod commonjs;
pub(crate) mod confine;
pub(crate) mod controller;
pub(crate) mod detect;
pub(crate) mod discover;
pub(crate) mod entity;
pub(crate) mod expression;
pub mod front_credential;
pub(crate) mod getter;
pub mod host;
pub mod http_auth;
pub(crate) mod ids;
pub(crate) mod layout;
pub(crate) mod limits;
pub(crate) mod module_graph;
pub(crate) mod name_patterns;
pub(crate) mod names;
pub(crate) mod packages;
pub(crate) mod precedent;
pub(crate) mod profile;
pub(crate) mod roles;
pub(crate) mod socket_auth;
pub(crate) mod socket_layer;
pub(crate) mod socket_owner;
pub(crate) mod socket_server;
pub mod spec;
pub(crate) mod survey;
pub(crate) mod ts_entity;
pub(crate) mod typeorm;
