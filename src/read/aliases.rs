//! Import aliases, resolved as the host's own tooling resolves them:
//! `compilerOptions.paths` of the nearest `tsconfig.json` (`"@/*": ["./src/*"]`,
//! from `baseUrl`), and `resolve.alias` of the package's Vite config
//! (`"@": path.resolve(__dirname, "./src")`). A specifier no alias names is
//! a package, which rtgen does not follow.

use std::path::{Path, PathBuf};

use anyhow::Result;
use oxc_ast::ast::*;
use oxc_ast_visit::Visit;

use crate::read::host::Host;

/// One alias: a specifier prefix and the folders (relative to the host root) it stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alias {
    /// `@/` (a `paths` key `@/*`), or `@` for an exact key or a Vite key (which
    /// also matches `@/...`).
    pub prefix: String,
    /// Whether the key ends in `*` (tsconfig), so the rest of the specifier follows.
    pub wildcard: bool,
    pub targets: Vec<PathBuf>,
}

impl Alias {
    /// The paths `specifier` stands for, when this alias names it.
    pub fn apply(&self, specifier: &str) -> Vec<PathBuf> {
        if self.wildcard {
            let Some(rest) = specifier.strip_prefix(&self.prefix) else { return Vec::new() };
            return self.targets.iter().map(|t| t.join(rest)).collect();
        }
        if specifier == self.prefix {
            return self.targets.clone();
        }
        match specifier.strip_prefix(&self.prefix).and_then(|r| r.strip_prefix('/')) {
            Some(rest) => self.targets.iter().map(|t| t.join(rest)).collect(),
            None => Vec::new(),
        }
    }
}

/// The aliases that apply to `file`: its tsconfig's `paths`, then its package's Vite config.
pub fn aliases_for(host: &Host, file: &Path) -> Result<Vec<Alias>> {
    let mut found = Vec::new();
    if let Some((dir, config)) = crate::read::packages::tsconfig_for(host, file)? {
        let options = &config["compilerOptions"];
        let base = dir.join(options["baseUrl"].as_str().unwrap_or("."));
        if let Some(paths) = options["paths"].as_object() {
            for (key, values) in paths {
                let targets: Vec<PathBuf> = values
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|v| v.as_str())
                    .map(|v| crate::read::survey::normalize(&base.join(v.trim_end_matches('*'))))
                    .collect();
                let wildcard = key.ends_with('*');
                found.push(Alias { prefix: key.trim_end_matches('*').to_string(), wildcard, targets });
            }
        }
    }
    // The Vite config beside the nearest `package.json`.
    let mut dir = file.parent();
    while let Some(d) = dir {
        if host.read(&d.join("package.json"))?.is_some() {
            for name in ["vite.config.ts", "vite.config.js", "vite.config.mjs", "vite.config.mts"] {
                let path = d.join(name);
                if let Some(text) = host.read(&path)? {
                    found.extend(vite_aliases(&path, &text, d));
                }
            }
            break;
        }
        if d.as_os_str().is_empty() {
            break;
        }
        dir = d.parent();
    }
    // The longest prefix wins, as in both tools.
    found.sort_by_key(|a| std::cmp::Reverse(a.prefix.len()));
    Ok(found)
}

/// `resolve: { alias: { "@": path.resolve(__dirname, "./src") } }`: each key
/// and the last path-like string of its value, relative to the config's folder.
fn vite_aliases(path: &Path, text: &str, dir: &Path) -> Vec<Alias> {
    #[derive(Default)]
    struct Finder(Vec<(String, String)>);
    fn last_string(expression: &Expression<'_>) -> Option<String> {
        #[derive(Default)]
        struct Strings(Vec<String>);
        impl<'a> Visit<'a> for Strings {
            fn visit_string_literal(&mut self, it: &StringLiteral<'a>) {
                self.0.push(it.value.to_string());
            }
        }
        let mut strings = Strings::default();
        strings.visit_expression(expression);
        strings
            .0
            .into_iter()
            .filter(|s| {
                s.starts_with('.')
                    || s.starts_with('/')
                    || s.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '-' || c == '/')
            })
            .last()
    }
    impl<'a> Visit<'a> for Finder {
        fn visit_object_property(&mut self, it: &ObjectProperty<'a>) {
            if it.key.static_name().is_some_and(|k| k == "alias") {
                if let Expression::ObjectExpression(object) = it.value.get_inner_expression() {
                    for property in &object.properties {
                        if let ObjectPropertyKind::ObjectProperty(p) = property {
                            if let (Some(key), Some(target)) = (p.key.static_name(), last_string(&p.value)) {
                                self.0.push((key.to_string(), target));
                            }
                        }
                    }
                }
            }
            oxc_ast_visit::walk::walk_object_property(self, it);
        }
    }
    crate::js::parse::with_program(path, text, |program| {
        let mut finder = Finder::default();
        finder.visit_program(program);
        finder.0
    })
    .unwrap_or_default()
    .into_iter()
    .map(|(key, target)| Alias {
        prefix: key.trim_end_matches('/').to_string(),
        wildcard: false,
        targets: vec![crate::read::survey::normalize(&dir.join(target.trim_start_matches('/')))],
    })
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::read::host::temp_host as host;

    #[test]
    fn tsconfig_paths_and_vite_aliases() {
        let (_d, host) = host(&[
            ("api/package.json", "{}"),
            ("api/tsconfig.json", "{ \"compilerOptions\": { \"baseUrl\": \".\", \"paths\": { \"@/*\": [\"./src/*\"] } } }"),
            ("web/package.json", "{}"),
            ("web/vite.config.ts", "import path from 'path';\nexport default { resolve: { alias: { '@': path.resolve(__dirname, './src') } } };\n"),
        ]);
        let api = aliases_for(&host, Path::new("api/src/index.ts")).unwrap();
        assert_eq!(api[0].apply("@/socket/io.js"), [PathBuf::from("api/src/socket/io.js")]);
        assert!(api[0].apply("express").is_empty());
        let web = aliases_for(&host, Path::new("web/src/App.tsx")).unwrap();
        assert_eq!(web[0].apply("@/lib/socket"), [PathBuf::from("web/src/lib/socket")]);
        assert!(web[0].apply("@tanstack/react-query").is_empty());
    }
}
