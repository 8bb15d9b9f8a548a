//! The host's socket layer as rtgen uses it: which module creates the
//! socket.io server (rtgen's runtime is attached right after it), the ready
//! event, and who a connected socket's user is, as the host's auth proves it
//! (`socket.user`, `socket.data.user`, `socket.userId` + `socket.role`,
//! `socket.request.user`), read from the server module, its connection
//! handler and the modules they import; overridden by `rtgen.yaml`. What
//! neither tells stops the run with what was found and the key to set.
//!
//! rtgen never sends to the host's own rooms: its runtime joins its own
//! (`rtgen:user:{id}`, `rtgen:role:{role}`, per role within a tenant), so
//! the rooms it sends to and the rooms sockets join agree by construction.

use std::path::{Path, PathBuf};

use anyhow::{bail, Result};

use crate::js::paths::slash;
use crate::read::host::Host;
use crate::read::profile::{Profile, PROFILE_FILE};
use crate::read::socket_server::{read_server, Connection, ServerReading, UserOnSocket};

/// The event the frontend initialises on when the server sends none of its own.
pub const CONNECT_EVENT: &str = "connect";
/// rtgen's own rooms, joined by its runtime.
pub const RTGEN_USER_ROOM: &str = "rtgen:user:{id}";
pub const RTGEN_ROLE_ROOM: &str = "rtgen:role:{role}";
/// `init` written in `rtgen.yaml` for a server the entry creates itself.
pub const NEW_SERVER: &str = "new Server";

/// The socket layer, resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SocketLayer {
    /// The module that creates the server, relative to the host root: the
    /// runtime is attached there.
    pub server: PathBuf,
    /// The event the frontend initialises module services on.
    pub ready_event: String,
    /// The room of one user, rtgen's `rtgen:user:{id}`.
    pub user_room: String,
    /// The room of one role, rtgen's; none: the socket's role is unknown, so roles cannot be reached.
    pub role_room: Option<String>,
    /// Who a connected socket's user is.
    pub identity: Identity,
    /// What was read, one line each, for `rtgen init`.
    pub found: Vec<String>,
    /// How the server module is loaded: `import` or `require`.
    pub module_system: crate::read::commonjs::ModuleSystem,
    /// Why the host's sockets carry no authenticated user, where they carry
    /// none: then the identity is rtgen's own socket auth's, which the
    /// runtime's plan generates from the HTTP auth (or refuses with this).
    pub unauthenticated: Option<String>,
}

/// Who a connected socket's user is: expressions over the connected
/// `socket`, each written with `socket.` (`socket.user.id`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    /// The user's id (or the user record: the runtime takes its `_id` or `id`).
    pub id: String,
    pub role: Option<String>,
    /// The user's tenant (organisation, company, workspace), where the socket carries it.
    pub tenant: Option<String>,
    /// Where it was read, for the runtime's comment and messages: `` `socket.user`, set in `src/socket.js:12` ``.
    pub source: String,
    /// Set by rtgen's own socket auth (`realtimeAuth`), which the runtime registers.
    pub generated: bool,
}

impl Identity {
    /// The user rtgen's generated socket auth sets: `socket.data.realtimeUser`.
    pub fn generated() -> Identity {
        let on = |key: &str| format!("socket.data.realtimeUser.{key}");
        Identity {
            id: on("id"),
            role: Some(on("role")),
            tenant: Some(on("tenant")),
            source: "rtgen's socket auth (`realtimeAuth`)".into(),
            generated: true,
        }
    }
}

