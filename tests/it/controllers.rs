//! Modules without a service (`tests/hosts/controllers-only`): CRUD in a
//! controller over an in-memory model, routes importing the handlers, the
//! auth middleware putting the user on `req.user`. rtgen emits from a
//! socket-enabled controller beside the host's, points the routes at it,
//! stays in sync, removes to the original bytes, and delivers live
//! (`tests/live/controllers.test.mjs`: only 2xx answers emit). The same for
//! a CommonJS backend (`tests/hosts/controllers-commonjs`: `exports.createTask
//! = async (req, res, next) => ...`, routes destructuring `require(...)`, and
//! a variant with `module.exports = { ... }` and a whole-module `require`).
//! Hosts it cannot wrap yet (inline route handlers, no handler at all) are
//! refused with the file, the line and the way forward.

use crate::support::{changed_files, host_suite, repo, Project};

const HOST: &str = "controllers-only";
const CONTROLLER: &str = "server/src/controllers/taskController.js";
const ROUTES: &str = "server/src/routes/tasks.js";

/// A copy of the host with `rtgen init` run (its layout is `server/` + `client/`).
fn prepared() -> Project {
    let project = Project::host(HOST);
    let init = project.rtgen_ok(&["init"]);
    assert!(!init.stdout.contains("not found"), "init missed something:\n{}", init.stdout);
    project
}

fn task_spec() -> String {
    std::fs::read_to_string(repo().join("tests/live/fixtures/task.yaml")).expect("task spec fixture")
}

#[test]
fn controller_module_adds_again_unchanged_checks_clean_and_removes_to_the_original_bytes() {
    let project = prepared();
    let before = project.files();
    project.write("realtime/task.yaml", &task_spec());
    let add = project.rtgen_ok(&["add", "task"]);
    assert!(add.stdout.contains("create server/src/controllers/taskControllerWithSocket.js"), "{}", add.stdout);
    assert!(!add.stdout.contains("services/taskServiceWithSocket"), "{}", add.stdout);
    let routes = project.read(ROUTES);
    assert!(routes.contains("from \"../controllers/taskControllerWithSocket.js\";"), "{routes}");
    assert_eq!(project.read(CONTROLLER), String::from_utf8(before[CONTROLLER].clone()).unwrap());
    let generated = project.read("server/src/controllers/taskControllerWithSocket.js");
    // The old status is read through the host's own model, imported as the controller imports it.
    assert!(generated.contains("import Task from \"../models/Task.js\";"), "{generated}");
    assert!(generated.contains("await Task.findById(req.params.id)"), "{generated}");
    crate::support::node_check(&project.root().join("server/src/controllers/taskControllerWithSocket.js"));
    insta::assert_snapshot!("controllers_only_task_controller_with_socket", generated);

    let check = project.rtgen(&["check"]);
    assert_eq!(check.code, 0, "check after add:\n{}", check.report(&project));
    let once = project.files();
    let again = project.rtgen_ok(&["add", "task"]);
    assert!(again.stdout.contains("up to date"), "second add changed something:\n{}", again.stdout);
    assert_eq!(project.files(), once, "a second `add task` changed files");

    // A route pointed back at the plain controller by hand is drift: its events would go nowhere.
    project.write(ROUTES, &String::from_utf8(before[ROUTES].clone()).unwrap());
    let drift = project.rtgen(&["check"]);
    assert_eq!(drift.code, 1, "a reverted route is not reported:\n{}", drift.report(&project));
    assert!(drift.stdout.contains(ROUTES) || drift.stderr.contains(ROUTES), "{}", drift.report(&project));
    project.rtgen_ok(&["add", "task"]);
    assert_eq!(project.files(), once, "add after the drift did not restore the route patch");

    project.rtgen_ok(&["remove", "task", "--purge"]);
    let after = project.files();
    assert_eq!(after, before, "remove did not give the original bytes back: {:?}", changed_files(&after, &before));
}

#[test]
fn controller_module_spec_is_derived_from_the_handlers() {
    let project = prepared();
    project.rtgen_ok(&["add", "task"]);
    let spec = project.read("realtime/task.yaml");
    assert!(spec.contains("derived by rtgen from `server/src/controllers/taskController.js`"), "{spec}");
    for event in ["created", "updated", "deleted"] {
        assert!(spec.contains(&format!("- name: {event}")), "no {event} in:\n{spec}");
    }
    let check = project.rtgen(&["check"]);
    assert_eq!(check.code, 0, "check after a derived add:\n{}", check.report(&project));
}

