//! The host's packages and how each is started: the root `package.json`,
//! the top-level folders', and every workspace member (`workspaces` of npm
//! and yarn, `pnpm-workspace.yaml`, and `apps/*` + `packages/*` beside a
//! `turbo.json`); the file a package's `main` or scripts run, whatever runs
//! it (`node`, `nodemon`, `tsx watch`, `ts-node`, `ts-node-dev`), with
//! build output (`dist/server.js`) read back to its TypeScript source.

use std::path::{Path, PathBuf};

use anyhow::Result;

use crate::read::host::Host;

/// One folder with a `package.json`, relative to the host root (`.` for the root).
#[derive(Debug, Clone)]
pub struct Package {
    pub dir: PathBuf,
    pub json: serde_json::Value,
}

impl Package {
    pub fn depends_on(&self, name: &str) -> bool {
        ["dependencies", "devDependencies", "peerDependencies"].iter().any(|key| self.json[key].get(name).is_some())
    }

    /// Whether the package is a browser app: React, Next.js or Vite.
    pub fn is_front(&self) -> bool {
        ["react", "next", "vite", "react-dom", "socket.io-client"].iter().any(|d| self.depends_on(d))
    }

    pub fn is_root(&self) -> bool {
        self.dir == Path::new(".")
    }

    /// `rel` inside the package, relative to the host root.
    pub fn join(&self, rel: &Path) -> PathBuf {
        if self.is_root() {
            rel.to_path_buf()
        } else {
            self.dir.join(rel)
        }
    }
}

/// Top-level folders that hold a root package's code, not packages.
const SOURCE_FOLDERS: &[&str] = &["src", "lib", "test", "tests", "docs", "scripts", "public", "dist", "build"];

/// Folders a workspace glob may name at most.
const MEMBER_LIMIT: usize = 200;

/// Every package of the host: the root, its top-level folders, and the
/// workspace members (a glob's `*` is one folder level), in that order, once each.
pub fn packages(host: &Host) -> Result<Vec<Package>> {
    let mut dirs: Vec<PathBuf> = vec![PathBuf::from(".")];
    let top = subfolders(host, Path::new(""));
    // A top-level folder without a `package.json` may group packages (`apps/api`, no workspaces declared).
    let mut grouped = Vec::new();
    for dir in &top {
        if host.read(&dir.join("package.json"))?.is_none() && !SOURCE_FOLDERS.contains(&dir.to_string_lossy().as_ref())
        {
            grouped.extend(subfolders(host, dir));
        }
    }
    dirs.extend(top);
    let root = read_json(host, Path::new("package.json"))?;
    let mut globs: Vec<String> = Vec::new();
    if let Some(root) = &root {
        let list = match &root["workspaces"] {
            serde_json::Value::Array(list) => list.clone(),
            object => object["packages"].as_array().cloned().unwrap_or_default(),
        };
        globs.extend(list.iter().filter_map(|g| g.as_str().map(str::to_string)));
    }
    if let Some(text) = host.read(Path::new("pnpm-workspace.yaml"))? {
        if let Ok(yaml) = serde_yaml::from_str::<serde_yaml::Value>(&text) {
            let list = yaml.get("packages").and_then(|p| p.as_sequence()).cloned().unwrap_or_default();
            globs.extend(list.iter().filter_map(|g| g.as_str().map(str::to_string)));
        }
    }
    if globs.is_empty() && host.read(Path::new("turbo.json"))?.is_some() {
        globs.extend(["apps/*".to_string(), "packages/*".to_string()]);
    }
    for glob in globs {
        let glob = glob.trim_start_matches("./").trim_end_matches('/');
        if glob.starts_with('!') || glob.contains("..") {
            continue;
        }
        match glob.strip_suffix("/*").or_else(|| glob.strip_suffix("/**")) {
            Some(parent) if !parent.contains('*') => dirs.extend(subfolders(host, Path::new(parent))),
            None if !glob.contains('*') => dirs.push(PathBuf::from(glob)),
            _ => {}
        }
    }
    dirs.extend(grouped);
    let mut found: Vec<Package> = Vec::new();
    for dir in dirs.into_iter().take(MEMBER_LIMIT) {
        if found.iter().any(|p| p.dir == dir) {
            continue;
        }
        let file = if dir == Path::new(".") { PathBuf::from("package.json") } else { dir.join("package.json") };
        if let Some(json) = read_json(host, &file)? {
            found.push(Package { dir, json });
        }
    }
    Ok(found)
}