/// Reads the socket layer of `host`. `entry` and the profile's socket server
/// path are relative to the host root.
pub fn read_socket_layer(host: &Host, profile: &Profile) -> Result<SocketLayer> {
    let backend = Path::new(&profile.backend.root);
    let entry = backend.join(&profile.backend.entry);
    let configured = backend.join(&profile.backend.socket_server);
    let server = match host.read(&configured)? {
        Some(_) => configured.clone(),
        None => match crate::read::survey::find_socket_server(host, &entry)? {
            Some(found) => found,
            None => bail!(
                "found no socket.io server: looked at `{}` and the modules `{}` imports for `new Server(...)` from `socket.io`\n  help: run `rtgen init` to scaffold the socket layer, or set `backend.socketServer` in `{PROFILE_FILE}` (relative to `backend.root`)",
                slash(&configured),
                slash(&entry)
            ),
        },
    };
    let module_system = crate::read::commonjs::module_system_of(host, &server)?;
    let reading = read(host, &server)?;
    let mut found =
        vec![format!("`{}` creates the socket.io server: rtgen's runtime is attached there", slash(&server))];

    let (handler_file, connection) = connection_of(host, &server, &entry, &reading)?;
    let socket = &profile.socket;
    let ready_event = match (&socket.ready_event, connection.as_ref().and_then(|c| c.ready_event.clone())) {
        (Some(configured), _) => configured.clone(),
        (None, Some(event)) => {
            found.push(format!("ready event `{event}` (`{}` emits it on connection)", slash(&handler_file)));
            event
        }
        (None, None) => {
            found.push(format!(
                "no ready event: `{}` emits none on connection, so the frontend initialises on `{CONNECT_EVENT}`",
                slash(&handler_file)
            ));
            CONNECT_EVENT.to_string()
        }
    };
    let (identity, unauthenticated) =
        match identity(host, profile, &server, &entry, &handler_file, connection.as_ref())? {
            Ok(identity) => (identity, None),
            Err(why) => (generated_identity(host, backend, &why)?, Some(why)),
        };
    found.push(format!(
        "who a socket is: {} (id `{}`{}{})",
        identity.source,
        identity.id,
        identity.role.as_ref().map(|r| format!(", role `{r}`")).unwrap_or_default(),
        identity.tenant.as_ref().map(|t| format!(", tenant `{t}`")).unwrap_or_default()
    ));
    if identity.role.is_none() {
        found.push("no role on the socket: specs can name users, not roles".into());
    }
    Ok(SocketLayer {
        server,
        ready_event,
        user_room: RTGEN_USER_ROOM.to_string(),
        role_room: identity.role.as_ref().map(|_| RTGEN_ROLE_ROOM.to_string()),
        identity,
        found,
        module_system,
        unauthenticated,
    })
}

/// rtgen's socket auth's user, with the role and the tenant only where the
/// HTTP API's auth reads them (the backend's first auth middleware: one
/// runtime, one socket auth per backend).
/// Refuses with `why` where the HTTP API has no auth rtgen can reuse either.
fn generated_identity(host: &Host, backend: &Path, why: &str) -> Result<Identity> {
    use crate::read::http_auth::Reading;
    let mut identity = Identity::generated();
    match crate::read::http_auth::read(host, backend, "")? {
        Reading::Found(auth) => {
            if auth.role.is_none() {
                identity.role = None;
            }
            if auth.tenant.is_none() {
                identity.tenant = None;
            }
        }
        Reading::None { .. } => bail!(
            "{why}\n  rtgen cannot authenticate the sockets itself either: the HTTP API's routes use no auth middleware rtgen recognises (one that verifies a JWT, `jwt.verify`, or a cookie and sets `req.user`)"
        ),
        Reading::Unreadable { what, fix, .. } => bail!(
            "{why}\n  rtgen cannot authenticate the sockets from the HTTP API's auth either: {what}\n  help: {fix}, then run rtgen again"
        ),
    }
    Ok(identity)
}

fn read(host: &Host, path: &Path) -> Result<ServerReading> {
    let text = host.read(path)?.unwrap_or_default();
    Ok(read_server(path, &text)?)
}

