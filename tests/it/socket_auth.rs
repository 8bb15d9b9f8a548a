//! Sockets authenticated from the host's own HTTP auth (issue 27, item 3), on
//! the fixture hosts `tests/hosts/socketauth-*`: no socket auth beside a JWT
//! Bearer API whose axios client reads the token from `localStorage`
//! (CommonJS, secret from a config module), and cookie auth (a JWT in an
//! httpOnly cookie through cookie-parser, verified by the host's helper; ESM), and
//! express-session with passport (the app's exported session middleware; CommonJS).
//!
//! rtgen's plan writes `realtimeAuth.js` beside the socket server and patches
//! the front's `io(...)`; the patch is idempotent and removed byte for byte;
//! `tests/socketauth/live.test.mjs` runs the generated middleware on the
//! host's real auth code with real socket.io clients.

use std::path::Path;

use rtgen::plan::socket_auth::{plan_socket_auth, read_socket_auth, remove_front, FrontSend, SocketAuthPlan};
use rtgen::read::host::Host;
use rtgen::render::socket_auth::Lang;
use rtgen::render::Templates;

use crate::support::{node_suite, repo, Project, SUITE_TIMEOUT};

struct Fixture {
    name: &'static str,
    backend: &'static str,
    front: &'static str,
    socket_dir: &'static str,
    module: &'static str,
    lang: Lang,
}

const BEARER: Fixture = Fixture {
    name: "socketauth-bearer",
    backend: "server",
    front: "client",
    socket_dir: "server/src/socket",
    module: "task",
    lang: Lang::CommonJs,
};

const COOKIE: Fixture = Fixture {
    name: "socketauth-cookie",
    backend: "backend",
    front: "frontend",
    socket_dir: "backend/src/sockets",
    module: "note",
    lang: Lang::Esm,
};

const SESSION: Fixture = Fixture {
    name: "socketauth-session",
    backend: "server",
    front: "web",
    socket_dir: "server/socket",
    module: "ticket",
    lang: Lang::CommonJs,
};

fn plan_with(project: &Project, f: &Fixture, templates: &Templates) -> SocketAuthPlan {
    let host = Host::new(project.root());
    let reading = read_socket_auth(
        &host,
        Path::new(f.backend),
        Some(Path::new(f.front)),
        Path::new(f.socket_dir),
        f.module,
        f.lang,
        false,
    )
    .unwrap();
    plan_socket_auth(&reading, templates).unwrap().expect("sockets are unauthenticated: a plan")
}

/// Applies the plan to a copy of the fixture; checks the front patch's idempotency and removal.
fn applied(f: &Fixture) -> (Project, SocketAuthPlan) {
    applied_with(f, &Templates::new(&[]).unwrap())
}

fn applied_with(f: &Fixture, templates: &Templates) -> (Project, SocketAuthPlan) {
    let project = Project::host(f.name);
    let plan = plan_with(&project, f, templates);
    project.write(&plan.file.to_string_lossy(), &plan.text);
    let FrontSend::Patched { file, text, .. } = &plan.front else {
        panic!("{}: the front is not patched: {:?}", f.name, plan.front)
    };
    let original = project.read(&file.to_string_lossy());
    project.write(&file.to_string_lossy(), text);
    // Add again: the socket already sends the credential.
    let again = plan_with(&project, f, templates);
    assert!(
        matches!(again.front, FrontSend::Already { .. }),
        "{}: add twice changed the front: {:?}",
        f.name,
        again.front
    );
    assert_eq!(again.text, plan.text, "{}: the middleware differs on a second run", f.name);
    // Remove gives the original bytes back.
    assert_eq!(
        remove_front(file, text).unwrap().as_deref(),
        Some(original.as_str()),
        "{}: remove(add(x)) != x",
        f.name
    );
    (project, plan)
}

#[test]
fn socket_auth_bearer_api_reads_the_config_secret_and_the_stored_token() {
    let (_project, plan) = applied(&BEARER);
    assert_eq!(plan.file, Path::new("server/src/socket/realtimeAuth.js"));
    assert!(plan.text.contains("const { JWT_SECRET } = require('../config');"), "{}", plan.text);
    assert!(plan.text.contains("jwt.verify(token, JWT_SECRET)"), "{}", plan.text);
    assert!(plan.text.contains("const id = payload?.id;"), "{}", plan.text);
    assert!(plan.text.contains("role: payload?.role"), "{}", plan.text);
    assert!(plan.text.contains("module.exports = { authenticate };"), "{}", plan.text);
    let FrontSend::Patched { text, .. } = &plan.front else { unreachable!() };
    assert!(text.contains("auth: (cb) => cb({ token: localStorage.getItem('token') }),"), "{text}");
    assert_eq!(
        plan.found,
        [
            "`server/src/middleware/authMiddleware.js:4`: the API's auth middleware `protect` reads the Bearer token in `Authorization`, verified with `JWT_SECRET`",
            "the user id is `payload.id` (read from `req.user = { ... }` in `protect`), the role `payload.role`, the tenant none",
            "`client/src/services/socket.js`: the socket sends `auth: (cb) => cb({ token: localStorage.getItem(\"token\") })`",
        ]
    );
}

