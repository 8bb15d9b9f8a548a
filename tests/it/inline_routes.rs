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
/// line, and each `file:line: text` replacing that line.
fn apply_printed_lines(project: &Project, stderr: &str) {
    let lines: Vec<&str> = stderr.lines().collect();
    let at = lines.iter().position(|l| l.contains("add the import to")).expect("an import hint");
    let import = lines[at + 1].trim().to_string();
    let mut source: Vec<String> = project.read(ROUTES).lines().map(str::to_string).collect();
    let prefix = format!("{ROUTES}:");
    let mut replaced = 0;
    for line in &lines {
        let Some(rest) = line.trim().strip_prefix(&prefix) else { continue };
        let Some((number, text)) = rest.split_once(": ") else { continue };
        let Ok(number) = number.parse::<usize>() else { continue };
        source[number - 1] = text.to_string();
        replaced += 1;
    }
    assert_eq!(replaced, 3, "three route lines in:\n{stderr}");
    let last_require = source.iter().rposition(|l| l.contains("require(")).expect("a require");
    source.insert(last_require + 1, import);
    project.write(ROUTES, &(source.join("\n") + "\n"));
}

fn added() -> Project {
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
    project
}

#[test]
fn inline_routes_refuse_with_the_middleware_lines_which_pasted_make_add_work() {
    let project = added();
    let pasted = project.files();
    let add = project.rtgen_ok(&["add", "task"]);
    assert!(project.exists("backend/src/socket/events/taskEvents.js"), "{}", add.stdout);
    assert!(!project.exists("backend/src/services/taskServiceWithSocket.js"));
    assert!(!project.exists("backend/src/controllers/taskControllerWithSocket.js"));
    let events = project.read("backend/src/socket/events/taskEvents.js");
    assert!(events.contains("emitAfter(event, { key = null } = {})"), "{events}");
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
        remove.stderr.contains("backend/src/routes/taskRoutes.js:32: `taskEvents.emitAfter(\"created\")`"),
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
