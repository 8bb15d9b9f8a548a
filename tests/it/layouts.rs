//! Layouts real repositories take, found by content (issue 21): each is one
//! of our fixture hosts moved into the shape (`tests/hosts/dotted-names`, a
//! JavaScript ESM backend and a React front; `tests/hosts/typescript-app`),
//! then taken through `init`, `add` (of the recipe's proposal spec), `add` again (no change), `check` (0) and
//! `remove --purge` (the original bytes).
//!
//! - the front at the repository root (a Vite app) beside `server/`, which
//!   has its own `package.json` or is a folder of the root package;
//! - `apps/api` + `apps/web` npm workspaces with a shared package;
//! - `packages/server` + `packages/client`;
//! - a TypeScript backend run by `tsx watch` with no `main`, reaching its
//!   socket server through an `@/` alias of `tsconfig.json`;
//! - a Next.js front (pages router, no `src/`).

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use crate::support::{changed_files, repo, Project};

fn spec(module: &str) -> String {
    let text = fs::read_to_string(repo().join("tests/live/fixtures/proposal.yaml")).expect("proposal spec");
    text.replace("module: proposal", &format!("module: {module}"))
}

/// Moves `from` (a file or folder of the project) to `to`.
fn shift(project: &Project, from: &str, to: &str) {
    let target = project.root().join(to);
    fs::create_dir_all(target.parent().unwrap()).unwrap();
    fs::rename(project.root().join(from), target).unwrap_or_else(|e| panic!("move {from} -> {to}: {e}"));
}

/// Moves every entry of folder `from` into folder `to` (which may be the root, `""`).
fn shift_contents(project: &Project, from: &str, to: &str) {
    let entries: Vec<_> = fs::read_dir(project.root().join(from)).unwrap().map(|e| e.unwrap().file_name()).collect();
    for name in entries {
        let name = name.to_string_lossy().into_owned();
        let target = if to.is_empty() { name.clone() } else { format!("{to}/{name}") };
        shift(project, &format!("{from}/{name}"), &target);
    }
    fs::remove_dir(project.root().join(from)).unwrap();
}

fn without(files: BTreeMap<String, Vec<u8>>) -> BTreeMap<String, Vec<u8>> {
    files.into_iter().filter(|(path, _)| !path.starts_with("realtime/")).collect()
}

/// `init`, then `add task` twice, `check`, `remove --purge`: in sync at every
/// step, and the original bytes at the end. `init` must find `backend` and
/// `front` where they are (no "not found", no default folder).
fn round_trip(project: &Project, backend: &str, front: &str, page: &str) {
    round_trip_of(project, "task", backend, front, page);
}

fn round_trip_of(project: &Project, module: &str, backend: &str, front: &str, page: &str) {
    let init = project.rtgen_ok(&["init"]);
    let profile: serde_yaml::Value = serde_yaml::from_str(&project.read("rtgen.yaml")).unwrap();
    assert_eq!(profile["backend"]["root"].as_str(), Some(backend), "{}\n{}", init.stdout, project.read("rtgen.yaml"));
    assert_eq!(profile["front"]["root"].as_str(), Some(front), "{}\n{}", init.stdout, project.read("rtgen.yaml"));
    let before = project.files();
    project.write(&format!("realtime/{module}.yaml"), &spec(module));
    let add = project.rtgen(&["add", module]);
    assert_eq!(add.code, 0, "add:\n{}", add.report(project));
    assert!(project.read(page).contains(&format!("{module}SocketService")), "the page `{page}` was not patched");
    let once = project.files();
    let again = project.rtgen_ok(&["add", module]);
    assert!(again.stdout.contains("up to date"), "{}", again.stdout);
    assert_eq!(project.files(), once, "a second add changed files");
    let check = project.rtgen(&["check"]);
    assert_eq!(check.code, 0, "check after add:\n{}", check.report(project));
    project.rtgen_ok(&["remove", module, "--purge"]);
    let after = project.files();
    assert_eq!(without(after.clone()), without(before.clone()), "remove: {:?}", changed_files(&after, &before));
}