/// The connection handler: in the server module, else in a module it or the
/// entry imports (`setupSocket(io)` in `socket/index.js`).
fn connection_of(
    host: &Host,
    server: &Path,
    entry: &Path,
    reading: &ServerReading,
) -> Result<(PathBuf, Option<Connection>)> {
    if let Some(connection) = &reading.connection {
        return Ok((server.to_path_buf(), Some(connection.clone())));
    }
    // `io.on("connection", registerConnection)` with the handler imported from another module.
    if let Some(name) = &reading.handler_elsewhere {
        for module in crate::read::survey::relative_imports(host, server)? {
            let Some(text) = host.read(&module)? else { continue };
            if let Some(connection) = crate::read::socket_server::handler_named(&module, &text, name) {
                return Ok((module, Some(connection)));
            }
        }
    }
    for from in [server, entry] {
        for module in crate::read::survey::relative_imports(host, from)? {
            let Some(text) = host.read(&module)? else { continue };
            // A module that does not parse is not the handler's: skip it here.
            let Ok(other) = read_server(&module, &text) else { continue };
            if let Some(connection) = other.connection {
                return Ok((module, Some(connection)));
            }
        }
    }
    Ok((server.to_path_buf(), None))
}

/// Who a connected socket's user is: `socket.joins` in `rtgen.yaml`, else
/// what the host's auth puts on the socket, in the server module, the
/// connection handler's module, or a module either (or the entry) imports
/// (`io.use(verifySocketToken)` from `../middleware/socketAuth.js`), else the
/// user a session or passport middleware puts on the handshake request.
fn identity(
    host: &Host,
    profile: &Profile,
    server: &Path,
    entry: &Path,
    handler_file: &Path,
    connection: Option<&Connection>,
) -> Result<Result<Identity, String>> {
    let file_name = slash(handler_file);
    if let Some(joins) = profile.socket.joins.as_ref() {
        if let Some(id) = &joins.user {
            return Ok(Ok(Identity {
                id: id.clone(),
                role: joins.role.clone(),
                tenant: joins.tenant.clone(),
                source: format!("`socket.joins` in `{PROFILE_FILE}`"),
                generated: false,
            }));
        }
    }
    let mut modules = vec![server.to_path_buf(), handler_file.to_path_buf()];
    for from in [server, handler_file, entry] {
        modules.extend(crate::read::survey::relative_imports(host, from)?);
    }
    let mut seen = std::collections::BTreeSet::new();
    modules.retain(|m| seen.insert(m.clone()));
    let mut unproven: Option<(PathBuf, UserOnSocket)> = None;
    let mut unknown: Option<(PathBuf, UserOnSocket)> = None;
    for module in &modules {
        let Some(text) = host.read(module)? else { continue };
        // A module that does not parse is not the auth's: skip it here.
        let Ok(reading) = read_server(module, &text) else { continue };
        let Some(user) = reading.user else { continue };
        if user.id.is_none() {
            unknown.get_or_insert((module.clone(), user));
            continue;
        }
        if !verifies(&text) {
            unproven.get_or_insert((module.clone(), user));
            continue;
        }
        let id = user.id.clone().expect("checked");
        return Ok(Ok(Identity {
            source: format!("`{}`, set by the host's auth in `{}`", object_of(&id), slash(module)),
            id,
            role: user.role,
            tenant: user.tenant,
            generated: false,
        }));
    }
    // The host's auth sets a user whose keys the code does not show, and its
    // connection handler names its own rooms from them: read them there.
    if let (Some((module, _)), Some(room)) = (&unknown, connection.and_then(|c| c.user_room.as_ref())) {
        let verified = host.read(module)?.is_some_and(|text| verifies(&text));
        if let (true, Some(id)) = (verified, &room.path) {
            // The host's own rooms may name a key its tokens do not hold
            // (`user:${socket.user._id}` on a payload signed as `{ sub }`):
            // then its rooms, and rtgen's, would reach nobody.
            // Only where the user is the verified payload itself (`jwt.verify` in
            // that module): a helper such as `verifyToken` may map its keys.
            let key = id.rsplit('.').next().unwrap_or_default();
            let raw_payload = host.read(module)?.is_some_and(|text| text.contains("jwt.verify("));
            let signs = match raw_payload {
                true => signed_payloads(host, Path::new(&profile.backend.root))?,
                false => Vec::new(),
            };
            if !signs.is_empty() && !signs.iter().any(|(_, _, keys)| keys.iter().any(|k| k == key)) {
                let (file, line, keys) = &signs[0];
                bail!(
                    "`{file_name}`: rtgen cannot tell which sockets belong to which user: the connection handler reads the user's id as `{id}`, but the tokens the host signs (`{}:{line}`: {}) hold no `{key}`, so that id is undefined on every socket\n  help: set `socket.joins.user` in `{PROFILE_FILE}` to the key the token holds (for example `{}.{}`), and `socket.joins.role` to its role",
                    slash(file),
                    crate::error::backticked(keys.iter(), ", "),
                    id.rsplit_once('.').map_or("socket.user", |(object, _)| object),
                    keys.iter().find(|k| ["sub", "id", "userId", "_id"].contains(&k.as_str())).or(keys.first()).map(String::as_str).unwrap_or("id"),
                );
            }
            let role = connection.and_then(|c| c.role_room.as_ref()).and_then(|r| r.path.clone());
            return Ok(Ok(Identity {
                source: format!("`{}`, set by the host's auth in `{}`", object_of(id), slash(module)),
                id: id.clone(),
                role,
                tenant: None,
                generated: false,
            }));
        }
    }
    for module in &modules {
        let Some(text) = host.read(module)? else { continue };
        if let Some(identity) = request_user(module, &text) {
            return Ok(Ok(identity));
        }
    }
    let joined = connection.map_or_else(
        || format!("no `io.on(\"connection\", ...)` handler in `{file_name}`"),
        |c| match c.joins.is_empty() {
            true => format!("a connection handler at `{file_name}:{}`", c.line),
            false => format!("a connection handler at `{file_name}:{}` joining `{}`", c.line, c.joins.join("`, `")),
        },
    );
    let help_set = format!(
        "if the host's auth puts the user on the socket where rtgen does not look, set `socket.joins.user` in `{PROFILE_FILE}` to the user id on the connected socket (for example `socket.user.id`), and `socket.joins.role` to its role"
    );
    if let Some((module, u)) = unknown {
        bail!(
            "`{file_name}`: rtgen cannot tell which sockets belong to which user: found {joined}, and the auth middleware sets `{}` (`{}:{}`), which does not say where the user's id is\n  help: set the user with its keys (`socket.user = {{ id: payload.id, role: payload.role }}`), or {help_set}",
            u.written,
            slash(&module),
            u.line
        );
    }
    if let Some((module, u)) = unproven {
        return Ok(Err(format!(
            "`{file_name}`: rtgen cannot tell which sockets belong to which user: `{}:{}` sets `{}`, but nothing in `{}` verifies a token or a session: the id is what the client claims, and events sent by it would reach whoever claims an id\n  help: authenticate each socket with a middleware, `io.use((socket, next) => {{ ... }})`, that verifies the handshake's token (`socket.handshake.auth.token`) and sets `socket.user = {{ id, role }}` from it, then run rtgen again; or {help_set}",
            slash(&module),
            u.line,
            u.written,
            slash(&module)
        )));
    }
    Ok(Err(format!(
        "`{file_name}`: rtgen cannot tell which sockets belong to which user: found {joined}, and no assignment of a verified user to the socket (`socket.user = ...`, `socket.data.user = ...`, `socket.userId = ...`) in it or the modules it imports: the sockets are not authenticated\n  help: authenticate each socket with a middleware, `io.use((socket, next) => {{ ... }})`, that verifies the handshake's token (`socket.handshake.auth.token`) and sets `socket.user = {{ id, role }}` from it (never from an id the client sends), then run rtgen again; or {help_set}"
    )))
}