fn read_json(host: &Host, file: &Path) -> Result<Option<serde_json::Value>> {
    Ok(host.read(file)?.and_then(|text| serde_json::from_str(&text).ok()))
}

/// The folders directly under `dir` (no dot folders, no `node_modules`), sorted.
fn subfolders(host: &Host, dir: &Path) -> Vec<PathBuf> {
    let Ok(full) =
        crate::read::confine::confined(host.root(), if dir.as_os_str().is_empty() { Path::new(".") } else { dir })
    else {
        return Vec::new();
    };
    let mut names: Vec<PathBuf> = std::fs::read_dir(full)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
                .map(|e| PathBuf::from(e.file_name()))
                .filter(|n| !n.to_string_lossy().starts_with('.') && n != Path::new("node_modules"))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names.into_iter().map(|n| if dir.as_os_str().is_empty() { n } else { dir.join(n) }).collect()
}

/// `tsconfig.json` and friends allow comments and trailing commas: JSON
/// without them (strings, with their `/*`, are kept as they are).
pub fn jsonc(text: &str) -> Option<serde_json::Value> {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    let mut in_string = false;
    while let Some(c) = chars.next() {
        if in_string {
            out.push(c);
            match c {
                '\\' => out.extend(chars.next()),
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match (c, chars.peek()) {
            ('"', _) => {
                in_string = true;
                out.push(c);
            }
            ('/', Some('/')) => {
                for next in chars.by_ref() {
                    if next == '\n' {
                        out.push('\n');
                        break;
                    }
                }
            }
            ('/', Some('*')) => {
                chars.next();
                let mut last = ' ';
                for next in chars.by_ref() {
                    if last == '*' && next == '/' {
                        break;
                    }
                    last = next;
                }
            }
            (',', _) => {
                // A comma before `}` or `]` (after blanks and comments) is dropped.
                let rest: String = chars.clone().collect();
                let stripped = strip_leading_comments(&rest);
                if !(stripped.starts_with('}') || stripped.starts_with(']')) {
                    out.push(c);
                }
            }
            _ => out.push(c),
        }
    }
    serde_json::from_str(&out).ok()
}

fn strip_leading_comments(mut text: &str) -> &str {
    loop {
        text = text.trim_start();
        if let Some(rest) = text.strip_prefix("//") {
            text = rest.split_once('\n').map_or("", |(_, r)| r);
        } else if let Some(rest) = text.strip_prefix("/*") {
            text = rest.split_once("*/").map_or("", |(_, r)| r);
        } else {
            return text;
        }
    }
}

/// The `tsconfig.json` (else `jsconfig.json`) nearest above `file`, inside
/// the root, with the folder it is in; `extends` of a relative file is followed once.
pub fn tsconfig_for(host: &Host, file: &Path) -> Result<Option<(PathBuf, serde_json::Value)>> {
    let mut dir = file.parent();
    while let Some(d) = dir {
        for name in ["tsconfig.json", "jsconfig.json"] {
            let path = d.join(name);
            if let Some(text) = host.read(&path)? {
                let Some(mut json) = jsonc(&text) else { return Ok(None) };
                if let Some(base) = json["extends"].as_str().filter(|b| b.starts_with('.')) {
                    let base_path = crate::read::survey::normalize(&d.join(base));
                    if let Some(parent) = host.read(&base_path)?.and_then(|t| jsonc(&t)) {
                        let mut merged = parent["compilerOptions"].clone();
                        if let (Some(merged), Some(own)) = (merged.as_object_mut(), json["compilerOptions"].as_object())
                        {
                            for (key, value) in own {
                                merged.insert(key.clone(), value.clone());
                            }
                        }
                        if merged.is_object() {
                            json["compilerOptions"] = merged;
                        }
                    }
                }
                return Ok(Some((d.to_path_buf(), json)));
            }
        }
        if d.as_os_str().is_empty() {
            break;
        }
        dir = d.parent();
    }
    Ok(None)
}

/// Words of a start command that run a file and are not the file:
/// runners, their sub-commands, and flags (with the value of those that take one).
const RUNNERS: &[&str] =
    &["node", "nodemon", "tsx", "ts-node", "ts-node-dev", "ts-node-esm", "bun", "deno", "npx", "watch", "babel-node"];
const FLAGS_WITH_VALUE: &[&str] = &[
    "-r",
    "--require",
    "--import",
    "--loader",
    "--experimental-loader",
    "-P",
    "--project",
    "--env-file",
    "-w",
    "--watch-path",
    "--ignore",
    "-e",
    "--ext",
    "--exec",
    "-x",
    "--tsconfig",
];

/// The script file a command runs, relative to the package: the first word
/// after a runner that names an existing script (or a folder with an
/// `index`), with build output read back to its source.
pub fn entry_of_command(host: &Host, package: &Package, command: &str) -> Result<Option<PathBuf>> {
    for part in command.split(|c| c == '&' || c == ';' || c == '|') {
        let words: Vec<String> =
            part.split_whitespace().map(|w| w.trim_matches(|c| c == '"' || c == '\'').to_string()).collect();
        let mut after_runner = false;
        let mut skip_value = false;
        for word in &words {
            if skip_value {
                skip_value = false;
                continue;
            }
            if word.starts_with('-') {
                skip_value = FLAGS_WITH_VALUE.contains(&word.as_str());
                continue;
            }
            if RUNNERS.contains(&word.as_str()) {
                after_runner = true;
                continue;
            }
            if word.contains('=') {
                continue;
            }
            let rel = PathBuf::from(word.trim_start_matches("./"));
            if let Some(found) = script_at(host, package, &rel, after_runner)? {
                return Ok(Some(found));
            }
        }
    }
    Ok(None)
}

const SCRIPT_EXTENSIONS: &[&str] = &["js", "mjs", "cjs", "ts", "mts", "cts", "jsx", "tsx"];

/// `rel` as the source file it names: itself, its TypeScript source when it
/// is build output, or a folder's `index` (only right after a runner: `tsx watch src`).
fn script_at(host: &Host, package: &Package, rel: &Path, folder_ok: bool) -> Result<Option<PathBuf>> {
    let is_script = rel.extension().is_some_and(|e| SCRIPT_EXTENSIONS.iter().any(|x| e == *x));
    if is_script {
        if let Some(source) = source_of_output(host, package, rel)? {
            return Ok(Some(source));
        }
        if host.read(&package.join(rel))?.is_some() {
            return Ok(Some(rel.to_path_buf()));
        }
        return Ok(None);
    }
    if folder_ok
        && host.root().join(package.join(rel)).is_dir()
        && host.read(&package.join(&rel.join("package.json")))?.is_none()
    {
        for index in ["index.ts", "index.js", "index.mts", "index.mjs", "server.ts", "server.js"] {
            if host.read(&package.join(&rel.join(index)))?.is_some() {
                return Ok(Some(rel.join(index)));
            }
        }
    }
    Ok(None)
}

/// A compiled file (`dist/server.js`) read back to the TypeScript it is
/// compiled from, through `tsconfig.json`'s `outDir` and `rootDir`.
fn source_of_output(host: &Host, package: &Package, rel: &Path) -> Result<Option<PathBuf>> {
    let Some((dir, config)) = tsconfig_for(host, &package.join(Path::new("package.json")))? else { return Ok(None) };
    if dir != package.join(Path::new("")) && !(package.is_root() && dir.as_os_str().is_empty()) {
        return Ok(None);
    }
    let options = &config["compilerOptions"];
    let Some(out_dir) = options["outDir"].as_str() else { return Ok(None) };
    let out_dir = crate::read::survey::normalize(Path::new(out_dir));
    let Ok(inside) = rel.strip_prefix(&out_dir) else { return Ok(None) };
    let roots: Vec<PathBuf> = match options["rootDir"].as_str() {
        Some(root) => vec![crate::read::survey::normalize(Path::new(root))],
        None => vec![PathBuf::from("src"), PathBuf::new()],
    };
    for root in roots {
        let base = root.join(inside);
        for ext in ["ts", "mts", "cts", "tsx", "js"] {
            let candidate = base.with_extension(ext);
            if host.read(&package.join(&candidate))?.is_some() {
                return Ok(Some(candidate));
            }
        }
    }
    Ok(None)
}

/// The files a package's start-up may run, in the order they are tried:
/// `main`, then `scripts.start`, `scripts.dev`, then every other script,
/// then nodemon's `exec` (`nodemon.json`, `nodemonConfig`); each once, with
/// what named it.
pub fn entry_candidates(host: &Host, package: &Package) -> Result<Vec<(PathBuf, String)>> {
    let mut found: Vec<(PathBuf, String)> = Vec::new();
    let mut push = |path: PathBuf, why: String| {
        if !found.iter().any(|(p, _)| *p == path) {
            found.push((path, why));
        }
    };
    if let Some(main) = package.json["main"].as_str() {
        let rel = PathBuf::from(main.trim_start_matches("./"));
        if let Some(file) = script_at(host, package, &rel, true)? {
            push(file, "`main` in `package.json`".into());
        }
    }
    let scripts = package.json["scripts"].as_object().cloned().unwrap_or_default();
    let mut names: Vec<&String> = scripts.keys().collect();
    names.sort_by_key(|n| match n.as_str() {
        "start" => 0,
        "dev" => 1,
        "server" | "serve" | "dev:server" | "start:server" => 2,
        _ => 3,
    });
    for name in names {
        let Some(command) = scripts[name].as_str() else { continue };
        // Seeds, migrations and tests are run by scripts too: not the server.
        if ["seed", "migrat", "test", "lint", "build", "studio", "generate"].iter().any(|w| name.contains(w)) {
            continue;
        }
        if let Some(file) = entry_of_command(host, package, command)? {
            push(file, format!("`scripts.{name}` runs it"));
        }
    }
    let nodemon = match host.read(&package.join(Path::new("nodemon.json")))? {
        Some(text) => jsonc(&text),
        None => Some(package.json["nodemonConfig"].clone()).filter(|c| c.is_object()),
    };
    if let Some(exec) = nodemon.as_ref().and_then(|n| n["exec"].as_str()) {
        if let Some(file) = entry_of_command(host, package, exec)? {
            push(file, "nodemon's `exec` runs it".into());
        }
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::read::host::temp_host as host;

    #[test]
    fn jsonc_keeps_strings_and_drops_comments_and_trailing_commas() {
        let text =
            "{\n  // comment\n  \"paths\": { \"@/*\": [\"./src/*\"], }, /* block */\n  \"outDir\": \"./dist\",\n}\n";
        let json = jsonc(text).unwrap();
        assert_eq!(json["paths"]["@/*"][0], "./src/*");
        assert_eq!(json["outDir"], "./dist");
    }

    #[test]
    fn workspace_members_are_packages() {
        let (_d, npm) = host(&[
            ("package.json", r#"{ "workspaces": ["apps/*", "packages/*"] }"#),
            ("apps/api/package.json", "{}"),
            ("apps/web/package.json", "{}"),
            ("packages/shared/package.json", "{}"),
            ("tools/x.js", ""),
        ]);
        let dirs: Vec<String> = packages(&npm).unwrap().iter().map(|p| p.dir.display().to_string()).collect();
        assert_eq!(dirs, [".", "apps/api", "apps/web", "packages/shared"]);
        let (_d, pnpm) =
            host(&[("pnpm-workspace.yaml", "packages:\n  - 'services/*'\n"), ("services/api/package.json", "{}")]);
        assert_eq!(packages(&pnpm).unwrap()[0].dir, Path::new("services/api"));
    }

    #[test]
    fn the_file_each_runner_starts() {
        let (_d, host) = host(&[
            ("s/src/index.ts", ""),
            ("s/src/server.ts", ""),
            ("s/server.ts", ""),
            ("s/tsconfig.json", "{ \"compilerOptions\": { \"outDir\": \"./dist\", /* c */ \"rootDir\": \"./\" } }"),
        ]);
        let package = Package { dir: PathBuf::from("s"), json: serde_json::json!({}) };
        let run = |command: &str| entry_of_command(&host, &package, command).unwrap().map(|p| p.display().to_string());
        assert_eq!(run("tsx watch src/index.ts").as_deref(), Some("src/index.ts"));
        assert_eq!(run("tsx watch src").as_deref(), Some("src/index.ts"));
        assert_eq!(run("nodemon --exec ts-node src/server.ts").as_deref(), Some("src/server.ts"));
        assert_eq!(
            run("ts-node-dev -r tsconfig-paths/register --respawn src/server.ts").as_deref(),
            Some("src/server.ts")
        );
        assert_eq!(run("tsc && nodemon ./dist/server.js").as_deref(), Some("server.ts"));
        assert_eq!(run("vite"), None);
    }
}