#[test]
fn live_controller_module_emits_after_2xx_answers_only() {
    let project = prepared();
    project.link_backend_modules("server");
    project.write("realtime/task.yaml", &task_spec());
    project.rtgen_ok(&["add", "task"]);
    run_live_suite(&project);
}

/// A create that answers `{ success, data: { task } }`: the record is read
/// two levels down, where the handler's code puts it (issue 23: rtgen read
/// `data` and the created event never went out).
#[test]
fn live_controller_answering_a_nested_record_emits_it() {
    let project = prepared();
    project.link_backend_modules("server");
    let controller = project.read(CONTROLLER);
    let nested = controller.replace(
        "res.status(201).json({ success: true, data: task });",
        "res.status(201).json({ success: true, data: { task } });",
    );
    assert_ne!(nested, controller);
    project.write(CONTROLLER, &nested);
    project.write("realtime/task.yaml", &task_spec());
    project.rtgen_ok(&["add", "task"]);
    let generated = project.read("server/src/controllers/taskControllerWithSocket.js");
    assert!(generated.contains("\"data.task\""), "{generated}");
    run_live_suite(&project);
}

/// `tests/live/controllers.test.mjs` against `project`'s backend, started with `node`.
pub(crate) fn run_live_suite(project: &Project) {
    host_suite(project, "controllers.test.mjs");
}

/// Handlers written in the route file: refused with the file:line and the way forward,
/// which, followed, makes `add` succeed.
#[test]
fn inline_route_handlers_are_refused_and_moving_them_into_a_controller_works() {
    let project = prepared();
    let controller = project.read(CONTROLLER);
    project.remove(CONTROLLER);
    project.write(
        ROUTES,
        "import { Router } from \"express\";\nimport Task from \"../models/Task.js\";\nimport { protect } from \"../middleware/auth.js\";\n\nconst router = Router();\n\nrouter.use(protect);\nrouter.get(\"/\", async (req, res) => res.json({ data: await Task.find() }));\nrouter.post(\"/\", async (req, res) => {\n  res.status(201).json({ data: await Task.create(req.body) });\n});\n\nexport default router;\n",
    );
    project.write("realtime/task.yaml", &task_spec());
    let before = project.files();
    let run = project.rtgen(&["add", "task"]);
    assert_eq!(run.code, 2, "{}", run.report(&project));
    assert!(run.stderr.contains("server/src/routes/tasks.js:9"), "no file:line in:\n{}", run.stderr);
    assert!(run.stderr.contains("`POST /` (line 9)"), "{}", run.stderr);
    assert!(run.stderr.contains("move each handler into `server/src/controllers/taskController.js`"), "{}", run.stderr);
    assert_eq!(project.files(), before, "a refused run changed files");

    // The way forward, as the message says: the handlers in the controller, the routes importing them.
    project.write(CONTROLLER, &controller);
    project.write(ROUTES, &String::from_utf8(Project::host(HOST).files()[ROUTES].clone()).unwrap());
    project.rtgen_ok(&["add", "task"]);
    assert_eq!(project.rtgen(&["check"]).code, 0);
}

/// No service and no handler: the message says a service was not found, that rtgen
/// emits from a controller's handlers, and what to set.
#[test]
fn no_service_and_no_handlers_says_what_would_work() {
    let project = prepared();
    project.write(CONTROLLER, "export const TASK_LIMIT = 100;\n");
    project.write("realtime/task.yaml", &task_spec());
    let run = project.rtgen(&["add", "task"]);
    assert_eq!(run.code, 2, "{}", run.report(&project));
    assert!(run.stderr.contains("the `task` module has no service module"), "{}", run.stderr);
    assert!(run.stderr.contains("exports no request handler"), "{}", run.stderr);
    assert!(run.stderr.contains("else from the module's controller"), "{}", run.stderr);
    assert!(run.stderr.contains("`names.controller`"), "{}", run.stderr);
}

