//! Route handlers written inline (`router.post('/', protect, async (req, res) => {...})`,
//! tests/hosts/inline-routes, in bug-tracker's shape): the first `add` refuses and prints
//! the import and, per route, its line with the generated middleware; pasted verbatim,
//! `add` again writes the events file they load, `check` is clean, and the live suite
//! proves only 2xx answers emit.

use crate::support::*;

const HOST: &str = "inline-routes";
const ROUTES: &str = "backend/src/routes/taskRoutes.js";

/// The task spec of the live suite, without `statusChanged`: the middleware sees only the response.
fn inline_spec() -> String {
    let spec = std::fs::read_to_string(repo().join("tests/live/fixtures/task.yaml")).expect("task spec fixture");
    let start = spec.find("  - name: statusChanged").expect("a statusChanged event");
    let end = spec[start..].find("  - name: deleted").expect("a deleted event") + start;
    format!("{}{}", &spec[..start], &spec[end..])
}

/// Applies the refusal's hints as printed: the import after the last `require`
/// or `import` line, and each `file:line: text` replacing that line.
fn apply_printed_lines(project: &Project, stderr: &str) {
    apply_printed_lines_to(project, ROUTES, stderr);
}

fn apply_printed_lines_to(project: &Project, routes: &str, stderr: &str) {
    let lines: Vec<&str> = stderr.lines().collect();
    let at = lines.iter().position(|l| l.contains("add the import to")).expect("an import hint");
    let import = lines[at + 1].trim().to_string();
    let mut source: Vec<String> = project.read(routes).lines().map(str::to_string).collect();
    let prefix = format!("{routes}:");
    let mut replaced = 0;
    for line in &lines {
        let Some(rest) = line.trim().strip_prefix(&prefix) else { continue };
        let Some((number, text)) = rest.split_once(": ") else { continue };
        let Ok(number) = number.parse::<usize>() else { continue };
        source[number - 1] = text.to_string();
        replaced += 1;
    }
    assert_eq!(replaced, 3, "three route lines in:\n{stderr}");
    let last_import =
        source.iter().rposition(|l| l.contains("require(") || l.starts_with("import ")).expect("an import");
    source.insert(last_import + 1, import);
    project.write(routes, &(source.join("\n") + "\n"));
}

/// The host refused once, with the printed lines applied; and what the refusal said.
fn added_with_refusal() -> (Project, String) {
    let project = Project::host(HOST);
    project.rtgen_ok(&["init"]);
    project.write("realtime/task.yaml", &inline_spec());
    let before = project.files();
    let run = project.rtgen(&["add", "task"]);
    assert_eq!(run.code, 2, "{}", run.report(&project));
    assert_eq!(project.files(), before, "a refused run changed files");
    for hint in [
        "backend/src/routes/taskRoutes.js:31: router.post('/', protect, taskEvents.emitAfter('created', { key: 'data' }), async (req, res, next) => {",
        "backend/src/routes/taskRoutes.js:45: router.put('/:id', protect, taskEvents.emitAfter('updated', { key: 'data' }), async (req, res, next) => {",
        "backend/src/routes/taskRoutes.js:66: router.delete('/:id', protect, taskEvents.emitAfter('deleted', { key: 'data' }), async (req, res, next) => {",
        "const taskEvents = require('../socket/events/taskEvents');",
        "move each handler into `backend/src/controllers/taskController.js`",
    ] {
        assert!(run.stderr.contains(hint), "no `{hint}` in:\n{}", run.stderr);
    }
    apply_printed_lines(&project, &run.stderr);
    (project, run.stderr)
}

fn added() -> Project {
    added_with_refusal().0
}