const VITE_APP: &str = r#"{
  "name": "front-at-root",
  "private": true,
  "type": "module",
  "scripts": { "dev": "vite", "build": "vite build" },
  "dependencies": { "react": "^18.3.1", "react-dom": "^18.3.1", "socket.io-client": "~4.8.1" },
  "devDependencies": { "vite": "^7.0.0" }
}
"#;

#[test]
fn a_front_at_the_root_beside_a_server_package() {
    let project = Project::host("dotted-names");
    shift(&project, "backend", "server");
    shift_contents(&project, "front", "");
    project.write("package.json", VITE_APP);
    round_trip(&project, "server", ".", "src/admin/pages/Tasks.jsx");
}

/// One `package.json` for both: the server is a folder its scripts run.
#[test]
fn a_root_package_that_is_both_front_and_server_folder() {
    let project = Project::host("dotted-names");
    shift(&project, "backend", "server");
    fs::remove_file(project.root().join("server/package.json")).unwrap();
    shift_contents(&project, "front", "");
    project.write(
        "package.json",
        r#"{
  "name": "one-package",
  "private": true,
  "type": "module",
  "scripts": { "dev": "vite", "server": "node --watch server/src/index.js", "start": "node start.js" },
  "dependencies": { "express": "^4.22.3", "jsonwebtoken": "^9.0.3", "socket.io": "~4.8.4", "react": "^18.3.1", "socket.io-client": "~4.8.1" }
}
"#,
    );
    project.write("start.js", "import(\"./server/src/index.js\");\n");
    round_trip(&project, "server", ".", "src/admin/pages/Tasks.jsx");
}

#[test]
fn apps_workspaces_with_a_shared_package() {
    let project = Project::host("dotted-names");
    shift(&project, "backend", "apps/api");
    shift(&project, "front", "apps/web");
    project.write("apps/web/package.json", &VITE_APP.replace("front-at-root", "web"));
    project.write("packages/shared/package.json", "{ \"name\": \"shared\", \"main\": \"index.js\" }\n");
    project.write("packages/shared/index.js", "export const STATUSES = [\"open\", \"done\"];\n");
    project.write("package.json", "{ \"private\": true, \"workspaces\": [\"apps/*\", \"packages/*\"] }\n");
    round_trip(&project, "apps/api", "apps/web", "apps/web/src/admin/pages/Tasks.jsx");
}

#[test]
fn packages_server_and_client() {
    let project = Project::host("dotted-names");
    shift(&project, "backend", "packages/server");
    shift(&project, "front", "packages/client");
    project.write("packages/client/package.json", &VITE_APP.replace("front-at-root", "@app/client"));
    project.write("package.json", "{ \"private\": true, \"workspaces\": [\"packages/*\"] }\n");
    // A turbo pipeline changes nothing about where things are.
    project.write("turbo.json", "{ \"tasks\": { \"dev\": { \"cache\": false } } }\n");
    round_trip(&project, "packages/server", "packages/client", "packages/client/src/admin/pages/Tasks.jsx");
}

