//! The credential the front already keeps for its API calls, read from its
//! HTTP client (an axios interceptor, a fetch wrapper, each call's headers):
//! the token it reads from `localStorage`/`sessionStorage` (maybe inside a
//! JSON value, `JSON.parse(localStorage.getItem("user")).token`), cookies it
//! sends (`withCredentials: true`, `credentials: "include"`), or a token held
//! in app state, which rtgen cannot read from the socket's module. And where
//! the front creates its socket (`io(...)` from `socket.io-client`).

use std::path::{Path, PathBuf};

use anyhow::Result;
use oxc_ast::ast::*;
use oxc_ast_visit::{walk, Visit};
use oxc_span::GetSpan;

use crate::read::host::Host;

/// A token in web storage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored {
    /// `localStorage` or `sessionStorage`.
    pub storage: String,
    pub key: String,
    /// The field of the JSON value that is the token (`token` of `{ token, name }`).
    pub field: Option<String>,
}

impl Stored {
    /// The expression that reads the token now, canonical style.
    pub fn expression(&self) -> String {
        let read = format!("{}.getItem({})", self.storage, crate::js::literal::js_string_literal(&self.key));
        match &self.field {
            None => read,
            Some(field) => format!("JSON.parse({read} || \"null\")?.{field}"),
        }
    }
}

/// What the front's HTTP client sends.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FrontCredential {
    /// The stored token(s) its requests carry in `Authorization`, with the file that reads each.
    pub stored: Vec<(Stored, PathBuf)>,
    /// A file whose requests send cookies.
    pub cookies: Option<PathBuf>,
    /// A file that sets `Authorization` from something that is not web storage (app state).
    pub state: Option<PathBuf>,
    /// What that file sends, when a module can read it too: the expression
    /// (`useAuthStore.getState().accessToken`) and the import it needs, as written there.
    pub state_read: Option<(String, String)>,
}

impl FrontCredential {
    /// The one stored token, when every client reads the same one.
    pub fn token(&self) -> Option<&Stored> {
        let first = &self.stored.first()?.0;
        self.stored.iter().all(|(s, _)| s == first).then_some(first)
    }
}

/// The front's source files.
fn front_files(host: &Host, front: &Path) -> Vec<PathBuf> {
    let root = host.root().join(front);
    let mut out: Vec<PathBuf> = walkdir::WalkDir::new(&root)
        .into_iter()
        .filter_entry(|e| !matches!(e.file_name().to_str(), Some("node_modules" | "dist" | "build" | ".git")))
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file())
        .filter(|e| matches!(e.path().extension().and_then(|x| x.to_str()), Some("js" | "jsx" | "ts" | "tsx" | "mjs")))
        .map(|e| e.path().strip_prefix(host.root()).unwrap_or(e.path()).to_path_buf())
        .collect();
    out.sort();
    out
}

/// Reads what the front at `front` sends with its API calls.
pub fn read(host: &Host, front: &Path) -> Result<FrontCredential> {
    let mut found = FrontCredential::default();
    for file in front_files(host, front) {
        let Some(text) = host.read(&file)? else { continue };
        let sets_header = text.contains("uthorization");
        let sends_cookies = text.contains("withCredentials") || text.contains("credentials");
        if !sets_header && !sends_cookies {
            continue;
        }
        let reads = crate::js::parse::with_program(&file, &text, |program| {
            let mut v = Reads { text: text.clone(), ..Reads::default() };
            for stmt in &program.body {
                if let Statement::ImportDeclaration(decl) = stmt {
                    for spec in decl.specifiers.iter().flatten() {
                        v.imports.push((
                            spec.local().name.to_string(),
                            text[decl.span.start as usize..decl.span.end as usize].to_string(),
                        ));
                    }
                }
            }
            v.visit_program(program);
            v
        })
        .unwrap_or_default();
        if reads.cookies && found.cookies.is_none() {
            found.cookies = Some(file.clone());
        }
        if sets_header {
            let interceptor = text.contains("interceptors");
            if reads.stored.is_empty() && (found.state.is_none() || (interceptor && found.state_read.is_none())) {
                found.state = Some(file.clone());
                found.state_read = reads.module_read.clone();
            }
            for stored in reads.stored {
                if !found.stored.iter().any(|(s, _)| *s == stored) {
                    found.stored.push((stored, file.clone()));
                }
            }
        }
    }
    Ok(found)
}

