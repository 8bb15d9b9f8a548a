//! The modules a host has, for "did you mean": those with a spec, and those
//! whose service or controller file is named after them
//! (`proposalService.js`, `task.service.js`, `leadsController.js`). Every
//! command that takes a module name (`add`, `check`, `remove`) points a typo
//! at the module meant instead of telling the user to create it.

use std::path::Path;

use anyhow::Result;

use super::load::spec_modules;
use crate::plan::workspace::Workspace;

/// Suffixes that name a module's file after the module.
const FILE_SUFFIXES: &[&str] = &[
    "ServiceWithSocket",
    ".service.socket",
    "Service",
    ".service",
    "-service",
    "_service",
    "Controller",
    ".controller",
    "-controller",
    "_controller",
];

/// Modules with a spec, by name.
pub(crate) fn spec_module_names(ws: &Workspace) -> Result<Vec<String>> {
    Ok(spec_modules(ws)?.iter().filter_map(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned())).collect())
}

/// Modules with a spec or a service or controller file named after them.
pub(crate) fn known_modules(ws: &Workspace) -> Result<Vec<String>> {
    let mut known = spec_module_names(ws)?;
    let backend = Path::new(&ws.profile.backend.root);
    for dir in [&ws.profile.backend.services, &ws.profile.backend.controllers] {
        for file in ws.host.list(&backend.join(dir), "")? {
            let Some(stem) = file.file_stem().map(|s| s.to_string_lossy().into_owned()) else { continue };
            let Some(module) = FILE_SUFFIXES.iter().find_map(|s| stem.strip_suffix(s)) else { continue };
            let module = heck::ToLowerCamelCase::to_lower_camel_case(module);
            if !module.is_empty() && !known.contains(&module) {
                known.push(module);
            }
        }
    }
    Ok(known)
}

/// The module `typed` probably meant, among `known`, when it is not one of them.
pub(crate) fn meant(typed: &str, known: &[String]) -> Option<String> {
    let camel = heck::ToLowerCamelCase::to_lower_camel_case(typed);
    if known.contains(&camel) {
        return None;
    }
    crate::error::did_you_mean(&camel, known.iter().map(String::as_str)).map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_typo_points_at_the_module_meant() {
        let known: Vec<String> = ["proposal", "contract", "ticket"].map(String::from).to_vec();
        assert_eq!(meant("proposl", &known).as_deref(), Some("proposal"));
        assert_eq!(meant("Contracts", &known).as_deref(), Some("contract"));
        assert_eq!(meant("proposal", &known), None);
        assert_eq!(meant("invoice", &known), None);
    }
}
