//! Authenticating sockets from the host's own HTTP auth (issue 27, item 3).
//!
//! Where the host's sockets carry no authenticated user, rtgen does not ask
//! for socket auth written by hand: it reads the Express auth middleware the
//! module's routes use (`read::http_auth`), generates `realtimeAuth.{js,ts}`
//! beside the runtime (a socket.io middleware, `authenticate(socket, next)`,
//! that verifies the same credential on the handshake and sets
//! `socket.data.realtimeUser = { id, role, tenant }`, never rejecting), and
//! makes the front's socket send the credential its API calls already carry
//! (`patch::socket_credential`). It refuses only where the HTTP API has no
//! auth either.
//!
//! INTEGRATION HOOK: the runtime's plan calls [`read_socket_auth`] then
//! [`plan_socket_auth`] when its reading of the socket layer finds no
//! authenticated user, writes the plan's file and front patch with its own,
//! and has `attach(io)` run `io.use(authenticate)` (imported from
//! `./realtimeAuth`). Removal: the file goes with the runtime, and
//! `patch::socket_credential::remove` takes the front's property out.

use std::path::{Path, PathBuf};

use anyhow::Result;

use crate::js::style::Style;
use crate::patch::socket_credential::{self, Send};
use crate::patch::Outcome;
use crate::read::front_credential::{self, FrontCredential};
use crate::read::host::Host;
use crate::read::http_auth::{self, Credential, Field, HttpAuth, Reading};
use crate::render::socket_auth::{self, Lang};
use crate::render::Templates;

/// What planning socket auth starts from: all read, nothing decided.
#[derive(Debug, Clone)]
pub struct SocketAuthReading {
    /// Whether the host's sockets already carry an authenticated user (then nothing is generated).
    pub sockets_authenticated: bool,
    pub http: Reading,
    pub front: FrontCredential,
    /// The front file that creates the socket, with its text.
    pub front_socket: Option<(PathBuf, String)>,
    /// The runtime's folder: the host's socket folder.
    pub socket_dir: PathBuf,
    pub lang: Lang,
    /// The style of the host's socket server file.
    pub style: Style,
}

/// Reads what [`plan_socket_auth`] needs.
pub fn read_socket_auth(
    host: &Host,
    backend: &Path,
    front: Option<&Path>,
    socket_dir: &Path,
    module: &str,
    lang: Lang,
    sockets_authenticated: bool,
) -> Result<SocketAuthReading> {
    let http = http_auth::read(host, backend, module)?;
    let (credential, socket) = match front {
        Some(front) => {
            let socket = match front_credential::socket_file(host, front)? {
                Some(file) => host.read(&file)?.map(|text| (file, text)),
                None => None,
            };
            (front_credential::read(host, front)?, socket)
        }
        None => (FrontCredential::default(), None),
    };
    let style = host
        .list(socket_dir, lang.extension())?
        .first()
        .and_then(|f| host.read(f).ok().flatten())
        .map(|t| Style::detect(&t))
        .unwrap_or_default();
    Ok(SocketAuthReading {
        sockets_authenticated,
        http,
        front: credential,
        front_socket: socket,
        socket_dir: socket_dir.to_path_buf(),
        lang,
        style,
    })
}

/// What the front's socket is to do about the credential.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FrontSend {
    /// rtgen patches the socket's creation: the file's new text.
    Patched { file: PathBuf, text: String, sends: String },
    /// The socket already sends it.
    Already { file: PathBuf },
    /// rtgen cannot: why, and the property to add to the `io(...)` options by hand.
    ByHand { why: String, lines: String },
}

/// The socket auth rtgen adds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SocketAuthPlan {
    /// `realtimeAuth.{js,ts}` in the socket folder, and its text (no header: the caller's writer adds it).
    pub file: PathBuf,
    pub text: String,
    pub front: FrontSend,
    /// What rtgen read, one line each, for the report.
    pub found: Vec<String>,
    pub auth: HttpAuth,
}

