//! Who the host already sends to, read from its own code: the roles an
//! existing socket-enabled module's emitter sends to (the recipe tells
//! users to copy such a module: "use the ticket system as a template"), and
//! the roles a module's routes are guarded by (`authorize("admin")`,
//! `requireRole(ROLES.MANAGER)`). A role counts only when it is one of the
//! project's roles, spelled as a string (`"admin"`) or as a constant whose
//! key is that role (`ROLES.SUPER_ADMIN` for `super_admin`).

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::Result;
use oxc_ast::ast::*;
use oxc_ast_visit::{walk, Visit};

use crate::js::paths::slash;
use crate::read::host::Host;

/// Middleware names that guard a route by role.
const GUARDS: &[&str] = &[
    "authorize",
    "authorizeRoles",
    "requireRole",
    "requireRoles",
    "checkRole",
    "checkRoles",
    "hasRole",
    "allowRoles",
    "restrictTo",
    "roleMiddleware",
    "verifyRole",
    "verifyRoles",
    "permit",
    "roles",
];

/// An existing module whose emitter sends to roles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Precedent {
    /// The module's emitter file.
    pub file: String,
    pub roles: Vec<String>,
}

/// The first hand-written (or rtgen-generated) events module under
/// `backend` other than `own`'s that sends to roles, and those roles.
pub fn sibling_emitter(host: &Host, backend: &Path, own: &str, known: &[String]) -> Result<Option<Precedent>> {
    let mut files = host.walk(backend, 6, 4000)?;
    files.retain(|f| {
        let name = f.file_stem().map(|s| s.to_string_lossy().to_lowercase()).unwrap_or_default();
        let ext = f.extension().and_then(|e| e.to_str()).unwrap_or_default();
        matches!(ext, "js" | "mjs" | "cjs" | "ts")
            && (name.ends_with("events") || name.ends_with(".events") || name.ends_with("emitter"))
            && !name.starts_with(&own.to_lowercase())
    });
    for file in files {
        let Some(text) = host.read(&file)? else { continue };
        let roles = roles_sent_to(&file, &text, known);
        if !roles.is_empty() {
            return Ok(Some(Precedent { file: slash(&file), roles }));
        }
    }
    Ok(None)
}

/// Roles the host's own code sends `module`'s kind of news to: an existing
/// module's emitter, and the module's route guards; each with the reason the
/// derived spec's comment gives.
pub fn extra_roles(
    host: &Host,
    backend: &Path,
    camel: &str,
    plural: &str,
    known: &[String],
) -> Result<Vec<crate::read::spec::ExtraRoles>> {
    let mut extras = Vec::new();
    if let Some(precedent) = sibling_emitter(host, backend, camel, known)? {
        extras.push(crate::read::spec::ExtraRoles {
            why: format!(
                "the roles `{}` sends to: the app's own socket-enabled module, taken as the template",
                precedent.file
            ),
            roles: precedent.roles,
        });
    }
    let (guarded, files) = route_guard_roles(host, backend, camel, plural, known)?;
    if !guarded.is_empty() {
        extras.push(crate::read::spec::ExtraRoles {
            why: format!("the roles guarding the {camel} routes in {}", crate::error::backticked(&files, ", ")),
            roles: guarded,
        });
    }
    Ok(extras)
}

/// The roles `module`'s routes are guarded by, and the route files that say so.
pub fn route_guard_roles(
    host: &Host,
    backend: &Path,
    camel: &str,
    plural: &str,
    known: &[String],
) -> Result<(Vec<String>, Vec<String>)> {
    let (camel, plural) = (camel.to_lowercase(), plural.to_lowercase());
    let mut roles = Vec::new();
    let mut sources = Vec::new();
    for file in host.walk(backend, 6, 4000)? {
        let path = slash(&file).to_lowercase();
        let name = file.file_stem().map(|s| s.to_string_lossy().to_lowercase()).unwrap_or_default();
        let in_routes = path.contains("/routes/") || path.contains("/router/") || path.contains("/routers/");
        let named = name.starts_with(&camel) || name.starts_with(&plural);
        if !in_routes || !named {
            continue;
        }
        let Some(text) = host.read(&file)? else { continue };
        let found = guard_roles(&file, &text, known);
        if !found.is_empty() {
            sources.push(slash(&file));
            for role in found {
                if !roles.contains(&role) {
                    roles.push(role);
                }
            }
        }
    }
    Ok((roles, sources))
}

/// A role as the code spells it, if it is one of `known`: `"admin"` or `ROLES.ADMIN`.
/// Where the project's roles are unknown (a plain string column), a string
/// the code itself names as a role (`emitToRole("admin")`, `"role:admin"`,
/// `authorize("admin")`) is taken as written.
fn role_of(expr: &Expression<'_>, known: &[String], arrays: &BTreeMap<String, Vec<String>>) -> Vec<String> {
    role_in(expr, known, arrays, false)
}

