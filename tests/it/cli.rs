//! The binary on temp copies of the example: what it writes, what it says,
//! its exit codes, and that bad input leaves every byte where it was.

use crate::support::{changed_files, node_check, Project};

const GENERATED: [&str; 4] = [
    "backend/src/socket/events/proposalEvents.js",
    "backend/src/services/proposalServiceWithSocket.js",
    "front/src/admin/services/proposalSocketService.js",
    "backend/src/socket/realtime.js",
];

const PATCHED: [&str; 4] = [
    "backend/src/controllers/proposalController.js",
    "backend/src/socket/socketServer.js",
    "front/src/admin/contexts/AuthContext.jsx",
    "front/src/admin/pages/Proposals.jsx",
];

#[test]
fn add_writes_the_spec_the_three_files_and_the_four_patches() {
    let project = Project::example();
    let before = project.files();
    let run = project.rtgen_ok(&["add", "proposal"]);
    let after = project.files();
    let mut expected: Vec<String> = GENERATED.iter().chain(PATCHED.iter()).map(|s| s.to_string()).collect();
    expected.push("realtime/proposal.yaml".into());
    expected.push("realtime/rtgen-module.schema.json".into());
    expected.push("realtime/asyncapi.yaml".into());
    expected.push("realtime/README.md".into());
    expected.sort();
    assert_eq!(changed_files(&before, &after), expected, "{}", run.stdout);
    assert!(project
        .read("realtime/proposal.yaml")
        .starts_with("# yaml-language-server: $schema=./rtgen-module.schema.json\n"));
    for file in GENERATED.iter().chain(PATCHED[..2].iter()) {
        node_check(&project.root().join(file));
    }
    insta::assert_snapshot!("add_proposal_output", run.report(&project));
}

#[test]
fn add_twice_changes_nothing_and_says_so() {
    let project = Project::example();
    project.rtgen_ok(&["add", "proposal"]);
    let once = project.files();
    let run = project.rtgen_ok(&["add", "proposal"]);
    assert_eq!(changed_files(&once, &project.files()), Vec::<String>::new());
    assert!(run.stdout.contains("up to date"), "{}", run.stdout);
}

#[test]
fn dry_run_prints_the_diff_and_writes_nothing() {
    let project = Project::example();
    let before = project.files();
    let run = project.rtgen_ok(&["add", "proposal", "--dry-run"]);
    assert_eq!(changed_files(&before, &project.files()), Vec::<String>::new());
    for file in GENERATED.iter().chain(PATCHED.iter()) {
        assert!(run.stdout.contains(&format!("+++ b/{file}")), "dry run does not show {file}");
    }
    assert!(run.stdout.contains("+import * as realtime from \"./realtime.js\";"), "{}", run.stdout);
    assert!(run.stdout.contains("+  realtime.attach(io);"), "{}", run.stdout);
}

#[test]
fn remove_after_add_restores_every_byte() {
    let project = Project::example();
    let original = project.files();
    project.rtgen_ok(&["add", "proposal", "contract"]);
    project.rtgen_ok(&["remove", "proposal"]);
    project.rtgen_ok(&["remove", "contract", "--purge"]);
    // The schema stays while a spec does.
    assert!(project.exists("realtime/rtgen-module.schema.json"));
    project.rtgen_ok(&["remove", "proposal", "--purge"]);
    assert_eq!(changed_files(&original, &project.files()), Vec::<String>::new());
}

#[test]
fn live_the_generated_backend_modules_load_under_node_with_an_instance_export() {
    let project = Project::example();
    project.rtgen_ok(&["add", "proposal", "contract"]);
    project.link_node_modules();
    let script = "await import('./src/services/proposalServiceWithSocket.js').then((m) => { if (typeof m.default.createProposal !== 'function' || typeof m.default.getAllProposals !== 'function') throw new Error('proposal service lost methods'); });\
        await import('./src/services/contractServiceWithSocket.js').then((m) => { const s = new m.ContractService(); if (typeof s.signContract !== 'function' || typeof s.getAll !== 'function') throw new Error('contract service lost methods'); });\
        await import('./src/socket/events/proposalEvents.js');\
        process.exit(0);";
    let output = std::process::Command::new("node")
        .args(["--input-type=module", "-e", script])
        .current_dir(project.root().join("backend"))
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
}

/// Each bad input: exit 2, a located message, and not one byte changed.
fn assert_refused(project: &Project, args: &[&str], snapshot: &str) {
    let before = project.files();
    let run = project.rtgen(args);
    assert_eq!(run.code, 2, "{}", run.report(project));
    assert_eq!(changed_files(&before, &project.files()), Vec::<String>::new(), "files changed");
    insta::assert_snapshot!(snapshot, run.report(project));
}