const CJS_HOST: &str = "controllers-commonjs";
const CJS_CONTROLLER: &str = "backend/src/controllers/taskController.js";
const CJS_ROUTES: &str = "backend/src/routes/taskRoutes.js";
const CJS_GENERATED: &str = "backend/src/controllers/taskControllerWithSocket.js";

/// A copy of the CommonJS host with `rtgen init` run.
fn prepared_commonjs() -> Project {
    let project = Project::host(CJS_HOST);
    let init = project.rtgen_ok(&["init"]);
    assert!(
        init.stdout.contains(
            "`backend/src/socket/socketManager.js` creates the socket.io server: rtgen's runtime is attached there"
        ),
        "init missed the server:\n{}",
        init.stdout
    );
    project
}

/// The other CommonJS shapes: handlers declared as functions and exported as
/// one object, and a route requiring the whole controller module.
fn to_exports_object(project: &Project) {
    project.write(
        CJS_CONTROLLER,
        r#"const Task = require("../models/Task");

async function getTasks(req, res, next) {
  try {
    const tasks = await Task.find();
    res.json({ success: true, count: tasks.length, data: tasks });
  } catch (err) {
    next(err);
  }
}

const createTask = async (req, res, next) => {
  try {
    const { title, assignee } = req.body || {};
    if (!title) return res.status(400).json({ success: false, message: "Title is required" });
    const task = await Task.create({ title, assignee: assignee || null, reporter: String(req.user._id) });
    res.status(201).json({ success: true, data: task });
  } catch (err) {
    next(err);
  }
};

async function updateTask(req, res, next) {
  try {
    const task = await Task.findById(req.params.id);
    if (!task) return res.status(404).json({ success: false, message: "Task not found" });
    const { status } = req.body || {};
    if (task.status === "done" && !status) {
      return res.status(409).json({ success: false, message: "A done task is locked", data: task });
    }
    if (status && !Task.STATUSES.includes(status)) {
      return res.status(422).json({ success: false, message: "Unknown status" });
    }
    res.json({ success: true, data: await Task.findByIdAndUpdate(req.params.id, req.body || {}) });
  } catch (err) {
    next(err);
  }
}

const deleteTask = async (req, res, next) => {
  try {
    if (!(await Task.findById(req.params.id))) {
      return res.status(404).json({ success: false, message: "Task not found" });
    }
    await Task.findByIdAndDelete(req.params.id);
    res.json({ success: true, message: "Task deleted" });
  } catch (err) {
    next(err);
  }
};

module.exports = { getTasks, createTask, updateTask, deleteTask };
"#,
    );
    project.write(
        CJS_ROUTES,
        r#"const router = require("express").Router();
const taskController = require("../controllers/taskController");
const { protect } = require("../middleware/authMiddleware");

router.route("/").get(protect, taskController.getTasks).post(protect, taskController.createTask);
router.route("/:id").put(protect, taskController.updateTask).delete(protect, taskController.deleteTask);

module.exports = router;
"#,
    );
}