#[derive(Default)]
struct Reads {
    stored: Vec<Stored>,
    cookies: bool,
    /// Top-level imports: (local, statement text); and `const name = init` texts.
    imports: Vec<(String, String)>,
    locals: Vec<(String, String)>,
    /// A token sent in `Authorization` that any module can read (a store's `getState()`).
    module_read: Option<(String, String)>,
    text: String,
}

const TOKEN_FIELDS: &[&str] = &["token", "accessToken", "access_token", "jwt", "authToken"];

impl Reads {
    /// `localStorage.getItem("k")` (also `window.localStorage`).
    fn get_item(expr: &Expression<'_>) -> Option<(String, String)> {
        let call = crate::js::ast::call_of(expr)?;
        let member = call.callee.get_inner_expression().as_member_expression()?;
        if member.static_property_name()? != "getItem" {
            return None;
        }
        let storage = match member.object().get_inner_expression() {
            Expression::Identifier(id) => id.name.to_string(),
            Expression::StaticMemberExpression(m) if m.object.is_specific_id("window") => m.property.name.to_string(),
            _ => return None,
        };
        if storage != "localStorage" && storage != "sessionStorage" {
            return None;
        }
        let key = crate::js::ast::static_string(call.arguments.first()?)?;
        Some((storage, key.to_string()))
    }

    /// `JSON.parse(localStorage.getItem("user"))`.
    fn parsed_item(expr: &Expression<'_>) -> Option<(String, String)> {
        let call = crate::js::ast::call_of(expr)?;
        if !call.callee.is_specific_member_access("JSON", "parse") {
            return None;
        }
        let arg = call.arguments.first()?.as_expression()?;
        let arg = match arg.get_inner_expression() {
            Expression::LogicalExpression(l) => &l.left,
            other => other,
        };
        Self::get_item(arg)
    }

    /// The token in what `Authorization` is set to: `Bearer ${E}` -> `E`,
    /// a local -> its initializer; kept when it is read through an import
    /// and calls no hook (`useAuthStore.getState().accessToken`, not `useAuth().token`).
    fn header_value(&mut self, value: &Expression<'_>) {
        let inner = match value.get_inner_expression() {
            Expression::TemplateLiteral(t)
                if t.expressions.len() == 1 && t.quasis[0].value.raw.starts_with("Bearer") =>
            {
                &t.expressions[0]
            }
            other => other,
        };
        let mut read = self.text[inner.span().start as usize..inner.span().end as usize].to_string();
        if let Expression::Identifier(id) = inner.get_inner_expression() {
            if let Some((_, init)) = self.locals.iter().rev().find(|(n, _)| n.as_str() == id.name.as_str()) {
                read = init.clone();
            }
        }
        let root: String = read.chars().take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '$').collect();
        let hook = root.starts_with("use") && read[root.len()..].starts_with("()");
        if let Some((_, import)) = self.imports.iter().find(|(local, _)| *local == root) {
            if !hook && self.module_read.is_none() {
                self.module_read = Some((read, import.clone()));
            }
        }
    }

    fn add(&mut self, stored: Stored) {
        if !self.stored.contains(&stored) {
            self.stored.push(stored);
        }
    }
}