#[test]
fn inline_routes_refuse_with_the_middleware_lines_which_pasted_make_add_work() {
    let (project, refusal) = added_with_refusal();
    insta::assert_snapshot!("inline_routes_refusal", refusal);
    let pasted = project.files();
    let add = project.rtgen_ok(&["add", "task"]);
    assert!(project.exists("backend/src/socket/events/taskEvents.js"), "{}", add.stdout);
    assert!(!project.exists("backend/src/services/taskServiceWithSocket.js"));
    assert!(!project.exists("backend/src/controllers/taskControllerWithSocket.js"));
    let events = project.read("backend/src/socket/events/taskEvents.js");
    assert!(events.contains("emitAfter(event, { key = null } = {})"), "{events}");
    insta::assert_snapshot!("inline_routes_task_events", events);
    assert_eq!(project.read(ROUTES), String::from_utf8(pasted[ROUTES].clone()).unwrap(), "add edited the routes");
    let again = project.rtgen_ok(&["add", "task"]);
    let check = project.rtgen(&["check"]);
    assert_eq!(check.code, 0, "check after add:\n{}\n{}", check.report(&project), again.stdout);
    let node = std::process::Command::new("node")
        .arg("--check")
        .arg(std::path::Path::new(project.root()).join(ROUTES))
        .status()
        .expect("node");
    assert!(node.success());
    // remove would delete the file the pasted lines load: refused, naming each line, until they are out.
    let added = project.files();
    let remove = project.rtgen(&["remove", "task"]);
    assert_eq!(remove.code, 2, "{}", remove.report(&project));
    assert!(
        remove
            .stderr
            .contains("backend/src/routes/taskRoutes.js:32: `taskEvents.emitAfter('created', { key: 'data' })`"),
        "{}",
        remove.stderr
    );
    assert_eq!(project.files(), added, "a refused remove changed files");
    project.write(ROUTES, &String::from_utf8(Project::host(HOST).files()[ROUTES].clone()).unwrap());
    project.rtgen_ok(&["remove", "task"]);
    assert!(!project.exists("backend/src/socket/events/taskEvents.js"));
}

#[test]
fn an_emit_after_naming_no_event_is_refused_at_its_line() {
    let project = added();
    let routes = project.read(ROUTES).replace("emitAfter('deleted'", "emitAfter('archived'");
    project.write(ROUTES, &routes);
    let before = project.files();
    let run = project.rtgen(&["add", "task"]);
    assert_eq!(run.code, 2, "{}", run.report(&project));
    assert!(run.stderr.contains("taskRoutes.js:67"), "{}", run.stderr);
    assert!(run.stderr.contains("`taskEvents.emitAfter(\"archived\")` cannot be sent: it names no event of the `task` module (its events: `created`, `updated`, `deleted`)"), "{}", run.stderr);
    assert_eq!(project.files(), before);
}

#[test]
fn live_inline_routes_emit_after_2xx_answers_only() {
    let project = added();
    project.link_backend_modules("backend");
    project.rtgen_ok(&["add", "task"]);
    crate::controllers::run_live_suite(&project);
}

const ESM_HOST: &str = "controllers-only";
const ESM_ROUTES: &str = "server/src/routes/tasks.js";
const ESM_CONTROLLER: &str = "server/src/controllers/taskController.js";

/// The ES module host with its controller's handlers written inline in the routes
/// (double quotes, `router.use(protect)`), the delete answering with the record.
fn esm_inline() -> Project {
    let project = Project::host(ESM_HOST);
    project.rtgen_ok(&["init"]);
    let controller = project.read(ESM_CONTROLLER);
    let mut handlers = controller.split_once('\n').expect("an import line").1.to_string();
    for (export, route) in [
        ("export const getTasks = ", "router.get(\"/\", "),
        ("export const getTask = ", "router.get(\"/:id\", "),
        ("export const createTask = ", "router.post(\"/\", "),
        ("export const updateTask = ", "router.put(\"/:id\", "),
        ("export const deleteTask = ", "router.delete(\"/:id\", "),
    ] {
        assert!(handlers.contains(export), "{export}");
        handlers = handlers.replace(export, route);
    }
    let handlers = handlers
        .replace("\n};\n", "\n});\n")
        .replace("message: \"Task deleted\" }", "message: \"Task deleted\", data: task }");
    project.remove(ESM_CONTROLLER);
    project.write(
        ESM_ROUTES,
        &format!("import {{ Router }} from \"express\";\nimport Task, {{ STATUSES }} from \"../models/Task.js\";\nimport {{ protect }} from \"../middleware/auth.js\";\n\nconst router = Router();\n\nrouter.use(protect);\n{handlers}\nexport default router;\n"),
    );
    project.write("realtime/task.yaml", &inline_spec());
    let before = project.files();
    let run = project.rtgen(&["add", "task"]);
    assert_eq!(run.code, 2, "{}", run.report(&project));
    assert_eq!(project.files(), before, "a refused run changed files");
    for hint in [
        "server/src/routes/tasks.js:33: router.post(\"/\", taskEvents.emitAfter(\"created\", { key: \"data\" }), async (req, res, next) => {",
        "import taskEvents from \"../socket/events/taskEvents.js\";",
    ] {
        assert!(run.stderr.contains(hint), "no `{hint}` in:\n{}", run.stderr);
    }
    apply_printed_lines_to(&project, ESM_ROUTES, &run.stderr);
    project
}