#[test]
fn commonjs_controller_module_adds_again_unchanged_checks_clean_and_removes_to_the_original_bytes() {
    let project = prepared_commonjs();
    let before = project.files();
    project.write("realtime/task.yaml", &task_spec());
    let add = project.rtgen_ok(&["add", "task"]);
    assert!(add.stdout.contains(&format!("create {CJS_GENERATED}")), "{}", add.stdout);
    assert!(add.stdout.contains(&format!("update {CJS_ROUTES}")), "{}", add.stdout);
    // The route requires the socket-enabled controller, written as the file writes its requires.
    let routes = project.read(CJS_ROUTES);
    assert!(routes.contains("} = require('../controllers/taskControllerWithSocket');"), "{routes}");
    assert_eq!(project.read(CJS_CONTROLLER), String::from_utf8(before[CJS_CONTROLLER].clone()).unwrap());
    // One module system per file: the generated backend files `require` and assign `module.exports`.
    let generated = project.read(CJS_GENERATED);
    for file in [CJS_GENERATED, "backend/src/socket/events/taskEvents.js"] {
        let text = project.read(file);
        assert!(
            !text.lines().any(|l| l.starts_with("import ") || l.starts_with("export ")),
            "`{file}` mixes module systems:\n{text}"
        );
    }
    assert!(generated.contains("const base = require('./taskController');"), "{generated}");
    assert!(generated.contains("const Task = require('../models/Task');"), "{generated}");
    assert!(generated.contains("await Task.findById(req.params.id)"), "{generated}");
    // The host's four spaces and single quotes.
    assert!(generated.contains("\n    return async (req, res, next) => {"), "{generated}");
    crate::support::node_check(&project.root().join(CJS_GENERATED));
    insta::assert_snapshot!("controllers_commonjs_task_controller_with_socket", generated);

    let check = project.rtgen(&["check"]);
    assert_eq!(check.code, 0, "check after add:\n{}", check.report(&project));
    let once = project.files();
    let again = project.rtgen_ok(&["add", "task"]);
    assert!(again.stdout.contains("up to date"), "second add changed something:\n{}", again.stdout);
    assert_eq!(project.files(), once, "a second `add task` changed files");

    // A generated file edited by hand is drift, and `add --force` writes it back.
    project.write(CJS_GENERATED, &generated.replace("taskEvents.created(task, req.user);", ""));
    let edited = project.rtgen(&["check"]);
    assert_eq!(edited.code, 1, "a hand edit is not reported:\n{}", edited.report(&project));
    assert!(edited.stdout.contains(CJS_GENERATED) && edited.stdout.contains("edited"), "{}", edited.report(&project));
    project.rtgen_ok(&["add", "task", "--force"]);
    assert_eq!(project.files(), once, "`add --force` did not restore the generated controller");

    // A route pointed back at the plain controller by hand is drift too.
    project.write(CJS_ROUTES, &String::from_utf8(before[CJS_ROUTES].clone()).unwrap());
    let drift = project.rtgen(&["check"]);
    assert_eq!(drift.code, 1, "a reverted route is not reported:\n{}", drift.report(&project));
    assert!(drift.stdout.contains(CJS_ROUTES), "{}", drift.report(&project));
    project.rtgen_ok(&["add", "task"]);
    assert_eq!(project.files(), once, "add after the drift did not restore the route patch");

    project.rtgen_ok(&["remove", "task", "--purge"]);
    let after = project.files();
    assert_eq!(after, before, "remove did not give the original bytes back: {:?}", changed_files(&after, &before));
}

#[test]
fn commonjs_exports_object_and_whole_module_require_round_trip() {
    let project = prepared_commonjs();
    to_exports_object(&project);
    let before = project.files();
    project.write("realtime/task.yaml", &task_spec());
    project.rtgen_ok(&["add", "task"]);
    let routes = project.read(CJS_ROUTES);
    assert!(
        routes.contains("const taskController = require(\"../controllers/taskControllerWithSocket\");"),
        "{routes}"
    );
    let generated = project.read(CJS_GENERATED);
    // This controller's own style: two spaces, double quotes.
    assert!(generated.contains("const base = require(\"./taskController\");"), "{generated}");
    assert!(generated.contains("\n  return async (req, res, next) => {"), "{generated}");
    for handler in ["createTask", "updateTask", "deleteTask"] {
        assert!(generated.contains(&format!("module.exports.{handler} = emitting(base.{handler}, ")), "{generated}");
    }
    crate::support::node_check(&project.root().join(CJS_GENERATED));
    assert_eq!(project.rtgen(&["check"]).code, 0);
    let once = project.files();
    project.rtgen_ok(&["add", "task"]);
    assert_eq!(project.files(), once, "a second `add task` changed files");
    project.rtgen_ok(&["remove", "task", "--purge"]);
    let after = project.files();
    assert_eq!(after, before, "remove did not give the original bytes back: {:?}", changed_files(&after, &before));
}

#[test]
fn commonjs_controller_spec_is_derived_from_the_handlers() {
    let project = prepared_commonjs();
    project.rtgen_ok(&["add", "task"]);
    let spec = project.read("realtime/task.yaml");
    assert!(spec.contains(&format!("derived by rtgen from `{CJS_CONTROLLER}`")), "{spec}");
    for event in ["created", "updated", "deleted"] {
        assert!(spec.contains(&format!("- name: {event}")), "no {event} in:\n{spec}");
    }
    // No schema says the record has a status: statusChanged is left out, and the spec says why.
    assert!(spec.contains("Left out: statusChanged"), "{spec}");
    assert!(spec.contains("fields: [assignee, reporter]"), "no user columns in:\n{spec}");
    let check = project.rtgen(&["check"]);
    assert_eq!(check.code, 0, "check after a derived add:\n{}", check.report(&project));
}