fn role_in(
    expr: &Expression<'_>,
    known: &[String],
    arrays: &BTreeMap<String, Vec<String>>,
    named: bool,
) -> Vec<String> {
    match expr.get_inner_expression() {
        Expression::StringLiteral(s) => {
            let (value, named) = match s.value.strip_prefix("role:") {
                Some(rest) => (rest, true),
                None => (s.value.as_str(), named),
            };
            match known.is_empty() {
                true if named && !value.is_empty() => vec![value.to_string()],
                _ => known.iter().filter(|k| *k == value).cloned().collect(),
            }
        }
        Expression::StaticMemberExpression(m) => {
            let key = m.property.name.to_lowercase();
            known.iter().filter(|k| k.to_lowercase() == key).cloned().collect()
        }
        Expression::ArrayExpression(array) => array
            .elements
            .iter()
            .filter_map(|e| e.as_expression())
            .flat_map(|e| role_in(e, known, arrays, named))
            .collect(),
        Expression::Identifier(id) => arrays.get(id.name.as_str()).cloned().unwrap_or_default(),
        // `role:${ROLES.ADMIN}` as a room name
        Expression::TemplateLiteral(t) => {
            let prefix = t.quasis.first().map(|q| q.value.raw.to_lowercase()).unwrap_or_default();
            if prefix.starts_with("role") && t.expressions.len() == 1 {
                role_in(&t.expressions[0], known, arrays, true)
            } else {
                Vec::new()
            }
        }
        _ => Vec::new(),
    }
}

/// Arrays of roles a file declares (`const ADMIN_ROLES = [ROLES.ADMIN, "manager"]`).
fn role_arrays(program: &Program<'_>, known: &[String]) -> BTreeMap<String, Vec<String>> {
    struct Arrays<'k> {
        known: &'k [String],
        found: BTreeMap<String, Vec<String>>,
    }
    impl<'a> Visit<'a> for Arrays<'_> {
        fn visit_variable_declarator(&mut self, it: &VariableDeclarator<'a>) {
            if let (BindingPattern::BindingIdentifier(id), Some(init @ Expression::ArrayExpression(_))) =
                (&it.id, it.init.as_ref().map(|i| i.get_inner_expression()))
            {
                let named = id.name.to_lowercase().contains("role");
                let roles = role_in(init, self.known, &BTreeMap::new(), named);
                if !roles.is_empty() {
                    self.found.insert(id.name.to_string(), roles);
                }
            }
            walk::walk_variable_declarator(self, it);
        }
    }
    let mut arrays = Arrays { known, found: BTreeMap::new() };
    arrays.visit_program(program);
    arrays.found
}

/// The roles an emitter file sends to: the first argument of a call whose
/// name says it sends to a role (`emitToRole`, `sendToRoles`), or a role
/// room (`io.to("role:admin")`, `io.to(ROLES.ADMIN)`), through the arrays it
/// loops over (`ADMIN_ROLES.forEach((role) => emitToRole(role, ...))`).
pub fn roles_sent_to(path: &Path, source: &str, known: &[String]) -> Vec<String> {
    struct Sends<'k> {
        known: &'k [String],
        arrays: BTreeMap<String, Vec<String>>,
        /// Callback parameters bound to an array's elements.
        loops: Vec<(String, Vec<String>)>,
        found: Vec<String>,
    }
    impl Sends<'_> {
        fn add(&mut self, expr: &Expression<'_>, named: bool) {
            let mut roles = role_in(expr, self.known, &self.arrays, named);
            if let Expression::Identifier(id) = expr.get_inner_expression() {
                if let Some((_, bound)) = self.loops.iter().rev().find(|(name, _)| name == id.name.as_str()) {
                    roles.extend(bound.clone());
                }
            }
            for role in roles {
                if !self.found.contains(&role) {
                    self.found.push(role);
                }
            }
        }
    }
    impl<'a> Visit<'a> for Sends<'_> {
        fn visit_call_expression(&mut self, it: &CallExpression<'a>) {
            let name = match it.callee.get_inner_expression() {
                Expression::Identifier(id) => id.name.to_string(),
                Expression::StaticMemberExpression(m) => m.property.name.to_string(),
                _ => String::new(),
            };
            let first = it.arguments.first().and_then(|a| a.as_expression());
            // `ADMIN_ROLES.forEach((role) => ...)`: the parameter stands for the array's roles.
            let mut pushed = false;
            if name == "forEach" || name == "map" {
                if let (Expression::StaticMemberExpression(m), Some(Expression::ArrowFunctionExpression(arrow))) =
                    (it.callee.get_inner_expression(), first.map(|f| f.get_inner_expression()))
                {
                    let roles = role_of(&m.object, self.known, &self.arrays);
                    let param = arrow.params.items.first().and_then(|p| match &p.pattern {
                        BindingPattern::BindingIdentifier(id) => Some(id.name.to_string()),
                        _ => None,
                    });
                    if let (false, Some(param)) = (roles.is_empty(), param) {
                        self.loops.push((param, roles));
                        pushed = true;
                    }
                }
            }
            let lower = name.to_lowercase();
            let sends_to_role = lower.contains("role")
                && (lower.contains("emit")
                    || lower.contains("send")
                    || lower.contains("notify")
                    || lower.contains("broadcast"));
            if let Some(first) = first {
                if sends_to_role || name == "to" || name == "in" {
                    self.add(first, sends_to_role);
                }
            }
            walk::walk_call_expression(self, it);
            if pushed {
                self.loops.pop();
            }
        }
    }
    crate::js::parse::with_program(path, source, |program| {
        let arrays = role_arrays(program, known);
        let mut sends = Sends { known, arrays, loops: Vec::new(), found: Vec::new() };
        sends.visit_program(program);
        sends.found
    })
    .unwrap_or_default()
}