fn with_spec(spec: &str) -> Project {
    let project = Project::example();
    project.write("realtime/proposal.yaml", spec);
    project
}

#[test]
fn unknown_key_suggests_the_right_one() {
    let project = with_spec("module: proposal\nevents:\n  - name: created\n    recipents:\n      roles: [admin]\n");
    assert_refused(&project, &["add", "proposal"], "bad_spec_unknown_key");
}

#[test]
fn wrong_type() {
    let project = with_spec("module: proposal\nevents:\n  - name: created\n    recipients:\n      roles: admin\n");
    assert_refused(&project, &["add", "proposal"], "bad_spec_wrong_type");
}

#[test]
fn duplicate_events_unknown_role_and_method_are_all_reported() {
    let project = with_spec(
        "module: proposal\nevents:\n  - name: created\n    recipients:\n      roles: [admn]\n  - name: created\n    recipients:\n      fields: [createdBy]\n  - name: approved\n    method: aproveProposal\n    recipients:\n      fields: [createdBy]\n",
    );
    assert_refused(&project, &["add", "proposal"], "bad_spec_duplicate_role_method");
}

#[test]
fn invalid_names() {
    let project = with_spec("module: ../proposal\nevents: []\n");
    assert_refused(&project, &["add", "proposal"], "bad_spec_path_in_name");
    let project = with_spec("module: proposal\nnames:\n  page: ../../etc/passwd\nevents:\n  - name: created\n    recipients: { roles: [admin] }\n  - name: class-y\n    method: approveProposal\n    recipients: { roles: [admin] }\n");
    assert_refused(&project, &["add", "proposal"], "bad_spec_page_and_event_name");
    let project = Project::example();
    project.write("realtime/delete.yaml", "module: delete\nevents: []\n");
    assert_refused(&project, &["add", "delete"], "bad_spec_reserved_word");
}

#[test]
fn custom_event_without_method() {
    let project = with_spec("module: proposal\nevents:\n  - name: approved\n    recipients: { roles: [admin] }\n");
    assert_refused(&project, &["add", "proposal"], "bad_spec_custom_without_method");
}

#[test]
fn a_host_file_that_does_not_parse_is_refused() {
    let project = Project::example();
    let auth = "front/src/admin/contexts/AuthContext.jsx";
    project.write(auth, &project.read(auth).replace("const logout = () => {", "const logout = () => {{"));
    assert_refused(&project, &["add", "proposal"], "unparsable_auth_context");
}

#[test]
fn a_page_without_the_list_state_is_left_alone_with_a_warning() {
    let project = Project::example();
    let page = "front/src/admin/pages/Proposals.jsx";
    let text = project
        .read(page)
        .replace("setProposals", "setItems")
        .replace("useState([])", "useState(null)")
        .replace("fetchProposals", "refresh");
    project.write(page, &text);
    let run = project.rtgen(&["add", "proposal"]);
    assert_eq!(run.code, 0, "{}", run.report(&project));
    assert_eq!(project.read(page), text);
    insta::assert_snapshot!("page_without_list_state", run.stderr);
}

#[test]
fn a_hand_edited_generated_file_is_kept_unless_forced() {
    let project = Project::example();
    project.rtgen_ok(&["add", "proposal"]);
    let events = GENERATED[0];
    project.write(
        events,
        &project.read(events).replace(
            "  #send(rule, record, actor, extra = {}) {",
            "  #send(rule, record, actor, extra = {}) {\n    console.log(\"hi\");",
        ),
    );
    // A spec change makes rtgen want to rewrite the edited file.
    let spec = project.read("realtime/proposal.yaml").replace("New proposal created", "A proposal was created");
    project.write("realtime/proposal.yaml", &spec);
    assert_refused(&project, &["add", "proposal"], "hand_edited_refused");
    project.rtgen_ok(&["add", "proposal", "--force"]);
    assert!(!project.read(events).contains("console.log(\"hi\")"));
}

#[test]
fn a_spec_whose_file_name_disagrees_with_its_module() {
    let project = with_spec("module: contract\nevents:\n  - name: created\n    recipients: { roles: [admin] }\n");
    assert_refused(&project, &["add", "proposal"], "spec_file_name_mismatch");
}

#[test]
fn a_host_without_a_socket_layer_is_pointed_at_init() {
    let project = Project::example();
    project.remove("front/src/admin/services/socketService.js");
    let before = project.files();
    let run = project.rtgen(&["add", "proposal"]);
    assert_eq!(run.code, 2, "{}", run.report(&project));
    assert!(run.stderr.contains("run `rtgen init`"), "{}", run.stderr);
    assert_eq!(changed_files(&before, &project.files()), Vec::<String>::new());
}

