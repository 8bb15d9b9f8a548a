//! The host's socket layer as rtgen uses it: which module creates the
//! socket.io server and how generated emitters reach it, the ready event, the
//! rooms of a user and of a role, and the joins rtgen adds where the server
//! joins none. Read from the code (`read::socket_server`), overridden key by
//! key by `rtgen.yaml`; what neither tells stops the run with what was found
//! and the key to set. A default is used only where the code agrees with it
//! (a room rtgen joins itself, `connect` when the server sends no event).

use std::path::{Path, PathBuf};

use anyhow::{bail, Result};

use crate::js::paths::slash;
use crate::read::host::Host;
use crate::read::profile::{Profile, PROFILE_FILE};
use crate::read::socket_server::{read_server, Connection, Creation, ServerReading, UserOnSocket};

/// The event the frontend initialises on when the server sends none of its own.
pub const CONNECT_EVENT: &str = "connect";
/// The rooms rtgen joins in a server that joins none per user or role.
pub const RTGEN_USER_ROOM: &str = "user:{id}";
pub const RTGEN_ROLE_ROOM: &str = "role:{role}";
/// `init` written in `rtgen.yaml` for a server the entry creates itself.
pub const NEW_SERVER: &str = "new Server";

/// The socket layer, resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SocketLayer {
    /// The module that creates the server, relative to the host root.
    pub server: PathBuf,
    pub reach: Reach,
    /// The event the frontend initialises module services on.
    pub ready_event: String,
    /// The room of one user, `user:{id}`.
    pub user_room: String,
    /// The room of one role, `role:{role}`; none: roles cannot be reached.
    pub role_room: Option<String>,
    /// Rooms rtgen joins itself, in the connection handler of this file.
    pub joins: Option<Joins>,
    /// What was read, one line each, for `rtgen init`.
    pub found: Vec<String>,
    /// How the server module is loaded: `import` or `require`.
    pub module_system: crate::read::commonjs::ModuleSystem,
}

/// How generated emitters get hold of the socket.io server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reach {
    /// Start-up passes it on: `<module>Events.initialize(io)` after the
    /// statement that creates it (a call of `init`, or `new Server(...)`).
    StartUp { init: String },
    /// The emitter reads it from the socket server module on every emit:
    /// `expression` (`socketServer.getIO()`) over `import`.
    Module { import: ModuleImport, expression: String },
}

/// What the emitter imports from the socket server module.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ModuleImport {
    Default(String),
    Named(String),
}

/// Joins rtgen adds to the connection handler.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Joins {
    pub file: PathBuf,
    /// The user id and role on the connected socket, written with `socket.`.
    pub user: Option<String>,
    pub role: Option<String>,
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
    let text = host.read(&server)?.unwrap_or_default();
    let module_system = crate::read::commonjs::module_system_of(host, &server)?;
    drop(text);
    let reading = read(host, &server)?;
    let mut found = Vec::new();
    let reach = reach(host, profile, &server, &entry, &reading, &mut found)?;

    let (handler_file, connection) = connection_of(host, &server, &entry, &reading)?;
    let user = match &connection {
        Some(_) if handler_file != server => read(host, &handler_file)?.user.or(reading.user.clone()),
        _ => reading.user.clone(),
    };
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
    let rooms = rooms(profile, &handler_file, connection.as_ref(), user.as_ref(), &mut found)?;
    Ok(SocketLayer {
        server,
        reach,
        ready_event,
        user_room: rooms.user,
        role_room: rooms.role,
        joins: rooms.joins.map(|(user, role)| Joins { file: handler_file, user, role }),
        found,
        module_system,
    })
}

fn read(host: &Host, path: &Path) -> Result<ServerReading> {
    let text = host.read(path)?.unwrap_or_default();
    Ok(read_server(path, &text)?)
}

