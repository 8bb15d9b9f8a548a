//! The reader on the shapes real Express apps write their auth in.

use super::*;

use crate::read::host::temp_host as host;

fn found(files: &[(&str, &str)], module: &str) -> HttpAuth {
    let (_dir, host) = host(files);
    match read(&host, Path::new("server"), module).unwrap() {
        Reading::Found(auth) => auth,
        other => panic!("not found: {other:?}"),
    }
}

fn strings(path: &[&str]) -> Vec<String> {
    path.iter().map(|s| s.to_string()).collect()
}

/// Runs the reader on an extracted host: `RTGEN_HTTP_AUTH_HOST=<dir> RTGEN_HTTP_AUTH_BACKEND=<folder>
/// RTGEN_HTTP_AUTH_MODULE=<module> cargo test --lib http_auth::tests::probe -- --ignored --nocapture`.
#[test]
#[ignore]
fn probe() {
    let root = std::env::var("RTGEN_HTTP_AUTH_HOST").unwrap();
    let backend = std::env::var("RTGEN_HTTP_AUTH_BACKEND").unwrap();
    let module = std::env::var("RTGEN_HTTP_AUTH_MODULE").unwrap();
    let host = Host::new(Path::new(&root));
    println!("{:#?}", read(&host, Path::new(&backend), &module).unwrap());
}

const ROUTES_CJS: &str = "const router = require('express').Router();\nconst { protect } = require('../middleware/auth');\nrouter.use(protect);\nrouter.get('/', (req, res) => res.json([]));\nmodule.exports = router;\n";

#[test]
fn env_secret_and_an_id_put_on_req_user_by_name() {
    let auth = found(
        &[
            ("server/src/routes/task.routes.js", "import { Router } from 'express';\nimport { protect } from '../middleware/auth.js';\nconst router = Router();\nrouter.post('/', protect, create);\nexport default router;\n"),
            ("server/src/middleware/auth.js", "import jwt from 'jsonwebtoken';\nexport const protect = async (req, res, next) => {\n  const token = req.headers.authorization?.split(' ')[1];\n  if (!token) return res.status(401).end();\n  const decoded = jwt.verify(token, process.env.JWT_SECRET);\n  req.user = { id: decoded.id, role: decoded.role };\n  next();\n};\n"),
        ],
        "task",
    );
    assert_eq!(auth.credentials, vec![Credential::Bearer]);
    assert!(
        matches!(&auth.verifier, Verifier::Jwt { secret, imports, .. } if secret == "process.env.JWT_SECRET" && imports.is_empty())
    );
    assert_eq!(auth.id, strings(&["id"]));
    assert_eq!(auth.role, Some(Field::Payload(strings(&["role"]))));
    assert_eq!((auth.file.as_path(), auth.name.as_str()), (Path::new("server/src/middleware/auth.js"), "protect"));
}

#[test]
fn secret_from_an_imported_config_object() {
    let auth = found(
        &[
            ("server/src/routes/taskRoutes.js", ROUTES_CJS),
            ("server/src/middleware/auth.js", "const jwt = require('jsonwebtoken');\nconst config = require('../config/config');\nexports.protect = (req, res, next) => {\n  const header = req.header('Authorization');\n  const token = header && header.replace('Bearer ', '');\n  try {\n    const payload = jwt.verify(token, config.jwt.secret);\n    req.userId = payload.userId;\n    next();\n  } catch (e) { res.sendStatus(401); }\n};\n"),
            ("server/src/config/config.js", "module.exports = { jwt: { secret: process.env.JWT_SECRET } };\n"),
        ],
        "task",
    );
    let Verifier::Jwt { secret, imports, .. } = &auth.verifier else { panic!("{auth:?}") };
    assert_eq!(secret, "config.jwt.secret");
    assert_eq!(
        imports[0].source,
        Source::File { path: "server/src/config/config.js".into(), written: "../config/config".into() }
    );
    assert_eq!(imports[0].part, Part::Whole);
    assert_eq!(auth.credentials, vec![Credential::Bearer]);
    assert_eq!(auth.id, strings(&["userId"]));
    assert_eq!(auth.role, None);
}