/// Why rtgen cannot authenticate the sockets: the file, what it looked for, the fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// Plans the socket middleware and the front's credential; `None` when the
/// host's sockets are authenticated already.
pub fn plan_socket_auth(reading: &SocketAuthReading, templates: &Templates) -> Result<Option<SocketAuthPlan>, Problem> {
    if reading.sockets_authenticated {
        return Ok(None);
    }
    let auth = match &reading.http {
        Reading::Found(auth) => auth.clone(),
        Reading::None { routes, looked } => {
            let routes = match routes.is_empty() {
                true => "no Express router file (`Router()`)".to_string(),
                false => crate::error::backticked(routes.iter().map(|r| r.display().to_string()), ", "),
            };
            let looked = match looked.is_empty() {
                true => String::new(),
                false => format!("; the middlewares they use ({}) verify no token or cookie", looked.join(", ")),
            };
            return Err(Problem {
                message: format!(
                    "the sockets are not authenticated, and neither is the HTTP API: rtgen looked in {routes} for an auth middleware (`router.use(auth)`, `router.post(\"/\", auth, ...)`) that verifies a JWT (`jwt.verify`) or a cookie{looked}, so nothing proves who a socket's user is\n  help: authenticate the API's routes first (a middleware that verifies the login token and sets `req.user = {{ id, role }}`), then run rtgen again: it authenticates the sockets the same way"
                ),
            });
        }
        Reading::Unreadable { what, fix, .. } => {
            return Err(Problem { message: format!("{what}\n  help: {fix}, then run rtgen again") });
        }
    };
    let file = reading.socket_dir.join(socket_auth::file_name(reading.lang));
    let text = socket_auth::render(&auth, &file, reading.lang, &reading.style, templates)
        .map_err(|e| Problem { message: format!("{e:#}") })?;
    let front = front_send(reading, &auth);
    Ok(Some(SocketAuthPlan { found: found(&auth, &front), file, text, front, auth }))
}

/// What to send from the front, and how.
fn front_send(reading: &SocketAuthReading, auth: &HttpAuth) -> FrontSend {
    let cookie = auth.credentials.iter().any(|c| matches!(c, Credential::Cookie(_) | Credential::Session));
    let header = auth.credentials.iter().any(|c| matches!(c, Credential::Bearer | Credential::RawHeader));
    let send = if cookie && (reading.front.cookies.is_some() || !header) {
        Some(Send::Cookies)
    } else {
        reading.front.token().map(|s| Send::Token(s.expression()))
    };
    let Some(send) = send else {
        // Sent already (the lines below, applied by hand, or the host's own `auth`)?
        if let Some((file, text)) = &reading.front_socket {
            if socket_credential::already_sends(file, text, &Send::Token(String::new())) {
                return FrontSend::Already { file: file.clone() };
            }
        }
        return by_hand(reading);
    };
    let Some((file, text)) = &reading.front_socket else {
        return FrontSend::ByHand {
            why: "rtgen found no one `io(...)` call of `socket.io-client` in the front".into(),
            lines: format!("{},", send.property()),
        };
    };
    match socket_credential::add(file, text, &send) {
        Ok(Outcome::Changed(new)) => FrontSend::Patched { file: file.clone(), text: new, sends: send.property() },
        Ok(Outcome::Unchanged) => FrontSend::Already { file: file.clone() },
        Err(error) => FrontSend::ByHand { why: error.to_string(), lines: format!("{},", send.property()) },
    }
}

/// Why rtgen cannot make the front send its token, and the lines that do.
fn by_hand(reading: &SocketAuthReading) -> FrontSend {
    let socket = reading
        .front_socket
        .as_ref()
        .map(|(f, _)| f.display().to_string())
        .unwrap_or_else(|| "the module that creates the socket".into());
    match (&reading.front.state, &reading.front.state_read) {
        (Some(file), Some((read, import))) => FrontSend::ByHand {
            why: format!(
                "the front's API calls send `{read}` (`{}`), which rtgen does not import into `{socket}` by itself",
                file.display()
            ),
            lines: format!("{}\n{},", rebase_import(import, file, reading.front_socket.as_ref().map(|(f, _)| f.as_path())), Send::Token(read.clone()).property()),
        },
        (Some(file), None) => FrontSend::ByHand {
            why: format!(
                "the front's API calls send a token that `{}` holds in component state (a context or a hook), which `{socket}` cannot read; give it to the socket where the token is known, before it connects",
                file.display()
            ),
            lines: "socket.auth = { token };".into(),
        },
        (None, _) => FrontSend::ByHand {
            why: "rtgen found no token the front's API calls send (`Authorization` from `localStorage`, `sessionStorage` or a store)".into(),
            lines: "socket.auth = { token };".into(),
        },
    }
}