/// How emitters reach the server: `socket.io` or `socket.init` from the
/// profile, else what the module's shape allows.
fn reach(
    host: &Host,
    profile: &Profile,
    server: &Path,
    entry: &Path,
    reading: &ServerReading,
    found: &mut Vec<String>,
) -> Result<Reach> {
    let file = slash(server);
    if let Some(expression) = &profile.socket.io {
        return module_reach(host, server, expression);
    }
    if let Some(init) = &profile.socket.init {
        return Ok(Reach::StartUp { init: init.clone() });
    }
    match &reading.creation {
        Some(Creation::InitFunction { name, returns, .. }) => {
            let bound = host.read(entry)?.is_some_and(|text| entry_binds(entry, &text, name));
            if *returns && bound {
                found.push(format!("`{file}`: `{name}(...)` creates the server; start-up keeps what it returns"));
                return Ok(Reach::StartUp { init: name.clone() });
            }
            if let Some(accessor) = &reading.accessor {
                found.push(format!("`{file}`: `{name}(...)` creates the server; emitters read it with `{accessor}()`"));
                return Ok(Reach::Module {
                    import: ModuleImport::Named(accessor.clone()),
                    expression: format!("{accessor}()"),
                });
            }
            if *returns {
                found.push(format!("`{file}`: `{name}(...)` creates and returns the server"));
                return Ok(Reach::StartUp { init: name.clone() });
            }
            bail!(
                "`{file}`: `{name}(...)` creates the socket.io server but neither returns it nor exports a way to get it: looked for `return io;` in it and an exported getter like `getIO()`, found neither\n  help: add `export const getIO = () => io;` to `{file}` (with `io` a module-level variable holding the server), or return the server from `{name}` and keep it in start-up: `const io = {name}(...);`"
            )
        }
        Some(Creation::Instance { binding, default_export, method, reach, .. }) => {
            found.push(format!(
                "`{file}`: a socket server instance whose `{method}(...)` creates the server; emitters read `{binding}.{reach}`"
            ));
            let import = if *default_export {
                ModuleImport::Default(binding.clone())
            } else {
                ModuleImport::Named(binding.clone())
            };
            Ok(Reach::Module { import, expression: format!("{binding}.{reach}") })
        }
        Some(Creation::TopLevel { binding, .. }) if server == entry => {
            let Some(binding) = binding else {
                bail!(
                    "`{file}`: the socket.io server is created but not kept in a variable: looked for `const io = new Server(...)`, found `new Server(...)` inside another statement\n  help: keep it in a variable: `const io = new Server(...);`"
                )
            };
            found.push(format!("`{file}`: the entry creates the server itself (`const {binding} = new Server(...)`)"));
            Ok(Reach::StartUp { init: NEW_SERVER.into() })
        }
        Some(Creation::TopLevel { .. }) | None => {
            if let Some(accessor) = &reading.accessor {
                found.push(format!("`{file}`: emitters read the server with `{accessor}()`"));
                return Ok(Reach::Module {
                    import: ModuleImport::Named(accessor.clone()),
                    expression: format!("{accessor}()"),
                });
            }
            bail!(
                "`{file}`: rtgen cannot tell how other modules reach the socket.io server: looked for an exported init function, an exported instance keeping it in a field, or an exported getter, found none\n  help: set `socket.io` in `{PROFILE_FILE}` to an expression over this module's exports that gives the server (for example `getIO()`), or `socket.init` to the function start-up calls to create it"
            )
        }
    }
}

/// `socket.io: socketServer.getIO()` from the profile: its first name is
/// what the emitter imports, the default export when the module has no
/// export of that name.
fn module_reach(host: &Host, server: &Path, expression: &str) -> Result<Reach> {
    let root: String = expression.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '$').collect();
    if root.is_empty() || root.chars().next().is_some_and(|c| c.is_ascii_digit()) {
        bail!(
            "`{PROFILE_FILE}`: `socket.io: {expression}` does not start with a name\n  help: write it over an export of `{}`, e.g. `getIO()` or `socketServer.io`",
            slash(server)
        );
    }
    let text = host.read(server)?.unwrap_or_default();
    let named =
        crate::js::parse::with_program(server, &text, |p| crate::read::survey::exports(p, &root)).unwrap_or(false);
    let has_default =
        crate::js::parse::with_program(server, &text, |p| crate::read::survey::exports(p, "default")).unwrap_or(false);
    let import = match (named, has_default) {
        (true, _) => ModuleImport::Named(root),
        (false, true) => ModuleImport::Default(root),
        (false, false) => bail!(
            "`{PROFILE_FILE}`: `socket.io: {expression}` starts with `{root}`, which `{}` does not export\n  help: start it with one of the module's exports (or its default export's name)",
            slash(server)
        ),
    };
    Ok(Reach::Module { import, expression: expression.to_string() })
}

/// Whether the entry keeps what `init(...)` returns: `const io = init(...)`,
/// also behind `await`.
fn entry_binds(path: &Path, source: &str, init: &str) -> bool {
    use oxc_ast::ast::{BindingPattern, Expression, VariableDeclarator};
    use oxc_ast_visit::{walk, Visit};
    struct Finder<'s> {
        init: &'s str,
        found: bool,
    }
    impl<'a> Visit<'a> for Finder<'_> {
        fn visit_variable_declarator(&mut self, it: &VariableDeclarator<'a>) {
            if let (BindingPattern::BindingIdentifier(_), Some(init)) = (&it.id, &it.init) {
                let mut expr = init.get_inner_expression();
                if let Expression::AwaitExpression(a) = expr {
                    expr = a.argument.get_inner_expression();
                }
                if matches!(expr, Expression::CallExpression(c) if c.callee_name() == Some(self.init)) {
                    self.found = true;
                }
            }
            walk::walk_variable_declarator(self, it);
        }
    }
    crate::js::parse::with_program(path, source, |program| {
        let mut finder = Finder { init, found: false };
        finder.visit_program(program);
        finder.found
    })
    .unwrap_or(false)
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