/// The live suite on the CommonJS host, in both export shapes: a real server
/// started with `node`, real socket.io clients.
#[test]
fn live_commonjs_controller_module_emits_after_2xx_answers_only() {
    for variant in ["exports.fn", "module.exports = { ... }"] {
        let project = prepared_commonjs();
        if variant != "exports.fn" {
            to_exports_object(&project);
        }
        project.link_backend_modules("backend");
        project.write("realtime/task.yaml", &task_spec());
        project.rtgen_ok(&["add", "task"]);
        run_live_suite(&project);
    }
}

/// A controller under another name than `names.controller` gives (`tasks.controller.js`, as
/// in project_manager): the message names the file and the pattern, and setting it works.
#[test]
fn commonjs_controller_under_another_name_is_named_with_the_pattern_that_finds_it() {
    let project = prepared_commonjs();
    let controller = project.read(CJS_CONTROLLER);
    project.remove(CJS_CONTROLLER);
    project.write("backend/src/controllers/tasks.controller.js", &controller);
    project.write(CJS_ROUTES, &project.read(CJS_ROUTES).replace("taskController'", "tasks.controller'"));
    project.write("realtime/task.yaml", &task_spec());
    let before = project.files();
    let run = project.rtgen(&["add", "task"]);
    assert_eq!(run.code, 2, "{}", run.report(&project));
    assert!(run.stderr.contains("found `backend/src/controllers/tasks.controller.js`"), "{}", run.stderr);
    let hint = "set `names.controller: \"{modules}.controller\"` in `rtgen.yaml`";
    assert!(run.stderr.contains(hint), "{}", run.stderr);
    assert_eq!(project.files(), before, "a refused run changed files");

    // The hint, applied.
    let profile = project.read("rtgen.yaml");
    project.write("rtgen.yaml", &format!("{profile}names:\n  controller: \"{{modules}}.controller\"\n"));
    let add = project.rtgen_ok(&["add", "task"]);
    assert!(add.stdout.contains("create backend/src/controllers/tasks.controller.socket.js"), "{}", add.stdout);
    assert!(project.read(CJS_ROUTES).contains("require('../controllers/tasks.controller.socket');"));
    assert_eq!(project.rtgen(&["check"]).code, 0);
}

/// A socket server that authenticates no socket (Enterprise-WMP's: the client registers its
/// own id): refused with the way forward, which is to authenticate the socket, not to name
/// a user id the code does not hold; followed, rtgen joins the user rooms itself.
#[test]
fn socket_server_without_auth_is_refused_and_authenticating_it_works() {
    let project = prepared_commonjs();
    let server = "backend/src/socket/socketManager.js";
    let text = project.read(server);
    let start = text.find("    io.use(").expect("the fixture's auth middleware");
    let end = text.find("    io.on('connection'").expect("the fixture's connection handler");
    let unauthenticated = format!("{}{}", &text[..start], &text[end..]).replace(
        "        socket.join(`user:${socket.user.id}`);\n        socket.join(`role:${socket.user.role}`);\n",
        "        socket.on('register', (employeeId) => socket.emit('registered', employeeId));\n",
    );
    project.write(server, &unauthenticated);
    project.write("realtime/task.yaml", &task_spec());
    let before = project.files();
    let run = project.rtgen(&["add", "task"]);
    assert_eq!(run.code, 2, "{}", run.report(&project));
    assert!(run.stderr.contains("no assignment of a verified user to the socket"), "{}", run.stderr);
    assert!(run.stderr.contains("the sockets are not authenticated"), "{}", run.stderr);
    assert!(run.stderr.contains("authenticate each socket with a middleware"), "{}", run.stderr);
    assert_eq!(project.files(), before, "a refused run changed files");

    // The way forward: the middleware back, still no room joined: rtgen's runtime joins its own.
    let middleware = &text[start..end];
    project.write(
        server,
        &unauthenticated.replace("    io.on('connection'", &format!("{middleware}    io.on('connection'")),
    );
    project.rtgen_ok(&["add", "task"]);
    let runtime = project.read("backend/src/socket/realtime.js");
    assert!(runtime.contains("id: toId(socket.user?.id),"), "{runtime}");
    assert!(!project.read(server).contains("socket.join("), "rtgen joined rooms in the host's handler");
    crate::support::node_check(&project.root().join(server));
    assert_eq!(project.rtgen(&["check"]).code, 0);
}