#[test]
fn esm_inline_routes_get_import_lines_and_add_then_checks_clean() {
    let project = esm_inline();
    project.rtgen_ok(&["add", "task"]);
    let events = project.read("server/src/socket/events/taskEvents.js");
    assert!(events.contains("emitAfter(event, { key = null } = {})"), "{events}");
    assert!(events.contains("export default new TaskEventEmitter();"), "{events}");
    assert_eq!(project.rtgen(&["check"]).code, 0);
}

#[test]
fn live_esm_inline_routes_emit_after_2xx_answers_only() {
    let project = esm_inline();
    // The live suite expects `updated` for a status change from the middleware.
    let fixture = project
        .read("fixture.json")
        .replace("\"ready\": \"connect\",", "\"ready\": \"connect\",\n  \"emitter\": \"middleware\",");
    assert!(fixture.contains("middleware"));
    project.write("fixture.json", &fixture);
    project.link_backend_modules("server");
    project.rtgen_ok(&["add", "task"]);
    crate::controllers::run_live_suite(&project);
}

/// A route whose answer holds no record gets no line (its event would never go out), and
/// wrapping it anyway is refused at its line; sending the record, as the help says, works.
#[test]
fn a_route_answering_without_the_record_gets_no_line_and_is_refused_when_wrapped() {
    let project = Project::host(HOST);
    project.rtgen_ok(&["init"]);
    project.write("realtime/task.yaml", &inline_spec());
    let with_record = project.read(ROUTES);
    project.write(ROUTES, &with_record.replace("message: 'Task deleted', data: task }", "message: 'Task deleted' }"));
    let run = project.rtgen(&["add", "task"]);
    assert_eq!(run.code, 2, "{}", run.report(&project));
    assert!(!run.stderr.contains("taskRoutes.js:66: "), "a line for the silent route:\n{}", run.stderr);
    assert!(
        run.stderr.contains("`DELETE /:id` (line 66) answers `{ success, message }`, which holds no task"),
        "{}",
        run.stderr
    );
    // Wrapped anyway: refused at its line.
    let wrapped = project.read(ROUTES).replace(
        "router.delete('/:id', protect, async",
        "router.delete('/:id', protect, taskEvents.emitAfter('deleted'), async",
    );
    project.write(ROUTES, &format!("const taskEvents = require('../socket/events/taskEvents');\n{wrapped}"));
    let before = project.files();
    let run = project.rtgen(&["add", "task"]);
    assert_eq!(run.code, 2, "{}", run.report(&project));
    assert!(run.stderr.contains("taskRoutes.js:67"), "{}", run.stderr);
    assert!(run.stderr.contains("would never send: the handler answers `{ success, message }`"), "{}", run.stderr);
    assert!(run.stderr.contains("`{ success, message, data: task }`"), "{}", run.stderr);
    assert_eq!(project.files(), before);
    // The help followed: the answer holds the record.
    let fixed = project.read(ROUTES).replace("message: 'Task deleted' }", "message: 'Task deleted', data: task }");
    project.write(ROUTES, &fixed);
    // The spec's other events are sent by no route yet: refused at the spec, naming the route.
    let run = project.rtgen(&["add", "task"]);
    assert_eq!(run.code, 2, "{}", run.report(&project));
    assert!(run.stderr.contains("event `created` is sent by no route"), "{}", run.stderr);
    assert!(
        run.stderr.contains("add `taskEvents.emitAfter(\"created\")` before the handler of `POST /` (`backend/src/routes/taskRoutes.js:32`)"),
        "{}",
        run.stderr
    );
    let all = project
        .read(ROUTES)
        .replace(
            "router.post('/', protect, async",
            "router.post('/', protect, taskEvents.emitAfter(\"created\"), async",
        )
        .replace(
            "router.put('/:id', protect, async",
            "router.put('/:id', protect, taskEvents.emitAfter(\"updated\"), async",
        );
    project.write(ROUTES, &all);
    project.rtgen_ok(&["add", "task"]);
    assert_eq!(project.rtgen(&["check"]).code, 0);
}