#[test]
fn a_verify_helper_and_the_whole_payload_with_sub_signed() {
    let auth = found(
        &[
            ("server/src/routes/task.ts", "import { Router } from 'express';\nimport { requireUser } from '../auth/requireUser';\nexport const taskRouter = Router();\ntaskRouter.use(requireUser);\n"),
            ("server/src/auth/requireUser.ts", "import { Request, Response, NextFunction } from 'express';\nimport { verifyToken } from '../lib/jwt';\nexport function requireUser(req: Request, res: Response, next: NextFunction) {\n  const auth = req.headers['authorization'];\n  if (!auth?.startsWith('Bearer ')) return res.sendStatus(401);\n  try {\n    const claims = verifyToken(auth.slice(7));\n    (req as any).user = claims;\n    req.user = claims;\n    next();\n  } catch { res.sendStatus(401); }\n}\n"),
            ("server/src/lib/jwt.ts", "import jwt from 'jsonwebtoken';\nconst SECRET = process.env.JWT_SECRET as string;\nexport const signToken = (user: { id: string; role: string; orgId: string }) => jwt.sign({ sub: user.id, role: user.role, orgId: user.orgId }, SECRET);\nexport const verifyToken = (token: string) => jwt.verify(token, SECRET) as { sub: string; role: string };\n"),
        ],
        "task",
    );
    assert!(matches!(&auth.verifier, Verifier::Helper { import } if import.local == "verifyToken"));
    assert_eq!(auth.id, strings(&["sub"]));
    assert_eq!(auth.role, Some(Field::Payload(strings(&["role"]))));
    assert_eq!(auth.tenant, Some(Field::Payload(strings(&["orgId"]))));
}

#[test]
fn middleware_from_a_barrel_wrapped_with_a_raw_header_and_a_helper_returning_a_field() {
    let auth = found(
        &[
            ("server/src/controllers/sales/router.js", "const router = require('express').Router({ mergeParams: true });\nconst rescue = require('express-rescue');\nconst { auth } = require('../../middlewares');\nrouter.post('/', rescue(auth), rescue(create));\nmodule.exports = router;\n"),
            ("server/src/middlewares/index.js", "const errorHandler = require('./errorHandler');\nconst auth = require('./auth');\nmodule.exports = { errorHandler, auth };\n"),
            ("server/src/middlewares/auth.js", "const { check } = require('../services/token');\nmodule.exports = (req, res, next) => {\n  const { authorization } = req.headers;\n  const user = check(authorization);\n  if (!user) return res.status(401).end();\n  req.user = user;\n  next();\n};\n"),
            ("server/src/services/token.js", "const jwt = require('jsonwebtoken');\nconst { SECRET } = require('../config');\nconst verify = (token) => { const decoded = jwt.verify(token, SECRET); return decoded.data; };\nmodule.exports = { check: verify };\n"),
            ("server/src/controllers/sales/create.js", "module.exports = async (req, res) => { const userId = req.user.id; res.json({ userId }); };\n"),
        ],
        "sale",
    );
    assert_eq!(auth.credentials, vec![Credential::RawHeader]);
    assert_eq!(auth.name, "auth");
    // `check` wraps `jwt.verify` under another name: read from its body, not its name.
    let Verifier::Helper { import } = &auth.verifier else { panic!("{auth:?}") };
    assert_eq!((import.local.as_str(), &import.part), ("check", &Part::Named("check".into())));
    assert_eq!(auth.prefix, strings(&["data"]));
    // The helper's result is `decoded.data`: its id is what the routes read of `req.user`.
    assert_eq!(auth.id, strings(&["id"]));
    assert_eq!(auth.evidence, "the fields the routes read of `req.user`");
}

#[test]
fn a_user_lookup_is_repeated_for_the_role() {
    let auth = found(
        &[
            ("server/src/routes/taskRoutes.js", ROUTES_CJS),
            ("server/src/middleware/auth.js", "const jwt = require('jsonwebtoken');\nconst User = require('../models/User');\nconst { JWT_SECRET } = require('../config');\nconst protect = async (req, res, next) => {\n  let token;\n  if (req.headers.authorization && req.headers.authorization.startsWith('Bearer')) {\n    token = req.headers.authorization.split(' ')[1];\n    const decoded = jwt.verify(token, JWT_SECRET);\n    req.user = await User.findById(decoded.id).select('-password');\n    return next();\n  }\n  res.status(401).json({ message: 'no token' });\n};\nmodule.exports = { protect };\n"),
            ("server/src/controllers/task.js", "exports.remove = (req, res) => { if (req.user.role !== 'admin') return res.sendStatus(403); };\n"),
            ("server/src/config/index.js", "module.exports = { JWT_SECRET: process.env.JWT_SECRET };\n"),
            ("server/src/models/User.js", "module.exports = { findById: () => null };\n"),
        ],
        "task",
    );
    assert_eq!(auth.id, strings(&["id"]));
    assert_eq!(auth.role, Some(Field::User("role".into())));
    let lookup = auth.lookup.expect("the lookup is repeated");
    assert_eq!(lookup.call, "User.findById(payload.id).select('-password')");
    assert_eq!(lookup.imports[0].local, "User");
}