struct Rooms {
    user: String,
    role: Option<String>,
    /// The user id and role expressions for joins rtgen adds.
    joins: Option<(Option<String>, Option<String>)>,
}

/// The rooms: from `rtgen.yaml`, else the server's own joins, else joins rtgen
/// adds from where the auth middleware puts the user.
fn rooms(
    profile: &Profile,
    file: &Path,
    connection: Option<&Connection>,
    user: Option<&UserOnSocket>,
    found: &mut Vec<String>,
) -> Result<Rooms> {
    let socket = &profile.socket;
    let file_name = slash(file);
    let host_user = connection.and_then(|c| c.user_room.clone());
    let host_role = connection.and_then(|c| c.role_room.clone());
    if let Some(room) = &host_user {
        found.push(format!("rooms: `{}` per user (`{file_name}:{}`)", room.template, room.line));
    }
    if let Some(room) = &host_role {
        found.push(format!("rooms: `{}` per role (`{file_name}:{}`)", room.template, room.line));
    }
    let configured = socket.joins.as_ref();
    let join_user = configured.and_then(|j| j.user.clone()).or_else(|| user.and_then(|u| u.id.clone()));
    let join_role = configured.and_then(|j| j.role.clone()).or_else(|| user.and_then(|u| u.role.clone()));

    let (user_room, join_user) = match (&socket.user_room, host_user) {
        (Some(room), _) => (room.clone(), None),
        (None, Some(room)) => (room.template, None),
        (None, None) => {
            let Some(expression) = join_user else {
                let joined = connection.map_or_else(
                    || format!("no `io.on(\"connection\", ...)` handler in `{file_name}`"),
                    |c| match c.joins.is_empty() {
                        true => format!("a connection handler at `{file_name}:{}` that joins no room", c.line),
                        false => format!("only `{}` joined at `{file_name}:{}`", c.joins.join("`, `"), c.line),
                    },
                );
                let Some(u) = user else {
                    // Nothing says who a socket is: a `socket.joins.user` guess would join rooms from
                    // a value that is not there, so the way forward is to authenticate the socket.
                    bail!(
                        "`{file_name}`: rtgen cannot tell which sockets belong to which user: found {joined}, and no assignment of the user to the socket (`socket.user = ...`, `socket.data.user = ...`): nothing shows that the server knows who a socket is\n  help: authenticate each socket in `{file_name}` with a middleware, `io.use((socket, next) => {{ ... }})`, that verifies the handshake's token (`socket.handshake.auth.token`) and sets `socket.user = {{ id, role }}` from it (never from an id the client sends), then run rtgen again: it joins `{RTGEN_USER_ROOM}` itself; if the user is put on the socket where rtgen does not look, set `socket.joins.user` in `{PROFILE_FILE}` to the user id on the connected socket"
                    );
                };
                let auth = format!(
                    "the auth middleware sets `{}` (line {}), which does not say where the user's id is",
                    u.written, u.line
                );
                bail!(
                    "`{file_name}`: rtgen cannot tell which sockets belong to which user: found {joined}, and {auth}\n  help: join a room per user in the connection handler (`socket.join(`user:${{socket.user.id}}`)`), or set `socket.joins.user` in `{PROFILE_FILE}` to the user id on the connected socket (for example `socket.user.id`) and rtgen joins `{RTGEN_USER_ROOM}` itself"
                );
            };
            if connection.is_none() {
                bail!(
                    "`{file_name}`: found no `io.on(\"connection\", ...)` handler to join rooms in\n  help: add one, or set `socket.userRoom` in `{PROFILE_FILE}` to the room each user's sockets join"
                );
            }
            found.push(format!(
                "no room per user: rtgen joins `{RTGEN_USER_ROOM}` with `{expression}` in the connection handler (`{file_name}`)"
            ));
            (RTGEN_USER_ROOM.to_string(), Some(expression))
        }
    };
    let (role_room, join_role) = match (&socket.role_room, host_role) {
        (Some(room), _) => (Some(room.clone()), None),
        (None, Some(room)) => (Some(room.template), None),
        (None, None) => match join_role {
            Some(expression) if connection.is_some() => {
                found.push(format!(
                    "no room per role: rtgen joins `{RTGEN_ROLE_ROOM}` with `{expression}` in the connection handler (`{file_name}`)"
                ));
                (Some(RTGEN_ROLE_ROOM.to_string()), Some(expression))
            }
            _ => {
                found.push(format!("no room per role in `{file_name}`: specs can name users, not roles"));
                (None, None)
            }
        },
    };
    let joins = (join_user.is_some() || join_role.is_some()).then_some((join_user, join_role));
    Ok(Rooms { user: user_room, role: role_room, joins })
}
