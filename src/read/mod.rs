//! Reading the host: the one reader of its tree (`host`), the host opened with
//! its profile and templates (`workspace`, `profile`), module specs with their
//! positions (`spec`), and what the code itself says (`detect` for services
//! and style, `survey` for the socket layer `init` looks for). Nothing here
//! writes.

pub(crate) mod detect;
pub mod host;
pub(crate) mod profile;
pub mod spec;
pub(crate) mod survey;
pub mod workspace;