/// No handler in a CommonJS controller: the message shows the CommonJS shape, and a
/// controller class's instance is named as such.
#[test]
fn commonjs_controller_without_handlers_is_shown_the_commonjs_shape() {
    let project = prepared_commonjs();
    project.write("realtime/task.yaml", &task_spec());
    project.write(CJS_CONTROLLER, "const TASK_LIMIT = 100;\n\nmodule.exports = { TASK_LIMIT };\n");
    let run = project.rtgen(&["add", "task"]);
    assert_eq!(run.code, 2, "{}", run.report(&project));
    assert!(
        run.stderr.contains("exports no request handler (`exports.createTask = async (req, res, next) => ...`)"),
        "{}",
        run.stderr
    );

    project.write(
        CJS_CONTROLLER,
        "class TaskController {\n    async createTask(req, res) {\n        res.status(201).json({});\n    }\n}\n\nmodule.exports = new TaskController();\n",
    );
    let before = project.files();
    let run = project.rtgen(&["add", "task"]);
    assert_eq!(run.code, 2, "{}", run.report(&project));
    assert!(run.stderr.contains(&format!("{CJS_CONTROLLER}:7")), "{}", run.stderr);
    assert!(run.stderr.contains("exports an instance of a class"), "{}", run.stderr);
    assert_eq!(project.files(), before, "a refused run changed files");
}

const CJS_ENTRY: &str = "backend/src/server.js";

/// project_manager's shape: the CommonJS entry creates the socket.io server itself and
/// hands it to the module that sets it up (`initSocket(io)`).
fn prepared_commonjs_server_in_entry() -> Project {
    let project = Project::host(CJS_HOST);
    project.write(
        CJS_ENTRY,
        "const http = require('http');\nconst { Server } = require('socket.io');\nconst app = require('./app');\nconst connectDB = require('./config/db');\nconst initSocket = require('./socket/socketManager');\n\nconst PORT = process.env.PORT || 5000;\n\nconst server = http.createServer(app);\nconst io = new Server(server, { cors: { origin: '*' } });\ninitSocket(io);\n\nconnectDB().then(() => {\n    server.listen(PORT, () => {\n        console.log(`Server listening on http://localhost:${server.address().port}`);\n    });\n});\n",
    );
    let manager = project.read("backend/src/socket/socketManager.js");
    let setup = manager
        .replace("const { Server } = require('socket.io');\n", "")
        .replace("let io = null;\n\n", "")
        .replace(
            "const initSocket = (server) => {\n    io = new Server(server, {\n        cors: { origin: '*' }\n    });\n",
            "const initSocket = (io) => {",
        )
        .replace("\n    return io;\n", "")
        .replace("const getIO = () => io;\n\nmodule.exports = { initSocket, getIO };", "module.exports = initSocket;");
    assert!(!setup.contains("getIO") && !setup.contains("new Server"), "the fixture changed:\n{setup}");
    project.write("backend/src/socket/socketManager.js", &setup);
    project.rtgen_ok(&["init"]);
    project
}

/// project_manager's entry: `require` start-up lines after its last `require`, the call
/// after `const io = new Server(...)`; in sync, and removed to the original bytes.
#[test]
fn commonjs_entry_creating_the_server_gets_require_start_up_lines() {
    let project = prepared_commonjs_server_in_entry();
    let before = project.files();
    project.write("realtime/task.yaml", &task_spec());
    project.rtgen_ok(&["add", "task"]);
    let entry = project.read(CJS_ENTRY);
    assert!(entry.contains("const realtime = require('./socket/realtime');\n"), "{entry}");
    assert!(
        entry.contains("const io = new Server(server, { cors: { origin: '*' } });\nrealtime.attach(io);\n"),
        "{entry}"
    );
    assert!(!entry.contains("import ") && !entry.contains("taskEvents"), "{entry}");
    assert_eq!(project.rtgen(&["check"]).code, 0);
    project.rtgen_ok(&["remove", "task", "--purge"]);
    let after = project.files();
    assert!(after == before, "remove did not give the original bytes back: {:?}", changed_files(&after, &before));
}