/// Every `jwt.sign({ ... }, ...)` (or `sign({ ... })`) in the backend whose
/// payload is an object literal: its file, line and keys.
fn signed_payloads(host: &Host, backend: &Path) -> Result<Vec<(PathBuf, usize, Vec<String>)>> {
    use oxc_ast::ast::{Argument, Expression, ObjectPropertyKind};
    let mut found = Vec::new();
    for file in host.walk(backend, 8, 4000)? {
        if !file.extension().is_some_and(|e| matches!(e.to_str(), Some("js" | "mjs" | "cjs" | "ts"))) {
            continue;
        }
        let Some(text) = host.read(&file)? else { continue };
        if !text.contains("sign(") {
            continue;
        }
        let calls = crate::js::parse::with_program(&file, &text, |program| {
            let mut calls = Vec::new();
            let mut visitor = crate::js::ast::CallVisitor {
                f: |call: &oxc_ast::ast::CallExpression<'_>| {
                    let named_sign = match call.callee.get_inner_expression() {
                        Expression::StaticMemberExpression(m) => m.property.name == "sign",
                        Expression::Identifier(id) => id.name == "sign",
                        _ => false,
                    };
                    let Some(Argument::ObjectExpression(object)) = call.arguments.first().filter(|_| named_sign) else {
                        return;
                    };
                    let keys: Vec<String> = object
                        .properties
                        .iter()
                        .filter_map(|p| match p {
                            ObjectPropertyKind::ObjectProperty(p) => p.key.static_name().map(|k| k.to_string()),
                            ObjectPropertyKind::SpreadProperty(_) => None,
                        })
                        .collect();
                    // A payload spread from elsewhere shows none of its keys: not evidence.
                    if object.properties.iter().all(|p| matches!(p, ObjectPropertyKind::ObjectProperty(_))) {
                        calls.push((crate::js::parse::line_col(&text, call.span.start).0, keys));
                    }
                },
            };
            oxc_ast_visit::Visit::visit_program(&mut visitor, program);
            calls
        })
        .unwrap_or_default();
        found.extend(calls.into_iter().map(|(line, keys)| (file.clone(), line, keys)));
    }
    Ok(found)
}