#[test]
fn the_callback_form_and_a_cookie() {
    let auth = found(
        &[
            ("server/routes/notes.js", "import express from 'express';\nimport { authenticate } from '../middleware/authenticate.js';\nconst router = express.Router();\nrouter.get('/', authenticate, list);\nexport default router;\n"),
            ("server/middleware/authenticate.js", "import jwt from 'jsonwebtoken';\nimport { ACCESS_SECRET } from '../config/env.js';\nexport function authenticate(req, res, next) {\n  const token = req.cookies.jwt;\n  if (!token) return res.sendStatus(401);\n  jwt.verify(token, ACCESS_SECRET, (err, payload) => {\n    if (err) return res.sendStatus(403);\n    req.userId = payload.id;\n    req.role = payload.role;\n    next();\n  });\n}\n"),
            ("server/config/env.js", "export const ACCESS_SECRET = process.env.ACCESS_SECRET;\n"),
        ],
        "notes",
    );
    assert_eq!(auth.credentials, vec![Credential::Cookie("jwt".into())]);
    assert_eq!(auth.id, strings(&["id"]));
    assert_eq!(auth.role, Some(Field::Payload(strings(&["role"]))));
    let Verifier::Jwt { imports, .. } = &auth.verifier else { panic!() };
    assert_eq!(imports[0].part, Part::Named("ACCESS_SECRET".into()));
}

fn unreadable(files: &[(&str, &str)], module: &str) -> (String, String) {
    let (_dir, host) = host(files);
    match read(&host, Path::new("server"), module).unwrap() {
        Reading::Unreadable { what, fix, .. } => (what, fix),
        other => panic!("not refused: {other:?}"),
    }
}

const LITERAL: &str = "import jwt from 'jsonwebtoken';\nexport const auth = (req, res, next) => {\n  const token = req.headers.authorization?.split(' ')[1];\n  jwt.verify(token, process.env.JWT_SECRET || 'secret', (err, user) => {\n    if (err) return res.sendStatus(403);\n    req.user = user;\n    next();\n  });\n};\n";
const ROUTES_ESM: &str = "import { Router } from 'express';\nimport { auth } from '../middleware/auth.js';\nconst router = Router();\nrouter.get('/', auth, list);\nexport default router;\n";
const SIGN: &str = "import jwt from 'jsonwebtoken';\nimport { JWT_SECRET } from '../middleware/auth.js';\nexport const login = (user) => jwt.sign({ id: user.id, role: user.role }, JWT_SECRET);\n";

#[test]
fn a_literal_secret_is_refused_and_its_fix_works() {
    let (what, fix) = unreadable(
        &[("server/src/routes/product.js", ROUTES_ESM), ("server/src/middleware/auth.js", LITERAL)],
        "product",
    );
    assert!(what.contains("holds a literal written in place"), "{what}");
    assert!(fix.contains("`export const JWT_SECRET = process.env.JWT_SECRET || 'secret';`"), "{fix}");
    // The fix, word for word: the constant, exported, passed to `jwt.verify`.
    let fixed = LITERAL
        .replace(
            "export const auth",
            "export const JWT_SECRET = process.env.JWT_SECRET || 'secret';\nexport const auth",
        )
        .replace("process.env.JWT_SECRET || 'secret', (err", "JWT_SECRET, (err");
    let auth = found(
        &[
            ("server/src/routes/product.js", ROUTES_ESM),
            ("server/src/middleware/auth.js", &fixed),
            ("server/src/controllers/auth.js", SIGN),
        ],
        "product",
    );
    let Verifier::Jwt { secret, imports, .. } = &auth.verifier else { panic!() };
    assert_eq!(secret, "JWT_SECRET");
    assert_eq!(
        imports[0].source,
        Source::File { path: "server/src/middleware/auth.js".into(), written: String::new() }
    );
    assert_eq!(auth.id, strings(&["id"]));
}

#[test]
fn a_private_secret_constant_is_refused_and_exporting_it_works() {
    let private = "const jwt = require('jsonwebtoken');\nconst SECRET = process.env.JWT_SECRET;\nconst protect = (req, res, next) => {\n  const decoded = jwt.verify(req.headers.authorization.split(' ')[1], SECRET);\n  req.user = { id: decoded.id };\n  next();\n};\nmodule.exports = { protect };\n";
    let (what, fix) = unreadable(
        &[("server/src/routes/taskRoutes.js", ROUTES_CJS), ("server/src/middleware/auth.js", private)],
        "task",
    );
    assert!(what.contains("`SECRET` is a constant of that file that it does not export"), "{what}");
    assert!(fix.contains("add it to `module.exports`"), "{fix}");
    let fixed = private.replace("module.exports = { protect };", "module.exports = { protect, SECRET };");
    let auth =
        found(&[("server/src/routes/taskRoutes.js", ROUTES_CJS), ("server/src/middleware/auth.js", &fixed)], "task");
    assert_eq!(auth.id, strings(&["id"]));
}

