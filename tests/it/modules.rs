//! The module found where real apps keep it (issue 21, item 2): a service
//! (or controller) file named in the other number than the host's pattern
//! (`tasks.service.js` among `{module:kebab}.service` files), beside a
//! near-name file of another module (`task-history.service.js`).
//! Fixture: `tests/hosts/dotted-names`, files renamed into the shape.

use std::collections::BTreeMap;

use crate::support::{changed_files, repo, Project};

fn spec(module: &str) -> String {
    let text = std::fs::read_to_string(repo().join("tests/live/fixtures/proposal.yaml")).expect("proposal spec");
    text.replace("module: proposal", &format!("module: {module}"))
}

fn without_specs(files: BTreeMap<String, Vec<u8>>) -> BTreeMap<String, Vec<u8>> {
    files.into_iter().filter(|(path, _)| !path.starts_with("realtime/")).collect()
}

#[test]
fn a_plural_service_file_beside_a_near_name_of_another_module() {
    let project = Project::host("dotted-names");
    project.rtgen_ok(&["init"]);
    let service = project.read("backend/src/services/task.service.js");
    project.remove("backend/src/services/task.service.js");
    project.write("backend/src/services/tasks.service.js", &service);
    project.write(
        "backend/src/services/task-history.service.js",
        "export const listTaskHistory = async (taskId) => [];\n",
    );
    let controller = project.read("backend/src/controllers/task.controller.js");
    project.write(
        "backend/src/controllers/tasks.controller.js",
        &controller.replace("../services/task.service.js", "../services/tasks.service.js"),
    );
    project.remove("backend/src/controllers/task.controller.js");
    let routes = project.read("backend/src/routes/task.routes.js");
    project.write("backend/src/routes/task.routes.js", &routes.replace("task.controller.js", "tasks.controller.js"));
    let before = project.files();

    project.write("realtime/task.yaml", &spec("task"));
    let add = project.rtgen(&["add", "task"]);
    assert_eq!(add.code, 0, "{}", add.report(&project));
    assert!(project.exists("backend/src/services/tasks.service.socket.js"));
    let controller = project.read("backend/src/controllers/tasks.controller.js");
    assert!(controller.contains("../services/tasks.service.socket.js"), "{controller}");
    let once = project.files();
    project.rtgen_ok(&["add", "task"]);
    assert_eq!(project.files(), once, "a second add changed files");
    let check = project.rtgen(&["check"]);
    assert_eq!(check.code, 0, "{}", check.report(&project));
    project.rtgen_ok(&["remove", "task", "--purge"]);
    let after = project.files();
    let (after, before) = (without_specs(after), without_specs(before));
    assert!(after == before, "remove did not give the original bytes back: {:?}", changed_files(&after, &before));
}

/// A class of `static` methods exported as the default: it was read as a
/// class with no methods; it is wrapped as the object callers use it as, and
/// the controller's calls go through the override (the generated module
/// loads and emits under node where the fixture's packages are installed).
#[test]
fn a_static_class_service_is_wrapped_as_the_object_it_is_used_as() {
    let project = Project::host("dotted-names");
    project.rtgen_ok(&["init"]);
    let service = project.read("backend/src/services/task.service.js");
    let service = service
        .replace(
            "  constructor() {\n    this.tasks = new Map();\n    this.nextId = 1;\n  }\n",
            "  static tasks = new Map();\n  static nextId = 1;\n",
        )
        .replace("  async ", "  static async ")
        .replace("export default new TaskService();", "export default TaskService;");
    assert!(service.contains("static async createTask("), "{service}");
    project.write("backend/src/services/task.service.js", &service);
    let before = project.files();

    project.write("realtime/task.yaml", &spec("task"));
    let add = project.rtgen(&["add", "task"]);
    assert_eq!(add.code, 0, "{}", add.report(&project));
    let generated = project.read("backend/src/services/task.service.socket.js");
    assert!(generated.contains("withOverrides(taskService, overrides)"), "{generated}");
    let once = project.files();
    project.rtgen_ok(&["add", "task"]);
    assert_eq!(project.files(), once, "a second add changed files");
    let check = project.rtgen(&["check"]);
    assert_eq!(check.code, 0, "{}", check.report(&project));

    // Under node: the wrapper's createTask runs the class's static method (its `this` is the class).
    if repo().join("examples/crm/backend/node_modules/socket.io").is_dir() {
        project.link_backend_modules("backend");
        let path = project.root().join("backend/src/services/task.service.socket.js");
        let script = format!(
            "const s = (await import({:?})).default; const t = await s.createTask({{ title: 'x' }}, 1); if (t.id !== 1 || (await s.getTaskById(1)).title !== 'x') throw new Error('wrong');",
            format!("file://{}", path.display())
        );
        let out = std::process::Command::new("node").args(["--input-type=module", "-e", &script]).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        project.remove("backend/node_modules");
    }

    project.rtgen_ok(&["remove", "task", "--purge"]);
    let (after, before) = (without_specs(project.files()), without_specs(before));
    assert!(after == before, "remove did not give the original bytes back: {:?}", changed_files(&after, &before));
}

/// With no file under the pattern in either number, the hint names the
/// module's own file (`task.crud.service.js`),
/// not a longer near-name of another module listed before it.
#[test]
fn the_hint_names_the_modules_own_file_before_a_near_name() {
    let project = Project::host("dotted-names");
    project.rtgen_ok(&["init"]);
    let service = project.read("backend/src/services/task.service.js");
    project.remove("backend/src/services/task.service.js");
    project.write("backend/src/services/task.crud.service.js", &service);
    project.write("backend/src/services/taskAssignment.service.js", "export const assign = async () => {};\n");
    project.write("realtime/task.yaml", &spec("task"));
    let add = project.rtgen(&["add", "task"]);
    assert_eq!(add.code, 2, "{}", add.report(&project));
    let help =
        add.stdout.lines().chain(add.stderr.lines()).find(|l| l.contains("help:")).unwrap_or_default().to_string();
    assert!(help.contains("if `backend/src/services/task.crud.service.js` is the service"), "{}", add.report(&project));
    // Its second way, word for word: the module's spec names the file.
    assert!(
        help.contains("`names.service: task.crud.service` in `realtime/task.yaml` names it for this module only"),
        "{help}"
    );
    let controller = project.read("backend/src/controllers/task.controller.js");
    project.write(
        "backend/src/controllers/task.controller.js",
        &controller.replace("../services/task.service.js", "../services/task.crud.service.js"),
    );
    project.write("realtime/task.yaml", &format!("{}names:\n  service: task.crud.service\n", spec("task")));
    let add = project.rtgen(&["add", "task"]);
    assert_eq!(add.code, 0, "{}", add.report(&project));
    assert!(project.read("backend/src/controllers/task.controller.js").contains("task.crud.service.socket.js"));
}
