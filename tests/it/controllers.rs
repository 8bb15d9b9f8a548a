//! Modules without a service (`tests/hosts/controllers-only`): CRUD in a
//! controller over an in-memory model, routes importing the handlers, the
//! auth middleware putting the user on `req.user`. rtgen emits from a
//! socket-enabled controller beside the host's, points the routes at it,
//! stays in sync, removes to the original bytes, and delivers live
//! (`tests/live/controllers.test.mjs`: only 2xx answers emit). Hosts it
//! cannot wrap yet (inline route handlers, CommonJS controllers, no handler
//! at all) are refused with the file, the line and the way forward.

use crate::support::{changed_files, node_suite, repo, Project, SUITE_TIMEOUT};

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
    let live = repo().join("tests/live");
    assert!(live.join("node_modules/socket.io-client").is_dir(), "run `npm ci` in tests/live");
    let project = prepared();
    project.link_backend_modules("server");
    project.write("realtime/task.yaml", &task_spec());
    project.rtgen_ok(&["add", "task"]);
    let artifacts = repo().join("tests/artifacts");
    let (status, output) = node_suite(
        &live,
        "controllers.test.mjs",
        &[("RTGEN_HOST_APP", project.root()), ("RTGEN_LIVE_ARTIFACTS", &artifacts)],
    );
    match status {
        Some(status) => assert!(status.success(), "`node --test controllers.test.mjs` failed ({status})\n{output}"),
        None => panic!("did not finish within {SUITE_TIMEOUT:?}\n{output}"),
    }
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

#[test]
fn commonjs_controller_is_refused_by_name() {
    let project = prepared();
    project.write(
        CONTROLLER,
        "const Task = require(\"../models/Task\");\n\nexports.createTask = async (req, res) => {\n  res.status(201).json(await Task.create(req.body));\n};\n",
    );
    project.write("realtime/task.yaml", &task_spec());
    let before = project.files();
    let run = project.rtgen(&["add", "task"]);
    assert_eq!(run.code, 2, "{}", run.report(&project));
    assert!(run.stderr.contains(CONTROLLER), "{}", run.stderr);
    assert!(run.stderr.contains("its controller is CommonJS"), "{}", run.stderr);
    assert_eq!(project.files(), before);
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