/// `socket.user` of `socket.user.id`: what the auth sets.
fn object_of(path: &str) -> String {
    match path.rsplit_once('.') {
        Some((object, "id" | "_id" | "userId")) if object != "socket" => object.to_string(),
        _ => path.to_string(),
    }
}

/// Whether a module shows the verification of a credential: a token's
/// (`jwt.verify`, `verifyToken`), a session's, or passport's.
fn verifies(text: &str) -> bool {
    let lower = text.to_lowercase();
    ["verify", "session", "passport"].iter().any(|w| lower.contains(w))
}

/// The user a session or passport middleware on the handshake request puts
/// on `socket.request.user` (`io.engine.use(passport.session())`), where the
/// module both registers such a middleware and reads that user.
fn request_user(module: &Path, text: &str) -> Option<Identity> {
    let registers = text.contains(".engine.use(") && verifies(text);
    let param = ["socket", "client", "s"].into_iter().find(|p| text.contains(&format!("{p}.request.user")))?;
    if !registers {
        return None;
    }
    let role = [".role", ".userRole"].into_iter().find(|k| text.contains(&format!("{param}.request.user{k}")));
    Some(Identity {
        id: "socket.request.user".into(),
        role: role.map(|k| format!("socket.request.user{k}")),
        tenant: crate::read::socket_server::TENANT_KEYS
            .iter()
            .find(|k| text.contains(&format!("{param}.request.user.{k}")))
            .map(|k| format!("socket.request.user.{k}")),
        source: format!(
            "`socket.request.user`, set by the session middleware `{}` registers on the handshake",
            slash(module)
        ),
        generated: false,
    })
}