/// The roles route guards name: `authorize("admin", "manager")`,
/// `requireRole([ROLES.ADMIN])`, `restrictTo(...ADMIN_ROLES)`.
pub fn guard_roles(path: &Path, source: &str, known: &[String]) -> Vec<String> {
    struct Guards<'k> {
        known: &'k [String],
        arrays: BTreeMap<String, Vec<String>>,
        found: Vec<String>,
    }
    impl<'a> Visit<'a> for Guards<'_> {
        fn visit_call_expression(&mut self, it: &CallExpression<'a>) {
            let name = match it.callee.get_inner_expression() {
                Expression::Identifier(id) => Some(id.name.as_str()),
                Expression::StaticMemberExpression(m) => Some(m.property.name.as_str()),
                _ => None,
            };
            if name.is_some_and(|n| GUARDS.contains(&n)) {
                for argument in &it.arguments {
                    let expr = match argument {
                        Argument::SpreadElement(spread) => Some(&spread.argument),
                        other => other.as_expression(),
                    };
                    for role in expr.map(|e| role_in(e, self.known, &self.arrays, true)).unwrap_or_default() {
                        if !self.found.contains(&role) {
                            self.found.push(role);
                        }
                    }
                }
            }
            walk::walk_call_expression(self, it);
        }
    }
    crate::js::parse::with_program(path, source, |program| {
        let arrays = role_arrays(program, known);
        let mut guards = Guards { known, arrays, found: Vec::new() };
        guards.visit_program(program);
        guards.found
    })
    .unwrap_or_default()
}

#[cfg(test)]
fn known() -> Vec<String> {
    ["admin", "super_admin", "manager", "agent", "user"].map(String::from).to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_an_emitter_sends_to() {
        let recipe = "import { ROLES } from \"../../constants/roles.js\";\nconst ADMIN_ROLES = [ROLES.ADMIN, ROLES.SUPER_ADMIN];\nclass E {\n  emit(t, event, data) {\n    [t.createdBy].forEach((id) => emitToUser(id, event, data));\n    ADMIN_ROLES.forEach((role) => emitToRole(role, event, data));\n  }\n}\n";
        assert_eq!(roles_sent_to(Path::new("e.js"), recipe, &known()), ["admin", "super_admin"]);
        let rooms = "export const notify = (io, t) => { io.to(`role:${ROLES.MANAGER}`).emit('t', t); io.to('agent').emit('t', t); io.to(`user:${t.ownerId}`).emit('t', t); };";
        assert_eq!(roles_sent_to(Path::new("e.js"), rooms, &known()), ["manager", "agent"]);
        assert!(roles_sent_to(Path::new("e.js"), "io.to(`user:${id}`).emit('x');", &known()).is_empty());
        // Roles unknown (a plain string column): what the code names a role is taken, nothing else.
        let plain = "const STAFF_ROLES = ['dispatcher', 'owner'];\nSTAFF_ROLES.forEach((r) => emitToRole(r, 'e', {}));\nio.to('role:auditor').emit('e');\nio.to('lobby').emit('e');\n";
        assert_eq!(roles_sent_to(Path::new("e.js"), plain, &[]), ["dispatcher", "owner", "auditor"]);
    }

    #[test]
    fn roles_route_guards_name() {
        let routes = "const STAFF = ['manager', ROLES.AGENT];\nrouter.post('/', authenticate, authorize('admin', 'manager'), c.create);\nrouter.delete('/:id', requireRole([ROLES.SUPER_ADMIN]), c.remove);\nrouter.put('/:id', restrictTo(...STAFF), c.update);\nrouter.get('/', authorize('nobody'), c.list);\n";
        assert_eq!(guard_roles(Path::new("r.js"), routes, &known()), ["admin", "manager", "super_admin", "agent"]);
    }
}
