//! Shapes met trying rtgen as a new user on public Express + socket.io +
//! React apps, in fixture hosts of our own: each test is named after what
//! broke there.

use crate::support::{repo, Project};

const CONTROLLER: &str = "server/src/controllers/taskController.js";

fn task_spec() -> String {
    std::fs::read_to_string(repo().join("tests/live/fixtures/task.yaml")).expect("task spec fixture")
}

/// A controller that binds the route's id first (`const { id } = req.params;
/// Task.findById(id)`) reads the record by id: the derived spec keeps
/// `statusChanged`, and the generated controller reads the old status
/// through the host's model.
#[test]
fn r_controller_id_destructured_from_params_is_a_read_by_id() {
    let project = Project::host("controllers-only");
    project.rtgen_ok(&["init"]);
    let controller = project.read(CONTROLLER);
    let bound = controller.replace(
        "const task = await Task.findById(req.params.id);",
        "const { id } = req.params;\n    const task = await Task.findById(id);",
    );
    assert_ne!(bound, controller, "the fixture's controller changed shape");
    assert!(!bound.contains("findById(req.params"), "{bound}");
    project.write(CONTROLLER, &bound);

    project.write("realtime/task.yaml", &task_spec());
    project.rtgen_ok(&["add", "task"]);
    let generated = project.read("server/src/controllers/taskControllerWithSocket.js");
    assert!(generated.contains("await Task.findById(req.params.id)"), "{generated}");
    crate::support::node_check(&project.root().join("server/src/controllers/taskControllerWithSocket.js"));
    let check = project.rtgen(&["check"]);
    assert_eq!(check.code, 0, "check after add:\n{}", check.report(&project));
}

/// A front with neither a socket service nor an AuthContext (a dashboard
/// that has no sign-in yet): `add` used to say "run `rtgen init`", and
/// `init` then said it needs an AuthContext, a loop. The help names both
/// keys, and following it (the AuthContext in place, `init`) makes `add` work.
#[test]
fn r_missing_socket_service_without_auth_context_does_not_send_back_to_init() {
    let project = Project::host("controllers-only");
    project.rtgen_ok(&["init"]);
    let auth = project.read("client/src/context/AuthContext.jsx");
    project.remove("client/src/context/AuthContext.jsx");
    project.remove("client/src/services/socketService.js");
    project.write("realtime/task.yaml", &task_spec());
    let before = project.files();

    let add = project.rtgen(&["add", "task"]);
    assert_eq!(add.code, 2, "{}", add.report(&project));
    assert_eq!(project.files(), before, "a refused add changed files");
    assert!(add.stderr.contains("`client/src/services/socketService.js` not found"), "{}", add.stderr);
    assert!(add.stderr.contains("set `front.socketService` in `rtgen.yaml`"), "{}", add.stderr);
    assert!(add.stderr.contains("`front.authContext`"), "{}", add.stderr);
    assert!(add.stderr.contains("`client/src/context/AuthContext.jsx` does not exist either"), "{}", add.stderr);
    assert!(!add.stderr.contains("help: run `rtgen init`"), "{}", add.stderr);

    // The hint applied: the component that holds the signed-in user is there, `init` scaffolds.
    project.write("client/src/context/AuthContext.jsx", &auth);
    let init = project.rtgen_ok(&["init"]);
    assert!(init.stdout.contains("create client/src/services/socketService.js"), "{}", init.stdout);
    project.rtgen_ok(&["add", "task"]);
}