#[test]
fn socket_auth_cookie_api_reuses_the_hosts_verify_helper() {
    let (_project, plan) = applied(&COOKIE);
    assert!(plan.text.contains("import { verifyAccessToken } from \"../utils/tokens.js\";"), "{}", plan.text);
    assert!(plan.text.contains("if (name === \"accessToken\")"), "{}", plan.text);
    assert!(plan.text.contains("const id = payload?.userId;"), "{}", plan.text);
    assert!(
        !plan.text.contains("handshake.auth"),
        "a cookie API's middleware reads no handshake token:\n{}",
        plan.text
    );
    let FrontSend::Patched { text, .. } = &plan.front else { unreachable!() };
    assert!(text.contains("withCredentials: true,"), "{text}");
}

#[test]
fn socket_auth_session_with_passport_runs_the_apps_session_middleware() {
    let (_project, plan) = applied(&SESSION);
    assert!(plan.text.contains("const { sessionMiddleware } = require(\"../config/session\");"), "{}", plan.text);
    assert!(plan.text.contains("const passport = require(\"passport\");"), "{}", plan.text);
    assert!(plan.text.contains("await run(passport.session(), req);"), "{}", plan.text);
    assert!(plan.text.contains("const id = payload?.id;"), "{}", plan.text);
    assert!(plan.text.contains("role: payload?.role"), "{}", plan.text);
    let FrontSend::Patched { text, .. } = &plan.front else { unreachable!() };
    assert!(text.contains("withCredentials: true,"), "{text}");
}

#[test]
fn live_socket_auth_session() {
    run_live(&SESSION);
}

#[test]
fn live_socket_auth_bearer() {
    run_live(&BEARER);
}

#[test]
fn live_socket_auth_cookie() {
    run_live(&COOKIE);
}

/// The suite is not one that cannot fail: a middleware that takes the id the
/// client claims in `query` fails it, naming that case.
#[test]
fn live_socket_auth_fails_when_the_middleware_trusts_the_query() {
    let template = rtgen::render::EMBEDDED.iter().find(|(n, _)| *n == "backend/realtime_auth.js.tera").unwrap().1;
    let anchor = "  next();\n}";
    assert!(template.contains(anchor), "the template no longer has the line this test changes");
    let broken = template.replacen(
        anchor,
        "  socket.data.realtimeUser ??= socket.handshake.query.userId ? { id: socket.handshake.query.userId } : undefined;\n  next();\n}",
        1,
    );
    let templates = Templates::new(&[("backend/realtime_auth.js.tera".to_string(), broken)]).unwrap();
    let (status, output) = live_outcome(&BEARER, &templates);
    assert!(
        !status.is_some_and(|s| s.success()),
        "the live suite passed with a middleware that trusts `query`:\n{output}"
    );
    assert!(
        output.contains("✖ ignores an id the client claims in the handshake query"),
        "the failure does not name the case:\n{output}"
    );
}

fn live_outcome(f: &Fixture, templates: &Templates) -> (Option<std::process::ExitStatus>, String) {
    let live = repo().join("tests/socketauth");
    assert!(live.join("node_modules/socket.io-client").is_dir(), "run `npm ci` in tests/socketauth");
    let (project, _) = applied_with(f, templates);
    project.link_backend_modules(f.backend);
    node_suite(&live, "live.test.mjs", &[("RTGEN_SOCKETAUTH_APP", project.root())])
}

fn run_live(f: &Fixture) {
    let live = repo().join("tests/socketauth");
    assert!(live.join("node_modules/socket.io-client").is_dir(), "run `npm ci` in tests/socketauth");
    let (project, _) = applied(f);
    project.link_backend_modules(f.backend);
    let (status, output) = node_suite(&live, "live.test.mjs", &[("RTGEN_SOCKETAUTH_APP", project.root())]);
    if std::env::var_os("RTGEN_SOCKETAUTH_SHOW").is_some() {
        println!("{output}");
    }
    match status {
        Some(status) if status.success() => {}
        Some(status) => panic!("{}: `node --test live.test.mjs` failed ({status})\n{output}", f.name),
        None => panic!("{}: the live suite did not finish within {SUITE_TIMEOUT:?}\n{output}", f.name),
    }
}
