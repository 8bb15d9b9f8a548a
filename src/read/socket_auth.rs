//! How the socket server authenticates a connection, as far as its code
//! shows: a token in the handshake's `auth` (checked with the host's
//! `verifyToken` or `jsonwebtoken`), a bearer header, or a session cookie.
//! Only for the event contract's description; rtgen never changes the
//! host's auth.

use std::path::Path;

use anyhow::Result;
use serde::Serialize;

use crate::read::host::Host;

/// What the socket server's code says about its auth.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum SocketAuth {
    /// `socket.handshake.auth.token`, checked by `verifier` when rtgen saw it.
    HandshakeToken { jwt: bool, verifier: Option<String> },
    /// `Authorization: Bearer ...` on the handshake's HTTP request.
    BearerHeader { jwt: bool },
    /// A session cookie on the handshake's HTTP request.
    SessionCookie,
    /// The code shows none of these.
    Unknown,
}

/// Reads `server`'s auth (a missing file reads as unknown).
pub fn read_socket_auth(host: &Host, server: &Path) -> Result<SocketAuth> {
    let text = host.read(server)?.unwrap_or_default();
    let verifier = ["verifyToken", "jwt.verify", "verifyJwt", "verifyAccessToken"]
        .into_iter()
        .find(|v| text.contains(&format!("{v}(")))
        .map(str::to_string);
    let jwt = text.to_lowercase().contains("jwt");
    Ok(if text.contains("handshake.auth") && text.contains("token") {
        SocketAuth::HandshakeToken { jwt, verifier }
    } else if text.contains("headers.authorization") || text.contains("headers?.authorization") {
        SocketAuth::BearerHeader { jwt }
    } else if text.contains("cookie") || text.contains("session") {
        SocketAuth::SessionCookie
    } else {
        SocketAuth::Unknown
    })
}

impl SocketAuth {
    /// One sentence for people.
    pub fn describe(&self) -> String {
        match self {
            SocketAuth::HandshakeToken { jwt, verifier } => format!(
                "a {}token in the socket.io handshake's `auth.token`{}",
                if *jwt { "JWT " } else { "" },
                verifier.as_ref().map(|v| format!(", checked with `{v}`")).unwrap_or_default()
            ),
            SocketAuth::BearerHeader { jwt } => {
                format!(
                    "a {}bearer token in the handshake request's `Authorization` header",
                    if *jwt { "JWT " } else { "" }
                )
            }
            SocketAuth::SessionCookie => "the session cookie of the handshake request".into(),
            SocketAuth::Unknown => "not read: rtgen found no token or cookie check in the socket server".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_handshake_token() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("s.js"),
            "io.use((socket, next) => { socket.user = verifyToken(socket.handshake.auth?.token); next(); });\n",
        )
        .unwrap();
        std::fs::write(dir.path().join("c.js"), "io.engine.use(sessionMiddleware);\n").unwrap();
        let host = Host::new(dir.path());
        assert_eq!(
            read_socket_auth(&host, Path::new("s.js")).unwrap(),
            SocketAuth::HandshakeToken { jwt: false, verifier: Some("verifyToken".into()) }
        );
        assert_eq!(read_socket_auth(&host, Path::new("c.js")).unwrap(), SocketAuth::SessionCookie);
        assert_eq!(read_socket_auth(&host, Path::new("none.js")).unwrap(), SocketAuth::Unknown);
    }
}
