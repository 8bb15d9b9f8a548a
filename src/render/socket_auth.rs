//! The socket middleware rtgen generates where the host's sockets carry no
//! authenticated user (`realtimeAuth.js`/`.ts` beside the runtime): it
//! verifies, on the handshake, the credential the HTTP API's own auth
//! middleware verifies (`read::http_auth`), with the host's secret or
//! helper imported from where the host keeps it, and sets
//! `socket.data.realtimeUser = { id, role, tenant }`. Never a rejection.

use std::path::{Component, Path, PathBuf};

use anyhow::Result;

use crate::js::style::Style;
use crate::read::http_auth::{Credential, Field, HttpAuth, Import, Source, Verifier};
use crate::read::module_graph::Part;
use crate::render::Templates;

/// The language and module system of the generated file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// JavaScript with `require`/`module.exports`.
    CommonJs,
    /// JavaScript with `import`/`export` (specifiers keep their extension).
    Esm,
    /// TypeScript (`import`/`export`).
    TypeScript,
}

impl Lang {
    pub fn extension(self) -> &'static str {
        match self {
            Lang::TypeScript => "ts",
            _ => "js",
        }
    }
}

/// The name of the generated file, in the runtime's folder.
pub fn file_name(lang: Lang) -> String {
    format!("realtimeAuth.{}", lang.extension())
}

/// Renders the middleware for `auth`, to be written at `out` (a host path).
pub fn render(auth: &HttpAuth, out: &Path, lang: Lang, style: &Style, templates: &Templates) -> Result<String> {
    let dir = out.parent().unwrap_or(Path::new(""));
    let mut imports: Vec<&Import> = Vec::new();
    let verify = match &auth.verifier {
        Verifier::Jwt { jwt, secret, imports: needed } => {
            imports.push(jwt);
            imports.extend(needed);
            format!("{}.verify(token, {secret})", jwt.local)
        }
        Verifier::Helper { import } => {
            imports.push(import);
            format!("await {}(token)", import.local)
        }
        Verifier::Session { middleware, passport, .. } => {
            imports.push(middleware);
            imports.extend(passport);
            String::new()
        }
    };
    let (session, passport, holder) = match &auth.verifier {
        Verifier::Session { middleware, passport, holder } => {
            (Some(middleware.local.clone()), passport.as_ref().map(|p| p.local.clone()), holder.clone())
        }
        _ => (None, None, String::new()),
    };
    let lookup = auth.lookup.as_ref().map(|l| {
        imports.extend(&l.imports);
        format!("await {}", l.call)
    });
    let mut lines: Vec<String> = Vec::new();
    for import in imports {
        let line = import_line(import, dir, lang, &auth.file);
        if !lines.contains(&line) {
            lines.push(line);
        }
    }
    let field = |f: &Option<Field>| match f {
        Some(Field::Payload(path)) => access("payload", path),
        Some(Field::User(key)) => format!("user.{key}"),
        None => "undefined".into(),
    };
    let header = auth.credentials.iter().find(|c| matches!(c, Credential::Bearer | Credential::RawHeader));
    let cookie = auth.credentials.iter().find_map(|c| match c {
        Credential::Cookie(name) => Some(name.clone()),
        _ => None,
    });
    let mut context = tera::Context::new();
    context.insert("imports", &lines.join("\n"));
    context.insert("described", &describe(auth));
    context.insert("esm", &(lang != Lang::CommonJs));
    context.insert("verify", &verify);
    context.insert("lookup", &lookup);
    context.insert("id", &access("payload", &auth.id));
    context.insert("role", &field(&auth.role));
    context.insert("tenant", &field(&auth.tenant));
    context.insert("header", &header.is_some());
    context.insert("bearer", &(header == Some(&Credential::Bearer)));
    context.insert("cookie", &cookie);
    context.insert("session", &session);
    context.insert("passport", &passport);
    context.insert("holder", &holder);
    let name = format!("backend/realtime_auth.{}.tera", lang.extension());
    templates.render(&name, &context, style)
}

/// `payload?.data?.id`: a payload may be a string (`jwt.sign("...")`), which has none of them.
fn access(root: &str, path: &[String]) -> String {
    let mut out = root.to_string();
    for key in path {
        out.push_str("?.");
        out.push_str(key);
    }
    out
}

/// One sentence on what the middleware verifies, for its doc comment.
pub fn describe(auth: &HttpAuth) -> String {
    format!("{} `{}` accepts (`{}:{}`), {}", credential(auth), auth.name, slash(&auth.file), auth.line, verified(auth))
}

/// Which credential the host's middleware reads: "the Bearer token".
pub fn credential(auth: &HttpAuth) -> String {
    let phrases: Vec<String> = auth
        .credentials
        .iter()
        .map(|c| match c {
            Credential::Bearer => "the Bearer token in `Authorization`".to_string(),
            Credential::RawHeader => "the token in `Authorization`".to_string(),
            Credential::Cookie(name) => format!("the `{name}` cookie"),
            Credential::Session => "the session cookie".to_string(),
        })
        .collect();
    match phrases.is_empty() {
        true => "the token".into(),
        false => phrases.join(" or "),
    }
}

