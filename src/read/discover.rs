//! Where a host keeps things, found by content rather than assumed: the
//! backend is the package that depends on `socket.io` (or `express`), its
//! entry is what `package.json` starts, the socket server is the module of
//! the entry's import graph that builds `new Server(...)`, the front's socket
//! client is the module that imports `socket.io-client`, and the AuthContext
//! is the component that connects it. `backend/` + `front/`, `server/` +
//! `client/`, `frontend/`, `src/context/`, `src/pages/` are all found alike.
//!
//! What is not found keeps the recipe's path and is reported as missing with
//! the key to set; it is never reported as found.

use std::path::{Path, PathBuf};

use anyhow::Result;

use crate::js::paths::slash;
use crate::read::host::Host;
use crate::read::profile::Profile;
use crate::read::socket_owner;

/// The profile found, and what was read or not.
#[derive(Debug, Clone)]
pub struct Discovery {
    pub profile: Profile,
    /// One line per value read from the code.
    pub found: Vec<String>,
    /// Per value not found: its `rtgen.yaml` key, and what was looked for.
    pub missing: Vec<(&'static str, String)>,
    /// Per default kept because the code does not say otherwise: its key, and why.
    pub defaults: Vec<(&'static str, String)>,
}

/// Files a discovery reads at most in one folder tree.
const WALK_LIMIT: usize = 4000;
const SCRIPT_EXTENSIONS: &[&str] = &["js", "jsx", "mjs", "cjs", "ts", "tsx"];

/// Discovers the layout of the host at `host`.
pub fn discover(host: &Host) -> Result<Discovery> {
    let mut d = Discovery { profile: Profile::default(), found: Vec::new(), missing: Vec::new(), defaults: Vec::new() };
    let backend = find_backend(host, &mut d)?;
    if let Some(backend) = &backend {
        find_backend_files(host, backend, &mut d)?;
    }
    find_front(host, backend.as_deref(), &mut d)?;
    typescript_layer(host, &mut d)?;
    find_name_patterns(host, &mut d)?;
    Ok(d)
}

/// A TypeScript side without a socket layer gets one in TypeScript from
/// `init`: the files it would write are named `.ts`, beside where the
/// JavaScript ones would go.
fn typescript_layer(host: &Host, d: &mut Discovery) -> Result<()> {
    let typescript = |path: &str| path.ends_with(".ts") || path.ends_with(".tsx");
    let to_ts = |path: &str| path.strip_suffix(".js").map(|stem| format!("{stem}.ts"));
    let backend = Path::new(&d.profile.backend.root);
    if typescript(&d.profile.backend.entry)
        && !host.root().join(backend).join(&d.profile.backend.socket_server).is_file()
    {
        if let Some(ts) = to_ts(&d.profile.backend.socket_server) {
            d.profile.backend.socket_server = ts;
        }
    }
    let front = Path::new(&d.profile.front.root);
    if typescript(&d.profile.front.auth_context)
        && !host.root().join(front).join(&d.profile.front.socket_service).is_file()
    {
        if let Some(ts) = to_ts(&d.profile.front.socket_service) {
            d.profile.front.socket_service = ts;
        }
    }
    Ok(())
}

/// How the services, controllers and pages are named, from the files
/// themselves; where they disagree or there are none, the default stays and
/// is reported as a default, with the key that sets it.
fn find_name_patterns(host: &Host, d: &mut Discovery) -> Result<()> {
    use crate::read::name_patterns::{read_controllers, read_pages, read_services, Reading};
    use crate::read::profile::NamePatterns;
    let normalize = crate::read::survey::normalize;
    let backend = Path::new(&d.profile.backend.root);
    let services = normalize(&backend.join(&d.profile.backend.services));
    let controllers = normalize(&backend.join(&d.profile.backend.controllers));
    let pages = normalize(&Path::new(&d.profile.front.root).join(&d.profile.front.pages));
    let (service_reading, words) = read_services(host, &services)?;
    // A TypeScript front's default page is `.tsx` (`plan::layout` names it so).
    let typescript_front =
        crate::read::layout::Lang::of(&d.profile.front.auth_context) == crate::read::layout::Lang::TypeScript;
    let default_page = if typescript_front { "{Modules}.tsx" } else { NamePatterns::DEFAULT_PAGE };
    let readings = [
        ("names.service", "service", services, service_reading, NamePatterns::DEFAULT_SERVICE, ".js"),
        (
            "names.controller",
            "controller",
            controllers.clone(),
            read_controllers(host, &controllers, &words)?,
            NamePatterns::DEFAULT_CONTROLLER,
            ".js",
        ),
        ("names.page", "page", pages.clone(), read_pages(host, &pages, &words)?, default_page, ""),
    ];
    for (key, kind, dir, reading, default, ext) in readings {
        let described = |files: Vec<String>| files.join(", ");
        match reading {
            Reading::Agreed { pattern, files, odd } => {
                let names = described(files.iter().map(|f| format!("`{}`", slash(f))).collect());
                let odd = match odd.as_slice() {
                    [] => String::new(),
                    odd => format!(
                        "; {} named otherwise",
                        described(odd.iter().map(|f| format!("`{}`", slash(f))).collect())
                    ),
                };
                // The files' own extension (`.ts`, `.cjs`) when they share one: the pattern leaves it out.
                let shared = files
                    .first()
                    .and_then(|f| f.extension())
                    .filter(|first| files.iter().all(|f| f.extension() == Some(*first)));
                let ext = match shared {
                    Some(shared) if !ext.is_empty() => format!(".{}", shared.to_string_lossy()),
                    _ => ext.to_string(),
                };
                d.found.push(format!("`{pattern}{ext}`: how {kind} files are named (from {names}{odd})"));
                if pattern != default {
                    match key {
                        "names.service" => d.profile.names.service = Some(pattern),
                        "names.controller" => d.profile.names.controller = Some(pattern),
                        _ => d.profile.names.page = Some(pattern),
                    }
                }
            }
            Reading::Disagree(files) => {
                let names = described(files.iter().map(|(f, p)| format!("`{}` ({p})", slash(f))).collect());
                d.defaults.push((
                    key,
                    format!("`{default}{ext}` for {kind} files: the files in `{}` disagree ({names})", slash(&dir)),
                ));
            }
            Reading::None => d
                .defaults
                .push((key, format!("`{default}{ext}` for {kind} files: no {kind} file in `{}`", slash(&dir)))),
        }
    }
    Ok(())
}

/// The backend: the package (or a folder of the root package, when the root
/// is also the front) whose start-up creates the socket.io server, else the
/// one that depends on `socket.io`, else on `express`; its entry is the file
/// `main` or a script runs, whatever runs it.
fn find_backend(host: &Host, d: &mut Discovery) -> Result<Option<PathBuf>> {
    let packages = crate::read::packages::packages(host)?;
    // Per candidate: its root, its entry (relative to that root) and why.
    let mut fallback: Option<(PathBuf, Option<(PathBuf, String)>, &str)> = None;
    for dependency in ["socket.io", "express"] {
        for package in packages.iter().filter(|p| p.depends_on(dependency)) {
            let mut entries = crate::read::packages::entry_candidates(host, package)?;
            if entries.is_empty() {
                entries.extend(usual_entry(host, package)?);
            }
            // A root package that is also the front runs its server from a folder (`server/index.js`).
            let split = |file: &Path| -> (PathBuf, PathBuf) {
                let folder = file.components().next().map(|c| PathBuf::from(c.as_os_str()));
                match folder {
                    Some(folder)
                        if package.is_root()
                            && package.is_front()
                            && file.components().count() > 1
                            && folder != Path::new("src") =>
                    {
                        (folder.clone(), file.strip_prefix(&folder).unwrap_or(file).to_path_buf())
                    }
                    _ => (package.dir.clone(), file.to_path_buf()),
                }
            };
            for (file, why) in &entries {
                let (root, entry) = split(file);
                if package.is_root() && package.is_front() && root == Path::new(".") {
                    continue;
                }
                let full = if root == Path::new(".") { entry.clone() } else { root.join(&entry) };
                if crate::read::survey::find_socket_server(host, &full)?.is_some() || dependency == "express" {
                    return Ok(Some(take_backend(d, root, Some((entry, why.clone())), dependency)));
                }
                if fallback.is_none() {
                    fallback = Some((root, Some((entry, why.clone())), dependency));
                }
            }
            if fallback.is_none() && !(package.is_root() && package.is_front()) {
                fallback = Some((package.dir.clone(), None, dependency));
            }
        }
        if let Some((root, entry, dependency)) = fallback.take() {
            return Ok(Some(take_backend(d, root, entry, dependency)));
        }
    }
    if host.root().join(&d.profile.backend.root).is_dir() {
        return Ok(Some(PathBuf::from(&d.profile.backend.root)));
    }
    d.missing
        .push(("backend.root", "the backend: no `package.json` that depends on `socket.io` or `express`".to_string()));
    Ok(None)
}

/// Records the backend at `root` with its entry (or says none was found).
fn take_backend(d: &mut Discovery, root: PathBuf, entry: Option<(PathBuf, String)>, dependency: &str) -> PathBuf {
    d.profile.backend.root = slash(&root);
    d.found.push(format!("`{}`: the backend (its `package.json` depends on `{dependency}`)", slash(&root.join(""))));
    match entry {
        Some((entry, why)) => {
            d.profile.backend.entry = slash(&entry);
            let why = if why.is_empty() { String::new() } else { format!(" ({why})") };
            d.found.push(format!("`{}`: the server entry{why}", slash(&root.join(&entry))));
        }
        None => d.missing.push((
            "backend.entry",
            format!("the server entry: `package.json` names none that exists in `{}`", slash(&root)),
        )),
    }
    root
}

/// A usual entry name, when neither `main` nor a script names one.
fn usual_entry(host: &Host, package: &crate::read::packages::Package) -> Result<Option<(PathBuf, String)>> {
    for candidate in [
        "src/index.js",
        "src/server.js",
        "src/app.js",
        "src/index.ts",
        "src/server.ts",
        "src/app.ts",
        "index.js",
        "server.js",
        "app.js",
        "index.ts",
        "server.ts",
        "app.ts",
    ] {
        if host.read(&package.join(Path::new(candidate)))?.is_some() {
            return Ok(Some((PathBuf::from(candidate), String::new())));
        }
    }
    Ok(None)
}

/// The socket server, the events folder beside it, services and controllers.
fn find_backend_files(host: &Host, backend: &Path, d: &mut Discovery) -> Result<()> {
    let entry = backend.join(&d.profile.backend.entry);
    if let Some(server) = crate::read::survey::find_socket_server(host, &entry)? {
        if let Ok(relative) = server.strip_prefix(backend) {
            // The socket layer's own report says how it is made.
            d.profile.backend.socket_server = slash(relative);
            let events = relative.parent().map(|p| p.join("events")).unwrap_or_else(|| PathBuf::from("events"));
            // Beside the server module; not the entry's folder when the entry creates it.
            if server != entry {
                d.profile.backend.events = slash(&events);
            }
        }
    }
    for (key, names) in
        [("services", ["src/services", "services"]), ("controllers", ["src/controllers", "controllers"])]
    {
        let found = names.iter().find(|n| host.root().join(backend).join(n).is_dir());
        match (found, key) {
            (Some(dir), "services") => d.profile.backend.services = dir.to_string(),
            (Some(dir), _) => d.profile.backend.controllers = dir.to_string(),
            (None, _) => {}
        }
    }
    Ok(())
}

/// The front: where `socket.io-client` is imported, and what connects it.
fn find_front(host: &Host, backend: Option<&Path>, d: &mut Discovery) -> Result<()> {
    // Packages that depend on the socket client first, then React, Next.js or
    // Vite apps (the root one too, beside `server/`), then the usual folder names.
    let mut packages = crate::read::packages::packages(host)?;
    packages.retain(|p| Some(p.dir.as_path()) != backend && (!p.is_root() || p.is_front()));
    packages.sort_by_key(|p| (!p.depends_on("socket.io-client"), !p.is_front()));
    let fronts: Vec<PathBuf> = packages.iter().filter(|p| p.is_front()).map(|p| p.dir.clone()).collect();
    let mut dirs: Vec<PathBuf> = packages.into_iter().map(|p| p.dir).collect();
    for name in ["front", "frontend", "client", "web", "app"] {
        if host.root().join(name).is_dir()
            && !dirs.iter().any(|d| d == Path::new(name))
            && Some(Path::new(name)) != backend
        {
            dirs.push(PathBuf::from(name));
        }
    }
    // A front at the root does not hold the backend's folder.
    let outside_backend = |file: &Path| backend.is_none_or(|b| b == Path::new(".") || !file.starts_with(b));
    // The module that imports `io` creates the socket; one importing only `Socket` (as a
    // type, without `import type`: a hook typing a ref) is taken only when no module does.
    let mut socket_client = None;
    let mut importer = None;
    for dir in &dirs {
        for file in scripts(host, dir)? {
            if !outside_backend(&file) {
                continue;
            }
            let text = host.read(&file)?.unwrap_or_default();
            if !text.contains("socket.io-client") {
                continue;
            }
            match client_import(&file, &text) {
                Some(true) => {
                    socket_client = Some((dir.clone(), file));
                    break;
                }
                Some(false) if importer.is_none() => importer = Some((dir.clone(), file)),
                _ => {}
            }
        }
        if socket_client.is_some() {
            break;
        }
    }
    let socket_client = socket_client.or(importer);
    let Some((front, client)) = socket_client else {
        let front = dirs.iter().find(|dir| fronts.contains(dir) || host.root().join(dir).join("src").is_dir()).cloned();
        if let Some(front) = &front {
            d.profile.front.root = slash(front);
        }
        d.missing.push((
            "front.socketService",
            "the frontend socket client: no module imports `socket.io-client`".to_string(),
        ));
        return find_front_parts(host, front.as_deref(), None, false, d);
    };
    d.profile.front.root = slash(&front);
    let relative = client.strip_prefix(&front).unwrap_or(&client).to_path_buf();
    d.profile.front.socket_service = slash(&relative);
    d.profile.front.services = relative.parent().map(slash).unwrap_or_default();
    d.found.push(format!("`{}`: the frontend socket client (imports `socket.io-client`)", slash(&client)));
    let text = host.read(&client)?.unwrap_or_default();
    // A socket module is the line above; a socket inside a provider, a hook
    // or a store is said too (and `init` says what to change where rtgen
    // cannot wire it).
    let owner = socket_owner::find(&client, &text).filter(|f| f.owner != socket_owner::Owner::Module);
    match &owner {
        Some(owner) if socket_owner::is_owned(owner) => {
            d.found.push(socket_owner::wired_note(&slash(&client), owner));
            // The file that creates the socket is also where it is set up and torn down.
            d.profile.front.auth_context = d.profile.front.socket_service.clone();
            // The modules' socket services go beside the front's other services, when it has a
            // `services/` folder (the one nearest the socket's file).
            let shared = |p: &Path| p.components().zip(client.components()).take_while(|(a, b)| a == b).count();
            let mut folders: Vec<PathBuf> = scripts(host, &front)?
                .iter()
                .filter_map(|f| {
                    f.ancestors().find(|a| a.file_name().is_some_and(|n| n == "services")).map(Path::to_path_buf)
                })
                .collect();
            folders.sort();
            folders.dedup();
            if let Some(services) =
                folders.iter().max_by_key(|p| (shared(p), std::cmp::Reverse(p.components().count())))
            {
                d.profile.front.services = slash(services.strip_prefix(&front).unwrap_or(services));
            }
        }
        Some(owner) => d.found.push(socket_owner::describe(&slash(&client), owner)),
        None => {}
    }
    let owned = owner.as_ref().is_some_and(socket_owner::is_owned);
    find_front_parts(host, Some(&front), Some(&client), owned, d)
}

/// The AuthContext (the component that connects the socket client, none
/// when the client file creates its socket in a provider, a hook, a store or
/// a function: `owned`), the pages folder and the toast module.
fn find_front_parts(
    host: &Host,
    front: Option<&Path>,
    client: Option<&Path>,
    owned: bool,
    d: &mut Discovery,
) -> Result<()> {
    let Some(front) = front else {
        d.missing.push(("front.root", "the frontend: no folder with a `src/`".to_string()));
        return Ok(());
    };
    let files: Vec<PathBuf> = scripts(host, front)?.iter().map(|f| crate::read::survey::normalize(f)).collect();
    let stem = client.and_then(|c| c.file_stem()).map(|s| s.to_string_lossy().into_owned());
    let connects = |file: &Path| -> Result<bool> {
        let text = host.read(file)?.unwrap_or_default();
        Ok(stem.as_ref().is_some_and(|stem| text.contains(&format!("/{stem}")) && text.contains(".connect(")))
    };
    let is_context = |file: &Path| {
        let name = file.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        name.ends_with("Context") || name.ends_with("Provider")
    };
    let mut auth = None;
    for file in files.iter().filter(|f| is_context(f) && !owned) {
        if connects(file)? {
            auth = Some((file.clone(), "connects the socket client"));
            break;
        }
    }
    if auth.is_none() && !owned {
        auth = files
            .iter()
            .find(|f| f.file_stem().is_some_and(|s| s == "AuthContext"))
            .map(|f| (f.clone(), "the AuthContext"));
    }
    let auth_path = auth.as_ref().map(|(file, _)| file.clone());
    match auth {
        Some((file, why)) => {
            d.profile.front.auth_context = slash(file.strip_prefix(front).unwrap_or(&file));
            d.found.push(format!("`{}`: {why}", slash(&file)));
        }
        None if owned => {}
        None => d.missing.push((
            "front.authContext",
            format!("the AuthContext: no `*Context`/`*Provider` component in `{}` connects the socket", slash(front)),
        )),
    }
    // The pages folder nearest the AuthContext (an admin app's, not the public site's),
    // and the `pages/` above area folders (`pages/leave/LeavePage.jsx`).
    let near: PathBuf = auth_path.clone().or_else(|| client.map(Path::to_path_buf)).unwrap_or_default();
    let shared = |p: &Path| p.components().zip(near.components()).take_while(|(a, b)| a == b).count();
    let mut folders: Vec<PathBuf> = files
        .iter()
        .filter_map(|f| f.ancestors().find(|a| a.file_name().is_some_and(|n| n == "pages")).map(Path::to_path_buf))
        .collect();
    folders.sort();
    folders.dedup();
    let pages = folders.iter().max_by_key(|p| (shared(p), std::cmp::Reverse(p.components().count())));
    match pages {
        Some(pages) => {
            d.profile.front.pages = slash(pages.strip_prefix(front).unwrap_or(pages));
            d.found.push(format!("`{}`: the pages", slash(pages)));
        }
        None => d.missing.push(("front.pages", format!("the pages: no `pages/` folder in `{}`", slash(front)))),
    }
    if client.is_none() {
        // No socket client yet: `init` writes one into the services folder
        // the front already has (where its API module lives), nearest the
        // AuthContext, not into a default folder beside it.
        let mut services: Vec<PathBuf> = files
            .iter()
            .filter_map(|f| {
                f.parent().filter(|p| p.file_name().is_some_and(|n| n == "services")).map(Path::to_path_buf)
            })
            .collect();
        services.sort();
        services.dedup();
        if let Some(dir) = services.iter().max_by_key(|p| (shared(p), std::cmp::Reverse(p.components().count()))) {
            let relative = dir.strip_prefix(front).unwrap_or(dir);
            d.profile.front.services = slash(relative);
            d.profile.front.socket_service = slash(&relative.join("socketService.js"));
            d.found.push(format!("`{}`: the services folder (the socket service goes there)", slash(dir)));
        }
    }
    let toast = files.iter().find(|f| f.file_stem().is_some_and(|s| s == "toast"));
    d.profile.front.toast = toast.map(|t| slash(t.strip_prefix(front).unwrap_or(t)));
    if let Some(toast) = toast {
        d.found.push(format!("`{}`: the toast module", slash(toast)));
    }
    Ok(())
}

/// The script files under `dir` (its `src/` when it has one).
fn scripts(host: &Host, dir: &Path) -> Result<Vec<PathBuf>> {
    let src = if dir == Path::new(".") { PathBuf::from("src") } else { dir.join("src") };
    let root = if host.root().join(&src).is_dir() { src } else { dir.to_path_buf() };
    Ok(host
        .walk(&root, 6, WALK_LIMIT)?
        .into_iter()
        .filter(|f| f.extension().is_some_and(|e| SCRIPT_EXTENSIONS.iter().any(|x| e == *x)))
        .collect())
}

/// Whether `text` imports `socket.io-client` (not only mentions it, nor only
/// its types: a generated TypeScript service's `import type { Socket }`):
/// `Some(true)` when it imports what creates a socket (`io`, or the default
/// export), `Some(false)` when it imports other names only (`{ Socket }`).
fn client_import(path: &Path, text: &str) -> Option<bool> {
    crate::js::parse::with_program(path, text, |program| {
        let imports = crate::js::ast::imports(program)
            .iter()
            .any(|i| i.source.value == "socket.io-client" && !i.import_kind.is_type());
        imports.then(|| !crate::read::socket_owner::creators(program).is_empty())
    })
    .ok()
    .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::read::host::temp_host as host;

    /// TypeScript services: the pattern found is printed with their extension
    /// (it said `{module}.service.js` from `email.service.ts`).
    #[test]
    fn r_typescript_service_pattern_is_printed_with_ts() {
        let (_dir, host) = host(&[
            ("backend/package.json", "{\"dependencies\": {\"socket.io\": \"4\"}}"),
            ("backend/src/services/email.service.ts", "export const sendEmail = async () => {};\n"),
            ("backend/src/services/ticket.service.ts", "export const createTicket = async () => {};\n"),
        ]);
        let d = discover(&host).unwrap();
        assert_eq!(d.profile.names.service.as_deref(), Some("{module}.service"));
        assert!(
            d.found.iter().any(|line| line.starts_with("`{module}.service.ts`: how service files are named")),
            "{:?}",
            d.found
        );
    }

    #[test]
    fn server_and_client_folders() {
        let (_dir, host) = host(&[
            ("server/package.json", r#"{ "main": "index.js", "dependencies": { "socket.io": "4" } }"#),
            ("server/index.js", "import { Server } from \"socket.io\";\nconst io = new Server(1);\n"),
            ("server/src/services/taskService.js", "export default {};\n"),
            ("server/src/controllers/tasks.controller.js", "export {};\n"),
            ("client/src/services/socket.js", "import { io } from \"socket.io-client\";\nexport default io();\n"),
            (
                "client/src/context/SessionProvider.jsx",
                "import socket from \"../services/socket\";\nsocket.connect();\n",
            ),
            ("client/src/pages/Tasks.jsx", "export default function Tasks() {}\n"),
        ]);
        let d = discover(&host).unwrap();
        assert_eq!(d.profile.backend.root, "server");
        assert_eq!(d.profile.backend.entry, "index.js");
        assert_eq!(d.profile.backend.socket_server, "index.js");
        assert_eq!(d.profile.backend.services, "src/services");
        assert_eq!(d.profile.front.root, "client");
        assert_eq!(d.profile.front.socket_service, "src/services/socket.js");
        assert_eq!(d.profile.front.auth_context, "src/context/SessionProvider.jsx");
        assert_eq!(d.profile.front.pages, "src/pages");
        assert_eq!(d.profile.front.toast, None);
        // Read from the files: the controllers' own pattern is kept, the default service one is not written.
        assert_eq!(d.profile.names.controller.as_deref(), Some("{modules}.controller"));
        assert_eq!((d.profile.names.service.as_deref(), d.profile.names.page.as_deref()), (None, None));
        assert!(
            d.found.iter().any(|f| f.contains("`{module}Service.js`") && f.contains("taskService.js")),
            "{:?}",
            d.found
        );
        assert!(d.missing.is_empty(), "{:?}", d.missing);
    }

    #[test]
    fn a_socket_inside_a_store_is_said_and_a_socket_module_is_not() {
        let store = "import { create } from \"zustand\";\nimport { io } from \"socket.io-client\";\n\
            export const useSocketStore = create((set) => ({\n  connect: () => set({ socket: io(\"/\") }),\n}));\n";
        let (_dir, store_host) = host(&[("web/src/store/socketStore.js", store), ("web/src/pages/Tasks.jsx", "")]);
        let d = discover(&store_host).unwrap();
        assert_eq!(d.profile.front.socket_service, "src/store/socketStore.js");
        assert!(
            d.found.contains(
                &"`web/src/store/socketStore.js:4` creates the socket inside the store `useSocketStore`: `rtgen add` hands it to each module's socket service there".to_string()
            ),
            "{:?}",
            d.found
        );
        // The store sets the socket up and tears it down: it is no AuthContext's job, and none is missing.
        assert_eq!(d.profile.front.auth_context, "src/store/socketStore.js");
        assert!(!d.missing.iter().any(|(key, _)| *key == "front.authContext"), "{:?}", d.missing);
        let module = "import { io } from \"socket.io-client\";\nexport default io(\"/\", { autoConnect: false });\n";
        let (_other, module_host) = host(&[("web/src/socket.js", module)]);
        let d = discover(&module_host).unwrap();
        assert!(!d.found.iter().any(|f| f.contains("creates the socket")), "{:?}", d.found);
    }

    /// Regression: the TypeScript service `add` generates for a socket kept in a
    /// A hook that imports `Socket` without `import type` (to type a ref)
    /// sorts before the store that calls `io(...)`: the store is the client.
    #[test]
    fn r_a_hook_importing_socket_for_its_type_is_not_the_socket_client() {
        let store = "import { create } from 'zustand';\nimport { io, Socket } from 'socket.io-client';\n\
            export const useSocketStore = create((set) => ({\n  socket: null,\n  connect: () => set({ socket: io('/') }),\n}));\n";
        let (_dir, host) = host(&[
            (
                "frontend/src/features/tickets/hooks/useTickets.ts",
                "import { Socket } from 'socket.io-client';\nexport const useTickets = (s: Socket) => s;\n",
            ),
            ("frontend/src/shared/store/socketStore.ts", store),
        ]);
        let d = discover(&host).unwrap();
        assert_eq!(d.profile.front.socket_service, "src/shared/store/socketStore.ts");
    }

    /// function imports its type only; it is not the socket client.
    #[test]
    fn a_type_only_import_is_not_the_socket_client() {
        let manager = "import { io, type Socket } from \"socket.io-client\";\nlet socket: Socket | null = null;\n\
            export const connectSocket = () => {\n  socket = io(\"/\");\n  return socket;\n};\n";
        let (_dir, host) = host(&[
            (
                "web/src/services/aTaskSocketService.ts",
                "import type { Socket } from \"socket.io-client\";\nexport {};\n",
            ),
            ("web/src/services/socketManager.ts", manager),
        ]);
        let d = discover(&host).unwrap();
        assert_eq!(d.profile.front.socket_service, "src/services/socketManager.ts");
    }

    /// The front is the root package (a Vite app) and the server is a folder of it.
    #[test]
    fn a_front_at_the_root_beside_its_server_folder() {
        let (_dir, host) = host(&[
            (
                "package.json",
                r#"{ "type": "module", "scripts": { "dev": "vite", "server": "node --watch server/index.js", "start": "node start.js" }, "dependencies": { "express": "4", "socket.io": "4", "react": "18", "socket.io-client": "4" } }"#,
            ),
            ("start.js", "import('./server/index.js');\n"),
            ("server/index.js", "import { Server } from 'socket.io';\nconst io = new Server(1);\n"),
            ("src/services/socket.js", "import { io } from 'socket.io-client';\nexport default io();\n"),
            ("src/pages/Orders.jsx", "export default function Orders() {}\n"),
        ]);
        let d = discover(&host).unwrap();
        assert_eq!((d.profile.backend.root.as_str(), d.profile.backend.entry.as_str()), ("server", "index.js"));
        assert_eq!(d.profile.front.root, ".");
        assert_eq!(d.profile.front.socket_service, "src/services/socket.js");
        assert_eq!(d.profile.front.pages, "src/pages");
    }

    /// `apps/api` + `apps/web` + a shared package, the api a TypeScript entry run by
    /// `tsx watch` that reaches its socket server through an `@/` alias.
    #[test]
    fn workspaces_with_a_tsx_backend_and_aliases() {
        let (_dir, host) = host(&[
            ("package.json", r#"{ "workspaces": ["apps/*", "packages/*"] }"#),
            ("packages/shared/package.json", r#"{ "name": "shared" }"#),
            ("packages/shared/src/index.ts", "export const x = 1;\n"),
            ("apps/api/package.json", r#"{ "scripts": { "dev": "tsx watch src/main.ts", "build": "tsc" }, "dependencies": { "express": "4", "socket.io": "4" } }"#),
            ("apps/api/tsconfig.json", "{\n  // aliases\n  \"compilerOptions\": { \"baseUrl\": \".\", \"paths\": { \"@/*\": [\"./src/*\"] }, },\n}\n"),
            ("apps/api/src/main.ts", "import { start } from '@/realtime/io';\nstart();\n"),
            ("apps/api/src/realtime/io.ts", "import { Server } from 'socket.io';\nexport const start = () => new Server(1);\n"),
            ("apps/web/package.json", r#"{ "dependencies": { "react": "18", "socket.io-client": "4" } }"#),
            ("apps/web/src/lib/socket.ts", "import { io } from 'socket.io-client';\nexport default io();\n"),
        ]);
        let d = discover(&host).unwrap();
        assert_eq!((d.profile.backend.root.as_str(), d.profile.backend.entry.as_str()), ("apps/api", "src/main.ts"));
        assert_eq!(d.profile.backend.socket_server, "src/realtime/io.ts");
        assert_eq!(d.profile.front.root, "apps/web");
    }

    /// A backend with no `src/` started from its build output: the source it is compiled from.
    #[test]
    fn a_backend_run_from_its_build_output_is_read_from_its_source() {
        let (_dir, host) = host(&[
            (
                "server/package.json",
                r#"{ "main": "index.js", "scripts": { "start": "tsc && nodemon ./dist/server.js" }, "dependencies": { "socket.io": "4" } }"#,
            ),
            ("server/tsconfig.json", r#"{ "compilerOptions": { "rootDir": "./", "outDir": "./dist" } }"#),
            ("server/server.ts", "import { Server } from 'socket.io';\nconst io = new Server(1);\n"),
            ("server/dist/server.js", "const io = new (require('socket.io').Server)(1);\n"),
        ]);
        let d = discover(&host).unwrap();
        assert_eq!((d.profile.backend.root.as_str(), d.profile.backend.entry.as_str()), ("server", "server.ts"));
    }

    #[test]
    fn entry_from_the_start_script_and_nothing_found_is_said() {
        let (_dir, host) = host(&[
            (
                "api/package.json",
                r#"{ "scripts": { "start": "node ./src/server.js" }, "dependencies": { "express": "4" } }"#,
            ),
            ("api/src/server.js", "app.listen(1);\n"),
        ]);
        let d = discover(&host).unwrap();
        assert_eq!((d.profile.backend.root.as_str(), d.profile.backend.entry.as_str()), ("api", "src/server.js"));
        assert!(d.missing.iter().any(|(key, _)| *key == "front.socketService"), "{:?}", d.missing);
        assert!(!d.found.iter().any(|f| f.contains("socket.io server")), "{:?}", d.found);
    }
}