/// `import` as written in `from`, with a relative specifier rewritten for `to`.
fn rebase_import(import: &str, from: &Path, to: Option<&Path>) -> String {
    let Some(to) = to else { return import.to_string() };
    let quote = if import.contains('"') { '"' } else { '\'' };
    let mut parts = import.splitn(3, quote);
    let (Some(head), Some(spec), Some(tail)) = (parts.next(), parts.next(), parts.next()) else {
        return import.to_string();
    };
    if !spec.starts_with('.') {
        return import.to_string();
    }
    let target = crate::read::survey::normalize(&from.parent().unwrap_or(Path::new("")).join(spec));
    let dir = to.parent().unwrap_or(Path::new(""));
    let common = dir.components().zip(target.components()).take_while(|(a, b)| a == b).count();
    let mut rel = PathBuf::new();
    for _ in common..dir.components().count() {
        rel.push("..");
    }
    for part in target.components().skip(common) {
        rel.push(part);
    }
    let rel = rel.to_string_lossy().replace('\\', "/");
    let rel = if rel.starts_with("..") { rel } else { format!("./{rel}") };
    format!("{head}{quote}{rel}{quote}{tail}")
}

/// What rtgen read, for people.
fn found(auth: &HttpAuth, front: &FrontSend) -> Vec<String> {
    let field = |f: &Option<Field>| match f {
        Some(Field::Payload(p)) => format!("`{}`", http_auth::shown(p)),
        Some(Field::User(k)) => format!("`user.{k}` of the lookup"),
        None => "none".into(),
    };
    let mut lines = vec![
        format!(
            "`{}:{}`: the API's auth middleware `{}` reads {}, {}",
            auth.file.display(),
            auth.line,
            auth.name,
            socket_auth::credential(auth),
            socket_auth::verified(auth)
        ),
        format!(
            "the user id is `{}` (read from {}), the role {}, the tenant {}",
            http_auth::shown(&auth.id),
            auth.evidence,
            field(&auth.role),
            field(&auth.tenant)
        ),
    ];
    if let Some(lookup) = &auth.lookup {
        lines.push(format!("the user lookup `{}` is repeated for the role", lookup.call));
    }
    lines.push(match front {
        FrontSend::Patched { file, sends, .. } => format!("`{}`: the socket sends `{sends}`", file.display()),
        FrontSend::Already { file } => format!("`{}`: the socket already sends the API's credential", file.display()),
        FrontSend::ByHand { why, lines } => {
            let how = match lines.starts_with("socket.auth") {
                true => "set it where the front knows the token, before the socket connects (`socket.connect()`)",
                false => "add to the module that creates the socket: the import on top, the property to its `io(...)` options",
            };
            format!("the front's socket: {why}\n  help: {how}:\n    {}", lines.replace('\n', "\n    "))
        }
    });
    lines
}