/// How the host verifies it: "verified with `JWT_SECRET`".
pub fn verified(auth: &HttpAuth) -> String {
    match &auth.verifier {
        Verifier::Jwt { secret, .. } => format!("verified with `{secret}`"),
        Verifier::Helper { import } => format!("verified by `{}`", import.local),
        Verifier::Session { middleware, passport: Some(_), .. } => {
            format!("loaded by `{}` and passport", middleware.local)
        }
        Verifier::Session { middleware, .. } => format!("loaded by `{}`", middleware.local),
    }
}

fn slash(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// The import statement for `import` from a file in `dir`, canonical style.
fn import_line(import: &Import, dir: &Path, lang: Lang, middleware: &Path) -> String {
    let specifier = match &import.source {
        Source::Package(name) => name.clone(),
        Source::File { path, written } => specifier(dir, path, written, lang, middleware),
    };
    let quoted = crate::js::literal::js_string_literal(&specifier);
    let local = &import.local;
    match (lang, &import.part) {
        (Lang::CommonJs, Part::Whole) => format!("const {local} = require({quoted});"),
        (Lang::CommonJs, Part::Named(name)) if name == local => format!("const {{ {local} }} = require({quoted});"),
        (Lang::CommonJs, Part::Named(name)) => format!("const {{ {name}: {local} }} = require({quoted});"),
        (_, Part::Whole) if import.namespace => format!("import * as {local} from {quoted};"),
        (_, Part::Whole) => format!("import {local} from {quoted};"),
        (_, Part::Named(name)) if name == local => format!("import {{ {local} }} from {quoted};"),
        (_, Part::Named(name)) => format!("import {{ {name} as {local} }} from {quoted};"),
    }
}

/// How a file in `dir` names `target`: an alias stays as the host wrote it;
/// a relative path keeps the host's habit (an extension, or none).
fn specifier(dir: &Path, target: &Path, written: &str, lang: Lang, middleware: &Path) -> String {
    if !written.is_empty() && !written.starts_with('.') {
        return written.to_string();
    }
    let written_ext =
        Path::new(written).extension().and_then(|e| e.to_str()).filter(|e| matches!(*e, "js" | "mjs" | "cjs" | "ts"));
    let keep_ext = match written_ext {
        Some(_) => true,
        None if written.is_empty() => lang == Lang::Esm || middleware.extension().is_some_and(|e| e == "mjs"),
        None => false,
    };
    let mut target = target.to_path_buf();
    if !keep_ext {
        // `./middlewares` for `./middlewares/index.js` when the host wrote the folder.
        let wrote_folder =
            !written.is_empty() && !written.ends_with("index") && target.file_stem().is_some_and(|s| s == "index");
        target =
            if wrote_folder { target.parent().unwrap_or(&target).to_path_buf() } else { target.with_extension("") };
    } else if let Some(ext) = written_ext {
        target = target.with_extension(ext);
    }
    let rel = relative(dir, &target);
    let text = slash(&rel);
    if text.starts_with("..") {
        text
    } else {
        format!("./{text}")
    }
}

/// `target` relative to `dir` (both relative to the same root).
fn relative(dir: &Path, target: &Path) -> PathBuf {
    let a: Vec<Component> = dir.components().collect();
    let b: Vec<Component> = target.components().collect();
    let common = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let mut out = PathBuf::new();
    for _ in common..a.len() {
        out.push("..");
    }
    for part in &b[common..] {
        out.push(part);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specifiers_follow_the_hosts_habit() {
        let dir = Path::new("server/src/socket");
        assert_eq!(
            specifier(dir, Path::new("server/src/config/index.js"), "../config", Lang::CommonJs, Path::new("m.js")),
            "../config"
        );
        assert_eq!(
            specifier(dir, Path::new("server/src/utils/token.js"), "../utils/token.js", Lang::Esm, Path::new("m.js")),
            "../utils/token.js"
        );
        assert_eq!(
            specifier(
                dir,
                Path::new("server/src/utils/token.ts"),
                "../utils/token.js",
                Lang::TypeScript,
                Path::new("m.ts")
            ),
            "../utils/token.js"
        );
        assert_eq!(
            specifier(
                dir,
                Path::new("server/src/utils/token.ts"),
                "../utils/token",
                Lang::TypeScript,
                Path::new("m.ts")
            ),
            "../utils/token"
        );
        assert_eq!(
            specifier(dir, Path::new("server/src/config.ts"), "@/config", Lang::TypeScript, Path::new("m.ts")),
            "@/config"
        );
        assert_eq!(
            specifier(dir, Path::new("server/src/socket/keys.js"), "", Lang::Esm, Path::new("m.js")),
            "./keys.js"
        );
    }
}