impl<'a> Visit<'a> for Reads {
    fn visit_expression(&mut self, it: &Expression<'a>) {
        if let Some(member) = it.get_inner_expression().as_member_expression() {
            // `JSON.parse(localStorage.getItem("user")).token`
            if let (Some((storage, key)), Some(field)) =
                (Self::parsed_item(member.object()), member.static_property_name())
            {
                if TOKEN_FIELDS.contains(&field) {
                    self.add(Stored { storage, key, field: Some(field.to_string()) });
                }
            }
        } else if let Some((storage, key)) = Self::get_item(it) {
            self.add(Stored { storage, key, field: None });
        }
        walk::walk_expression(self, it);
    }

    fn visit_variable_declarator(&mut self, it: &VariableDeclarator<'a>) {
        if let (BindingPattern::BindingIdentifier(id), Some(init)) = (&it.id, &it.init) {
            let span = init.span();
            self.locals.push((id.name.to_string(), self.text[span.start as usize..span.end as usize].to_string()));
        }
        // `const { token } = JSON.parse(localStorage.getItem("user"));`
        if let (BindingPattern::ObjectPattern(o), Some(init)) = (&it.id, &it.init) {
            if let Some((storage, key)) = Self::parsed_item(init) {
                for p in &o.properties {
                    if let Some(field) = p.key.static_name().filter(|f| TOKEN_FIELDS.contains(&f.as_ref())) {
                        self.add(Stored { storage: storage.clone(), key: key.clone(), field: Some(field.to_string()) });
                    }
                }
                // The parse itself is not a token read.
                return;
            }
        }
        walk::walk_variable_declarator(self, it);
    }

    fn visit_object_property(&mut self, it: &ObjectProperty<'a>) {
        let key = it.key.static_name();
        let value = it.value.get_inner_expression();
        let yes = matches!(value, Expression::BooleanLiteral(b) if b.value);
        let include = matches!(value, Expression::StringLiteral(s) if s.value == "include");
        if (key.as_deref() == Some("withCredentials") && yes) || (key.as_deref() == Some("credentials") && include) {
            self.cookies = true;
        }
        if key.as_deref().is_some_and(|k| k.eq_ignore_ascii_case("authorization")) {
            self.header_value(&it.value);
        }
        walk::walk_object_property(self, it);
    }

    fn visit_assignment_expression(&mut self, it: &AssignmentExpression<'a>) {
        // `axios.defaults.withCredentials = true`
        if let AssignmentTarget::StaticMemberExpression(m) = &it.left {
            if m.property.name.eq_ignore_ascii_case("authorization") {
                self.header_value(&it.right);
            }
        }
        if let AssignmentTarget::StaticMemberExpression(m) = &it.left {
            if m.property.name == "withCredentials"
                && matches!(it.right.get_inner_expression(), Expression::BooleanLiteral(b) if b.value)
            {
                self.cookies = true;
            }
        }
        walk::walk_assignment_expression(self, it);
    }
}