#[test]
fn two_id_fields_are_not_guessed() {
    let middleware = "import jwt from 'jsonwebtoken';\nexport const auth = (req, res, next) => {\n  req.user = jwt.verify(req.headers.authorization.split(' ')[1], process.env.JWT_SECRET);\n  next();\n};\n";
    let sign = "import jwt from 'jsonwebtoken';\nexport const a = (u) => jwt.sign({ id: u.id, userId: u.id }, process.env.JWT_SECRET);\n";
    let (what, _) = unreadable(
        &[
            ("server/src/routes/product.js", ROUTES_ESM),
            ("server/src/middleware/auth.js", middleware),
            ("server/src/lib/sign.js", sign),
        ],
        "product",
    );
    assert!(what.contains("cannot tell which field holds the user id (found `id`, `userId`)"), "{what}");
}

#[test]
fn routes_without_auth_read_as_none() {
    let (_dir, host) = host(&[(
        "server/src/routes/product.js",
        "import { Router } from 'express';\nimport { validate } from '../middleware/validate.js';\nconst router = Router();\nrouter.post('/', validate, create);\nexport default router;\n",
    ), ("server/src/middleware/validate.js", "export const validate = (req, res, next) => next();\n")]);
    match read(&host, Path::new("server"), "product").unwrap() {
        Reading::None { routes, looked } => {
            assert_eq!(routes, vec![PathBuf::from("server/src/routes/product.js")]);
            assert_eq!(looked, vec!["`validate` (server/src/middleware/validate.js)".to_string()]);
        }
        other => panic!("{other:?}"),
    }
}

const SESSION_ROUTES: &str = "const router = require('express').Router();\nconst { requireLogin } = require('../middleware/session');\nrouter.get('/', requireLogin, list);\nmodule.exports = router;\n";
const SESSION_GUARD: &str = "exports.requireLogin = (req, res, next) => {\n  if (!req.session.userId) return res.status(401).end();\n  next();\n};\n";
const INLINE_SESSION_APP: &str = "const express = require('express');\nconst session = require('express-session');\nconst app = express();\napp.use(session({ secret: process.env.SESSION_SECRET, resave: false, saveUninitialized: false }));\nmodule.exports = app;\n";

#[test]
fn a_session_made_in_place_is_refused_and_binding_it_works() {
    let files = [
        ("server/src/routes/orders.js", SESSION_ROUTES),
        ("server/src/middleware/session.js", SESSION_GUARD),
        ("server/src/app.js", INLINE_SESSION_APP),
    ];
    let (what, fix) = unreadable(&files, "orders");
    assert!(
        what.contains("finds no exported session middleware")
            && what.contains("`server/src/app.js:4` makes it in place"),
        "{what}"
    );
    assert!(
        fix.contains("`module.exports.sessionMiddleware = sessionMiddleware;` after any `module.exports = ...`"),
        "{fix}"
    );
    // The fix, applied: bound, exported, used.
    let fixed = INLINE_SESSION_APP
        .replace("app.use(session({ secret: process.env.SESSION_SECRET, resave: false, saveUninitialized: false }));", "const sessionMiddleware = session({ secret: process.env.SESSION_SECRET, resave: false, saveUninitialized: false });\napp.use(sessionMiddleware);")
        .replace("module.exports = app;", "module.exports = app;\nmodule.exports.sessionMiddleware = sessionMiddleware;");
    let auth = found(&[files[0], files[1], ("server/src/app.js", &fixed)], "orders");
    let Verifier::Session { middleware, passport, holder } = &auth.verifier else { panic!("{auth:?}") };
    assert_eq!((middleware.local.as_str(), passport, holder.as_str()), ("sessionMiddleware", &None, "session"));
    assert_eq!(auth.id, strings(&["userId"]));
    assert_eq!(auth.credentials, vec![Credential::Session]);
}

#[test]
fn auth_applied_where_the_router_is_mounted() {
    let auth = found(
        &[
            ("server/src/routes/taskRoutes.js", "const router = require('express').Router();\nrouter.get('/', list);\nmodule.exports = router;\n"),
            ("server/src/app.js", "const express = require('express');\nconst { protect } = require('./middleware/auth');\nconst taskRoutes = require('./routes/taskRoutes');\nconst app = express();\napp.use(express.json());\napp.use('/api/tasks', protect, taskRoutes);\nmodule.exports = app;\n"),
            ("server/src/middleware/auth.js", "const jwt = require('jsonwebtoken');\nexports.protect = (req, res, next) => {\n  const decoded = jwt.verify(req.headers.authorization.split(' ')[1], process.env.JWT_SECRET);\n  req.user = { id: decoded.id };\n  next();\n};\n"),
        ],
        "task",
    );
    assert_eq!((auth.name.as_str(), auth.id.as_slice()), ("protect", strings(&["id"]).as_slice()));
}