#[test]
fn a_root_that_does_not_exist_is_an_error() {
    let project = Project::example();
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_rtgen"))
        .args(["check", "--root"])
        .arg(project.root().join("nope"))
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("is not a folder"));
}

#[test]
fn the_same_module_twice_is_added_once() {
    let project = Project::example();
    let run = project.rtgen_ok(&["add", "proposal", "Proposal"]);
    assert!(run.stdout.contains("create backend/src/socket/events/proposalEvents.js"), "{}", run.stdout);
    assert_eq!(project.rtgen(&["check"]).code, 0);
}

#[test]
fn two_modules_claiming_one_generated_file_are_refused() {
    let project = with_spec("module: proposal\nevents:\n  - name: created\n    recipients: { roles: [admin] }\n");
    project.write(
        "realtime/offer.yaml",
        "module: offer\nnames:\n  service: proposalService\n  controller: proposalController\n  page: Proposals.jsx\nevents:\n  - name: approved\n    method: approveProposal\n    recipients: { roles: [admin] }\n",
    );
    let before = project.files();
    let run = project.rtgen(&["add", "proposal", "offer"]);
    assert_eq!(run.code, 2, "{}", run.report(&project));
    assert!(
        run.stderr.contains("would both generate `backend/src/services/proposalServiceWithSocket.js`"),
        "{}",
        run.stderr
    );
    assert_eq!(changed_files(&before, &project.files()), Vec::<String>::new());
}

#[test]
fn force_never_overwrites_a_file_rtgen_did_not_write() {
    let project = Project::example();
    project.write("realtime/ticket.yaml", &rtgen::read::spec::default_spec_yaml("ticket"));
    let before = project.files();
    let run = project.rtgen(&["add", "ticket", "--force"]);
    assert_eq!(run.code, 2, "{}", run.report(&project));
    assert!(run.stderr.contains("was not generated by rtgen"), "{}", run.stderr);
    assert_eq!(changed_files(&before, &project.files()), Vec::<String>::new());
}

