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

/// A front whose API URL is exported from a constants module outside the
/// services folder, ending in `/api` (a public workforce app): init used to
/// scaffold `io({...})`, a socket to the page's own origin that reaches no
/// server when the backend is elsewhere. It now imports the constant and
/// connects to its origin (socket.io takes a URL's path for a namespace).
#[test]
fn r_scaffolded_front_socket_connects_to_the_api_url_found_outside_the_services_folder() {
    let project = Project::copy_of("plain");
    let api = project.read("front/src/admin/services/api.js");
    let first = api.lines().next().unwrap().to_string();
    assert!(first.starts_with("export const API_URL ="), "{first}");
    project.write(
        "front/src/config/constants.js",
        "export const API_BASE_URL = import.meta.env.VITE_API_URL || \"https://api.example.com/api\";\n",
    );
    project.write(
        "front/src/admin/services/api.js",
        &api.replacen(&first, "import { API_BASE_URL as API_URL } from \"../../config/constants\";", 1),
    );
    let init = project.rtgen_ok(&["init"]);
    assert!(!init.stdout.contains("found no exported API URL"), "{}", init.stdout);
    let service = project.read("front/src/admin/services/socketService.js");
    assert!(service.contains("import { API_BASE_URL } from \"../../config/constants\";"), "{service}");
    assert!(service.contains("io(new URL(API_BASE_URL, window.location.href).origin, {"), "{service}");

    // With no URL constant anywhere, init says where the socket goes.
    let bare = Project::copy_of("plain");
    let api = bare.read("front/src/admin/services/api.js");
    let first = api.lines().next().unwrap().to_string();
    bare.write("front/src/admin/services/api.js", &api.replacen(&first, "const API_URL = \"\";", 1));
    let init = bare.rtgen_ok(&["init"]);
    assert!(
        init.stdout.contains("found no exported API URL") || init.stderr.contains("found no exported API URL"),
        "{}",
        init.report(&bare)
    );
    assert!(bare.read("front/src/admin/services/socketService.js").contains("io({"));
}

/// Pages in feature folders (`pages/leave/LeavePage.jsx`, in two public
/// apps): `names.page` may name a folder inside the pages folder. The page
/// is patched there, importing the module service by the right relative
/// path, and `remove` gives its bytes back; `..` stays refused.
#[test]
fn r_page_in_a_folder_of_the_pages_folder_can_be_named() {
    let project = Project::example();
    let page = project.read("front/src/admin/pages/Proposals.jsx");
    project.remove("front/src/admin/pages/Proposals.jsx");
    project.write("front/src/admin/pages/proposals/ProposalsPage.jsx", &page.replace("from \"../", "from \"../../"));
    let before = project.files();
    let spec = "module: proposal\nnames:\n  page: proposals/ProposalsPage.jsx\nevents:\n  - name: created\n    recipients: { roles: [admin] }\n  - name: deleted\n    recipients: { roles: [admin] }\n";
    project.write("realtime/proposal.yaml", spec);
    project.rtgen_ok(&["add", "proposal"]);
    let patched = project.read("front/src/admin/pages/proposals/ProposalsPage.jsx");
    assert!(
        patched.contains("import proposalSocketService from \"../../services/proposalSocketService\";"),
        "{patched}"
    );
    assert!(patched.contains("proposalSocketService.subscribe("), "{patched}");
    let check = project.rtgen(&["check"]);
    assert_eq!(check.code, 0, "{}", check.report(&project));
    project.rtgen_ok(&["remove", "proposal", "--purge"]);
    assert_eq!(
        project.read("front/src/admin/pages/proposals/ProposalsPage.jsx"),
        String::from_utf8(before["front/src/admin/pages/proposals/ProposalsPage.jsx"].clone()).unwrap()
    );

    project.write(
        "realtime/proposal.yaml",
        &spec.replace("proposals/ProposalsPage.jsx", "../proposals/ProposalsPage.jsx"),
    );
    let refused = project.rtgen(&["add", "proposal"]);
    assert_eq!(refused.code, 2, "{}", refused.report(&project));
    assert!(refused.stderr.contains("is not a file in the pages folder"), "{}", refused.stderr);
}

/// A server whose middleware sets `socket.user = decoded` (a public project
/// manager): the refusal asks for `socket.joins.user`; once set, `init` run
/// again used to show a diff that drops the key, as if it were drift, and
/// kept its "cannot be read yet" comment. The key is kept now.
#[test]
fn r_init_again_keeps_the_socket_joins_the_refusal_asked_for() {
    let project = Project::host("origin-roomless");
    let server = "backend/src/socket/socketServer.js";
    let text = project.read(server);
    let opaque = text.replace(
        "socket.user = { id: user.id, email: user.email, role: user.role };",
        "const decoded = { id: user.id, role: user.role };\n      socket.user = decoded;",
    );
    assert_ne!(opaque, text, "the fixture no longer has the line this test changes");
    project.write(server, &opaque);
    let init = project.rtgen_ok(&["init"]);
    assert!(init.stdout.contains("set `socket.joins.user`"), "{}", init.report(&project));
    let profile = project.read("rtgen.yaml");
    assert!(profile.contains("\nroles:\n"), "{profile}");
    let joins = "socket:\n  joins:\n    user: socket.user.id\n    role: socket.user.role\n";
    project.write("rtgen.yaml", &profile.replacen("\nroles:\n", &format!("\n{joins}roles:\n"), 1));

    let again = project.rtgen_ok(&["init"]);
    let dropped = |line: &str| again.stdout.lines().any(|l| l == format!("-{line}"));
    assert!(
        !dropped("socket:") && !dropped("    user: socket.user.id"),
        "init would drop the key the refusal asked for:\n{}",
        again.stdout
    );
    assert!(
        again
            .stdout
            .contains("who a socket is: `socket.joins` in `rtgen.yaml` (id `socket.user.id`, role `socket.user.role`)"),
        "{}",
        again.stdout
    );
}