/// The front's socket file without the property rtgen added (`remove`):
/// its new text, or `None` when it holds none.
pub fn remove_front(file: &Path, text: &str) -> Result<Option<String>, String> {
    match socket_credential::remove(file, text) {
        Ok(Outcome::Changed(text)) => Ok(Some(text)),
        Ok(Outcome::Unchanged) => Ok(None),
        Err(error) => Err(error.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A front whose API client sends a store's token: rtgen prints the
    /// lines; applied word for word, the next run finds the socket sending it.
    #[test]
    fn a_store_token_is_printed_and_the_printed_lines_work() {
        let dir = tempfile::tempdir().unwrap();
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hosts/socketauth-bearer/server");
        for entry in
            walkdir::WalkDir::new(&fixture).into_iter().filter_map(|e| e.ok()).filter(|e| e.file_type().is_file())
        {
            let to = dir.path().join("server").join(entry.path().strip_prefix(&fixture).unwrap());
            std::fs::create_dir_all(to.parent().unwrap()).unwrap();
            std::fs::copy(entry.path(), to).unwrap();
        }
        let write = |rel: &str, text: &str| {
            let full = dir.path().join(rel);
            std::fs::create_dir_all(full.parent().unwrap()).unwrap();
            std::fs::write(full, text).unwrap();
        };
        write(
            "client/src/utils/api.ts",
            "import axios from 'axios';\nimport { useAuthStore } from '../store/useAuthStore';\n\nconst api = axios.create({ baseURL: '/api' });\napi.interceptors.request.use((config) => {\n  const accessToken = useAuthStore.getState().accessToken;\n  if (accessToken) config.headers.Authorization = `Bearer ${accessToken}`;\n  return config;\n});\nexport default api;\n",
        );
        let socket = "import { io } from 'socket.io-client';\n\nconst socket = io(URL, {\n  autoConnect: false,\n});\n\nexport default socket;\n";
        write("client/src/lib/socket.ts", socket);
        let run = || {
            let host = Host::new(dir.path());
            let reading = read_socket_auth(
                &host,
                Path::new("server"),
                Some(Path::new("client")),
                Path::new("server/src/socket"),
                "task",
                Lang::CommonJs,
                false,
            )
            .unwrap();
            plan_socket_auth(&reading, &Templates::new(&[]).unwrap()).unwrap().unwrap()
        };
        let plan = run();
        let FrontSend::ByHand { why, lines } = &plan.front else { panic!("{:?}", plan.front) };
        assert!(why.contains("send `useAuthStore.getState().accessToken` (`client/src/utils/api.ts`)"), "{why}");
        assert_eq!(lines, "import { useAuthStore } from '../store/useAuthStore';\nauth: (cb) => cb({ token: useAuthStore.getState().accessToken }),");
        // Applied word for word: the import on top, the property in the options.
        let (import, property) = lines.split_once('\n').unwrap();
        let applied = format!(
            "{import}\n{}",
            socket.replace("  autoConnect: false,\n", &format!("  autoConnect: false,\n  {property}\n"))
        );
        crate::js::parse::check(Path::new("client/src/lib/socket.ts"), &applied).unwrap();
        write("client/src/lib/socket.ts", &applied);
        assert_eq!(run().front, FrontSend::Already { file: "client/src/lib/socket.ts".into() });
    }

    /// The whole plan on an extracted host: `RTGEN_SA_HOST=<dir> RTGEN_SA=<backend>,<front>,<socket dir>,<module>,<cjs|esm|ts>
    /// cargo test --lib plan::socket_auth::tests::probe -- --ignored --nocapture`.
    #[test]
    #[ignore]
    fn probe() {
        let root = std::env::var("RTGEN_SA_HOST").unwrap();
        let args = std::env::var("RTGEN_SA").unwrap();
        let a: Vec<&str> = args.split(',').collect();
        let lang = match a[4] {
            "cjs" => Lang::CommonJs,
            "esm" => Lang::Esm,
            _ => Lang::TypeScript,
        };
        let host = Host::new(Path::new(&root));
        let reading =
            read_socket_auth(&host, Path::new(a[0]), Some(Path::new(a[1])), Path::new(a[2]), a[3], lang, false)
                .unwrap();
        println!(
            "front credential: {:?}\nfront socket: {:?}",
            reading.front,
            reading.front_socket.as_ref().map(|s| &s.0)
        );
        match plan_socket_auth(&reading, &Templates::new(&[]).unwrap()) {
            Ok(Some(plan)) => {
                println!("FOUND:\n{}\n--- {}\n{}", plan.found.join("\n"), plan.file.display(), plan.text);
                if let FrontSend::Patched { file, text, .. } = &plan.front {
                    let before = host.read(file).unwrap().unwrap();
                    println!(
                        "--- front patch of {}:\n{}",
                        file.display(),
                        crate::patch::test_support::diff(&before, text)
                    );
                }
            }
            Ok(None) => println!("no plan"),
            Err(problem) => println!("REFUSED: {problem}"),
        }
    }
}