#[test]
fn event_names_that_share_a_constant_are_refused() {
    let project = with_spec("module: proposal\nevents:\n  - name: fooBar\n    method: approveProposal\n    recipients: { roles: [admin] }\n  - name: foo_bar\n    method: approveProposal\n    recipients: { roles: [admin] }\n");
    let run = project.rtgen(&["add", "proposal"]);
    assert_eq!(run.code, 2, "{}", run.report(&project));
    assert!(
        run.stderr
            .contains("realtime/proposal.yaml:6:11`: events `fooBar` and `foo_bar` would share the constant `FOO_BAR`"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_page_loader_that_does_not_exist_is_refused() {
    let project = with_spec("module: proposal\npage:\n  loader: reloadProposals\nevents:\n  - name: created\n    recipients: { roles: [admin] }\n");
    let before = project.files();
    let run = project.rtgen(&["add", "proposal"]);
    assert_eq!(run.code, 2, "{}", run.report(&project));
    assert!(run.stderr.contains("`page.loader: reloadProposals` names no function"), "{}", run.stderr);
    assert_eq!(changed_files(&before, &project.files()), Vec::<String>::new());
}

#[test]
fn an_unquoted_toast_gets_a_hint() {
    let project = with_spec(
        "module: proposal\nevents:\n  - name: created\n    recipients: { roles: [admin] }\n    toast: {title}\n",
    );
    let run = project.rtgen(&["add", "proposal"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("quote the text"), "{}", run.stderr);
}

#[test]
fn a_yml_spec_is_used() {
    let project = Project::example();
    project.write(
        "realtime/proposal.yml",
        "module: proposal\nevents:\n  - name: created\n    recipients: { roles: [admin] }\n",
    );
    project.rtgen_ok(&["add", "proposal"]);
    assert!(!project.exists("realtime/proposal.yaml"), "a default .yaml was written beside the .yml");
    assert!(project.read("backend/src/socket/events/proposalEvents.js").contains("proposal:created"));
    assert_eq!(project.rtgen(&["check"]).code, 0);
}

#[test]
fn allow_secret_lets_a_secret_looking_field_through() {
    let project = with_spec(
        "module: proposal\nevents:\n  - name: created\n    recipients: { roles: [admin] }\n    payload: [title, internalNotes]\n    allowSecret: true\n",
    );
    project.rtgen_ok(&["add", "proposal"]);
    let events = project.read("backend/src/socket/events/proposalEvents.js");
    assert!(events.contains("payload: [\"title\", \"internalNotes\"]"), "{events}");
}

#[test]
fn a_symlink_inside_the_root_is_followed() {
    let project = Project::example();
    let pages = project.root().join("front/src/admin/pages");
    std::fs::rename(&pages, project.root().join("front/src/pages-real")).unwrap();
    std::os::unix::fs::symlink("../pages-real", &pages).unwrap();
    project.rtgen_ok(&["add", "proposal"]);
    assert!(project.read("front/src/pages-real/Proposals.jsx").contains("proposalSocketService"));
    assert!(std::fs::symlink_metadata(&pages).unwrap().file_type().is_symlink());
}

/// A base service reached by a dynamic import inside a function (apps do it
/// to break an import cycle between two services) bypasses the socket-enabled
/// service just the same: each way of binding it is named with its line.
#[test]
fn dynamic_imports_of_the_base_service_are_warned_about() {
    let project = Project::example();
    project.write(
        "backend/src/services/importService.js",
        "/** Imports proposals, three ways. */\nexport const importRow = async (row, userId) => {\n  const proposals = (await import(\"./proposalService.js\")).default;\n  await proposals.createProposal({ title: row.title }, userId);\n  const { default: again } = await import(\"./proposalService.js\");\n  await again.deleteProposal(row.id, userId);\n  const { createProposal } = await import(\"./proposalService.js\");\n  return createProposal({ title: row.title }, userId);\n};\n",
    );
    project.write(
        "realtime/proposal.yaml",
        &std::fs::read_to_string(crate::support::repo().join("tests/live/fixtures/proposal.yaml")).unwrap(),
    );
    let add = project.rtgen_ok(&["add", "proposal"]);
    for (line, call) in [(4, "proposals.createProposal"), (6, "again.deleteProposal"), (8, "createProposal")] {
        let expected = format!("warning: `backend/src/services/importService.js:{line}`: `{call}(...)` calls the base service directly, so it emits no event");
        assert!(add.stderr.contains(&expected), "{expected}\n{}", add.report(&project));
    }
}

/// A module that calls the base service's emitting method directly is named
/// with its line by `add` and by `check`: that call emits nothing.
#[test]
fn direct_calls_of_the_base_service_are_warned_about() {
    let project = Project::example();
    project.write(
        "backend/src/services/importService.js",
        "import proposalService from \"./proposalService.js\";\n\n/** Imports proposals from a CSV row. */\nexport const importRow = async (row, userId) => {\n  return proposalService.createProposal({ title: row.title }, userId);\n};\n",
    );
    project.write(
        "realtime/proposal.yaml",
        &std::fs::read_to_string(crate::support::repo().join("tests/live/fixtures/proposal.yaml")).unwrap(),
    );
    let add = project.rtgen_ok(&["add", "proposal"]);
    let expected = "warning: `backend/src/services/importService.js:5`: `proposalService.createProposal(...)` calls the base service directly, so it emits no event; import it from `./proposalServiceWithSocket.js` there instead";
    assert!(add.stderr.contains(expected), "{}", add.report(&project));
    let check = project.rtgen(&["check"]);
    assert_eq!(check.code, 0, "a bypass is not drift:\n{}", check.report(&project));
    assert!(check.stderr.contains(expected), "{}", check.report(&project));

    // The hint, followed: the warning goes, and the call now goes through the emitting service.
    let service = project.read("backend/src/services/importService.js");
    project.write(
        "backend/src/services/importService.js",
        &service.replace("from \"./proposalService.js\"", "from \"./proposalServiceWithSocket.js\""),
    );
    let check = project.rtgen(&["check"]);
    assert_eq!(check.code, 0, "{}", check.report(&project));
    assert!(!check.stderr.contains("warning:"), "{}", check.report(&project));
}

/// A module without a service module whose controller has no request handler
/// says so, that rtgen emits from a controller's handlers, and what to set,
/// instead of a bare "not found". (With handlers, `tests/it/controllers.rs`.)
#[test]
fn a_module_without_a_service_says_where_its_logic_is() {
    let project = Project::example();
    project.write(
        "backend/src/controllers/taskController.js",
        "import { db } from \"../db/index.js\";\n\nexport const create = async (data) => db.insert(data);\n",
    );
    let before = project.files();
    let run = project.rtgen(&["add", "task"]);
    assert_eq!(run.code, 2, "{}", run.report(&project));
    assert!(
        run.stderr.contains(
            "the `task` module has no service module, and `backend/src/controllers/taskController.js` exports no request handler"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("rtgen emits from a service when there is one, else from the module's controller"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("set `names.controller`"), "{}", run.stderr);
    assert_eq!(project.files(), before);
}