/// The same entry, live: the server starts with `node` and events reach the clients.
#[test]
fn live_commonjs_entry_creating_the_server_delivers() {
    let project = prepared_commonjs_server_in_entry();
    project.link_backend_modules("backend");
    project.write("realtime/task.yaml", &task_spec());
    project.rtgen_ok(&["add", "task"]);
    run_live_suite(&project);
}

/// An ES module handler named like one of the wrapper's own bindings would not load:
/// refused by name (a CommonJS wrapper assigns `module.exports.<name>` and binds none).
#[test]
fn a_handler_named_like_a_wrapper_binding_is_refused() {
    let project = prepared();
    project.write(CONTROLLER, &project.read(CONTROLLER).replace("export const createTask", "export const unwrap"));
    project.write(ROUTES, &project.read(ROUTES).replace("createTask", "unwrap"));
    project.write(
        "realtime/task.yaml",
        "module: task\nevents:\n  - name: created\n    method: unwrap\n    recipients:\n      fields: [assignee]\n",
    );
    let before = project.files();
    let run = project.rtgen(&["add", "task"]);
    assert_eq!(run.code, 2, "{}", run.report(&project));
    assert!(
        run.stderr.contains("the handler `unwrap` has the name of one of the socket-enabled controller's own bindings"),
        "{}",
        run.stderr
    );
    assert_eq!(project.files(), before, "a refused run changed files");
}

/// The derived spec works on CommonJS handlers as on a service's methods: a handler that
/// writes gets an event, one whose answer holds no task is left out, saying so.
#[test]
fn commonjs_custom_handlers_are_derived_from_what_they_write_and_answer() {
    let project = prepared_commonjs();
    let controller = project.read(CJS_CONTROLLER);
    project.write(
        CJS_CONTROLLER,
        &format!(
            "{controller}\nexports.archiveTask = async (req, res, next) => {{\n    try {{\n        const task = await Task.findByIdAndUpdate(req.params.id, {{ status: 'done' }});\n        res.status(200).json({{ success: true, data: task }});\n    }} catch (err) {{\n        next(err);\n    }}\n}};\n\nexports.addComment = async (req, res) => {{\n    const comment = await Task.create({{ title: req.body.text }});\n    res.status(201).json({{ success: true, comment }});\n}};\n"
        ),
    );
    project.rtgen_ok(&["add", "task"]);
    let spec = project.read("realtime/task.yaml");
    assert!(spec.contains("- name: archived\n    method: archiveTask"), "{spec}");
    assert!(spec.contains("# Left out: addComment: it answers `{ success, comment }`, which holds no task."), "{spec}");
    assert!(!spec.contains("method: addComment"), "{spec}");
    assert_eq!(project.rtgen(&["check"]).code, 0);
}

/// A create handler that answers its record under `result`
/// (`{ success, result: task }`): the event reads it there (before, rtgen read
/// only the module's name and `data`, and left `created` out).
#[test]
fn a_create_answering_its_record_under_result_is_read_there() {
    let project = prepared_commonjs();
    let controller = project.read(CJS_CONTROLLER);
    project.write(
        CJS_CONTROLLER,
        &controller.replace(
            "res.status(201).json({ success: true, data: task });",
            "res.status(201).json({ success: true, result: task });",
        ),
    );
    project.rtgen_ok(&["add", "task"]);
    let spec = project.read("realtime/task.yaml");
    assert!(spec.contains("- name: created"), "{spec}");
    let generated = project.read("backend/src/controllers/taskControllerWithSocket.js");
    assert!(generated.contains("key: 'result'"), "{generated}");
    assert_eq!(project.rtgen(&["check"]).code, 0);
}