/// The front file that creates the socket (`io(...)` of `socket.io-client`),
/// when exactly one does.
pub fn socket_file(host: &Host, front: &Path) -> Result<Option<PathBuf>> {
    let mut found = Vec::new();
    for file in front_files(host, front) {
        let Some(text) = host.read(&file)? else { continue };
        if !text.contains("socket.io-client") {
            continue;
        }
        let creates = crate::js::parse::with_program(&file, &text, |program| {
            let creators = crate::read::socket_owner::creators(program);
            struct Calls<'c>(&'c [String], bool);
            impl<'a> Visit<'a> for Calls<'_> {
                fn visit_call_expression(&mut self, it: &CallExpression<'a>) {
                    if matches!(it.callee.get_inner_expression(), Expression::Identifier(id) if self.0.iter().any(|c| c.as_str() == id.name.as_str())) {
                        self.1 = true;
                    }
                    walk::walk_call_expression(self, it);
                }
            }
            let mut calls = Calls(&creators, false);
            calls.visit_program(program);
            calls.1
        })
        .unwrap_or(false);
        if creates {
            found.push(file);
        }
    }
    Ok(if found.len() == 1 { found.pop() } else { None })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_front(files: &[(&str, &str)]) -> FrontCredential {
        let dir = tempfile::tempdir().unwrap();
        for (path, text) in files {
            let full = dir.path().join(path);
            std::fs::create_dir_all(full.parent().unwrap()).unwrap();
            std::fs::write(full, text).unwrap();
        }
        read(&Host::new(dir.path()), Path::new("client")).unwrap()
    }

    #[test]
    fn an_axios_interceptor_reading_local_storage() {
        let found = read_front(&[(
            "client/src/api/http.js",
            "import axios from 'axios';\nconst api = axios.create({ baseURL: '/api' });\napi.interceptors.request.use((config) => {\n  const token = localStorage.getItem('token');\n  if (token) config.headers.Authorization = `Bearer ${token}`;\n  return config;\n});\nexport default api;\n",
        )]);
        let token = found.token().unwrap();
        assert_eq!(token.expression(), "localStorage.getItem(\"token\")");
        assert_eq!(found.cookies, None);
    }

    #[test]
    fn a_token_inside_a_stored_json_user() {
        let found = read_front(&[(
            "client/src/services/orders.js",
            "export const send = async (order) => {\n  const { token } = JSON.parse(localStorage.getItem('user'));\n  return axios.post('/orders', order, { headers: { authorization: token } });\n};\n",
        )]);
        assert_eq!(
            found.token().unwrap().expression(),
            "JSON.parse(localStorage.getItem(\"user\") || \"null\")?.token"
        );
    }

    #[test]
    fn cookies_and_state() {
        let found = read_front(&[(
            "client/src/utils/api.ts",
            "const api = axios.create({ baseURL: '/api', withCredentials: true });\napi.interceptors.request.use((config) => {\n  config.headers.Authorization = `Bearer ${useAuthStore.getState().accessToken}`;\n  return config;\n});\n",
        )]);
        assert_eq!(found.cookies.as_deref(), Some(Path::new("client/src/utils/api.ts")));
        assert_eq!(found.token(), None);
        assert_eq!(found.state.as_deref(), Some(Path::new("client/src/utils/api.ts")));
        // Not imported here: no module read.
        assert_eq!(found.state_read, None);
    }

    #[test]
    fn a_store_token_an_interceptor_sends() {
        let found = read_front(&[(
            "client/src/utils/api.ts",
            "import axios from 'axios';\nimport { useAuthStore } from '../store/useAuthStore';\nconst api = axios.create({ withCredentials: true });\napi.interceptors.request.use((config) => {\n  const accessToken = useAuthStore.getState().accessToken;\n  if (accessToken && config.headers) {\n    config.headers.Authorization = `Bearer ${accessToken}`;\n  }\n  return config;\n});\n",
        ), (
            "client/src/pages/Profile.tsx",
            "import { useAuth } from '../auth';\nexport function Profile() {\n  const { token } = useAuth();\n  fetch('/me', { headers: { Authorization: `Bearer ${token}` } });\n  return null;\n}\n",
        )]);
        assert_eq!(
            found.state_read,
            Some((
                "useAuthStore.getState().accessToken".to_string(),
                "import { useAuthStore } from '../store/useAuthStore';".to_string()
            ))
        );
        assert_eq!(found.state.as_deref(), Some(Path::new("client/src/utils/api.ts")));
    }

    #[test]
    fn a_fetch_wrapper_with_session_storage() {
        let found = read_front(&[(
            "client/src/lib/request.ts",
            "export async function request(path: string) {\n  const res = await fetch(path, { headers: { Authorization: `Bearer ${sessionStorage.getItem('accessToken')}` } });\n  return res.json();\n}\n",
        )]);
        assert_eq!(found.token().unwrap().expression(), "sessionStorage.getItem(\"accessToken\")");
    }
}