/// No `main`; `tsx watch` runs the entry; the entry reaches its socket server
/// through `@/`, which `tsconfig.json` maps to `src/`.
#[test]
fn a_typescript_backend_run_by_tsx_with_aliases() {
    let project = Project::host("typescript-app");
    let package = project.read("backend/package.json");
    let package = package
        .replace("  \"main\": \"src/index.ts\",\n", "")
        .replace("\"start\": \"tsx src/index.ts\"", "\"dev\": \"tsx watch src/index.ts\", \"build\": \"tsc\"");
    project.write("backend/package.json", &package);
    let tsconfig = project.read("backend/tsconfig.json");
    project.write(
        "backend/tsconfig.json",
        &tsconfig.replace(
            "\"compilerOptions\": {",
            "\"compilerOptions\": {\n    // `@/x` is `src/x`\n    \"baseUrl\": \".\",\n    \"paths\": { \"@/*\": [\"./src/*\"] },",
        ),
    );
    let entry = project.read("backend/src/index.ts");
    assert!(entry.contains("from \"./socket/socketServer.js\""));
    project
        .write("backend/src/index.ts", &entry.replace("\"./socket/socketServer.js\"", "\"@/socket/socketServer.js\""));
    // Moved out of the usual place, so only the alias leads to it.
    shift(&project, "backend/src/socket", "backend/src/realtime");
    let entry = project.read("backend/src/index.ts");
    project.write(
        "backend/src/index.ts",
        &entry.replace("\"@/socket/socketServer.js\"", "\"@/realtime/socketServer.js\""),
    );
    for file in walk_ts(&project.root().join("backend/src")) {
        let text = fs::read_to_string(&file).unwrap();
        if text.contains("/socket/socketServer.js\"") {
            fs::write(&file, text.replace("/socket/socketServer.js\"", "/realtime/socketServer.js\"")).unwrap();
        }
    }
    round_trip_of(&project, "proposal", "backend", "front", "front/src/admin/pages/Proposals.tsx");
    let profile: serde_yaml::Value = serde_yaml::from_str(&project.read("rtgen.yaml")).unwrap();
    assert_eq!(profile["backend"]["entry"].as_str(), Some("src/index.ts"));
    assert_eq!(profile["backend"]["socketServer"].as_str(), Some("src/realtime/socketServer.ts"));
}

fn walk_ts(dir: &Path) -> Vec<std::path::PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().to_path_buf())
        .collect()
}

/// A Next.js front (pages router, no `src/`): a React front like any other.
#[test]
fn a_next_js_front() {
    let project = Project::host("dotted-names");
    shift_contents(&project, "front/src/admin", "front");
    fs::remove_dir(project.root().join("front/src")).unwrap();
    project.write(
        "front/package.json",
        "{ \"name\": \"web\", \"private\": true, \"scripts\": { \"dev\": \"next dev\" }, \"dependencies\": { \"next\": \"^15.0.0\", \"react\": \"^19.0.0\", \"socket.io-client\": \"~4.8.1\" } }\n",
    );
    round_trip(&project, "backend", "front", "front/pages/Tasks.jsx");
}

/// A partial `rtgen.yaml` (only the roots, as a user writes it by hand):
/// the keys it leaves out are detected, not given the recipe's defaults
/// (`src/admin/contexts/AuthContext.jsx`, which this layout does not have).
#[test]
fn a_partial_profile_falls_back_to_detection_for_the_keys_it_leaves_out() {
    let project = Project::host("dotted-names");
    shift(&project, "backend", "apps/api");
    shift_contents(&project, "front/src/admin", "front/src");
    fs::remove_dir(project.root().join("front/src/admin")).ok();
    shift(&project, "front", "apps/web");
    project.write("apps/web/package.json", &VITE_APP.replace("front-at-root", "web"));
    project.write("rtgen.yaml", "backend:\n  root: apps/api\nfront:\n  root: apps/web\nnames:\n  service: \"{module:kebab}.service\"\n  controller: \"{module:kebab}.controller\"\n");
    let before = project.files();
    project.write("realtime/task.yaml", &spec("task"));
    let add = project.rtgen(&["add", "task"]);
    assert_eq!(add.code, 0, "{}", add.report(&project));
    assert!(project.read("apps/web/src/contexts/AuthContext.jsx").contains("taskSocketService"));
    let check = project.rtgen(&["check"]);
    assert_eq!(check.code, 0, "{}", check.report(&project));
    project.rtgen_ok(&["remove", "task", "--purge"]);
    let after = project.files();
    let (after, before) = (without(after), without(before));
    assert!(after == before, "remove: {:?}", changed_files(&after, &before));
}