/// A controller under the right name but a `.cjs` extension: no `names:` setting
/// finds it, so the hint says to rename it; renamed as it says, `add` works.
#[test]
fn a_cjs_controller_is_told_to_become_js_and_the_hint_works() {
    let project = prepared_commonjs();
    let controller = project.read(CJS_CONTROLLER);
    let cjs = CJS_CONTROLLER.replace(".js", ".cjs");
    project.remove(CJS_CONTROLLER);
    project.write(&cjs, &controller);
    let routes = project.read(CJS_ROUTES);
    project.write(CJS_ROUTES, &routes.replace("/controllers/taskController')", "/controllers/taskController.cjs')"));
    assert_ne!(project.read(CJS_ROUTES), routes, "the fixture's require changed");
    project.write("realtime/task.yaml", &task_spec());
    let before = project.files();
    let run = project.rtgen(&["add", "task"]);
    assert_eq!(run.code, 2, "{}", run.report(&project));
    assert!(
        run.stderr
            .contains(&format!("`{cjs}` is a `.cjs` file, and rtgen looks for the backend's modules as `.js` files")),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("rename it to `taskController.js`"), "{}", run.stderr);
    assert!(project.files() == before, "a refused run changed files");

    project.remove(&cjs);
    project.write(CJS_CONTROLLER, &controller);
    project.write(CJS_ROUTES, &routes);
    project.rtgen_ok(&["add", "task"]);
    assert_eq!(project.rtgen(&["check"]).code, 0);
}

/// A socket whose user is the decoded token, and a connection handler whose
/// own rooms name a key the tokens do not hold (`_id` on a payload signed as
/// `{ sub, role }`): following those rooms would reach nobody, so `add`
/// refuses, naming the signing call, and the `socket.joins` it suggests works.
#[test]
fn rooms_named_by_a_key_the_tokens_do_not_hold_are_refused_and_the_hint_works() {
    let project = prepared();
    let socket = "backend/src/socket/index.js";
    let socket = if project.exists(socket) { socket } else { "server/src/socket/index.js" };
    let text = project.read(socket);
    project.write(
        socket,
        &text.replace("socket.data.user = { _id: payload.sub, role: payload.role };", "socket.data.user = payload;"),
    );
    let before = project.files();
    let run = project.rtgen(&["add", "task"]);
    assert_eq!(run.code, 2, "{}", run.report(&project));
    assert!(
        run.stderr.contains("reads the user's id as `socket.data.user._id`, but the tokens the host signs"),
        "{}",
        run.report(&project)
    );
    assert!(run.stderr.contains("hold no `_id`"), "{}", run.report(&project));
    assert_eq!(project.files(), before, "a refusal changes nothing");
    let help = "set `socket.joins.user` in `rtgen.yaml` to the key the token holds (for example `socket.data.user.sub`), and `socket.joins.role` to its role";
    assert!(run.stderr.contains(help), "{}", run.report(&project));

    // The hint, followed word for word.
    let profile = if project.exists("rtgen.yaml") { project.read("rtgen.yaml") } else { String::new() };
    project.write(
        "rtgen.yaml",
        &format!("{profile}socket:\n  joins:\n    user: socket.data.user.sub\n    role: socket.data.user.role\n"),
    );
    let run = project.rtgen(&["add", "task"]);
    assert_eq!(run.code, 0, "{}", run.report(&project));
    let runtime = project.read(&format!("{}/realtime.js", socket.rsplit_once('/').unwrap().0));
    assert!(runtime.contains("socket.data.user?.sub"), "{runtime}");
}

/// A handler that answers through a helper it hands `res` to
/// (`created(res, task)`) sends a body whose shape rtgen does not read: the
/// derived spec leaves its event out and says why, instead of taking the body
/// for the record (it is `{ success, data }` there, and the event would never
/// fire).
#[test]
fn a_handler_answering_through_a_helper_is_left_out_and_says_why() {
    let project = prepared();
    let file = "server/src/controllers/taskController.js";
    let text = project.read(file);
    let text =
        text.replace("    res.status(201).json({ success: true, data: task });", "    return created(res, task);");
    project.write(
        file,
        &format!(
            "{text}\nfunction created(res, data) {{\n  return res.status(201).json({{ success: true, data }});\n}}\n"
        ),
    );
    project.rtgen_ok(&["add", "task"]);
    let spec = project.read("realtime/task.yaml");
    assert!(
        spec.contains("# Left out: created: `createTask` answers through another function it hands `res` to, whose body rtgen does not read"),
        "{spec}"
    );
    assert!(!spec.contains("- name: created\n"), "{spec}");
}
