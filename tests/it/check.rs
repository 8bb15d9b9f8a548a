//! `rtgen check`: each kind of drift gives exit 1 and names its file; a tree
//! right after `add` gives 0; a broken spec gives 2; JSON output parses.

use crate::support::{changed_files, Project};

const EVENTS: &str = "backend/src/socket/events/proposalEvents.js";
const AUTH: &str = "front/src/admin/contexts/AuthContext.jsx";
const CONTROLLER: &str = "backend/src/controllers/proposalController.js";

fn added() -> Project {
    let project = Project::example();
    project.rtgen_ok(&["add", "proposal"]);
    project
}

/// Runs `check` (text and JSON) and asserts drift of `kind` in `path`.
fn assert_drift(project: &Project, path: &str, kind: &str) -> String {
    let before = project.files();
    let run = project.rtgen(&["check"]);
    assert_eq!(run.code, 1, "{}", run.report(project));
    assert!(run.stdout.contains(path), "check does not name {path}:\n{}", run.stdout);
    assert!(run.stdout.contains("fix: rtgen "), "no fix command:\n{}", run.stdout);
    let json = project.rtgen(&["check", "--format", "json"]);
    assert_eq!(json.code, 1);
    let doc: serde_json::Value = serde_json::from_str(&json.stdout).expect("check --format json parses");
    assert_eq!(doc["status"], "drift");
    let items = doc["drift"].as_array().unwrap();
    assert!(
        items.iter().any(|i| i["path"] == path && i["kind"] == kind),
        "no {kind} drift for {path} in {}",
        json.stdout
    );
    assert_eq!(changed_files(&before, &project.files()), Vec::<String>::new(), "check wrote files");
    run.stdout
}

#[test]
fn in_sync_right_after_add() {
    let project = added();
    let run = project.rtgen(&["check"]);
    assert_eq!(run.code, 0, "{}", run.report(&project));
    let json = project.rtgen(&["check", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(doc["status"], "in-sync");
    assert_eq!(doc["modules"], serde_json::json!(["proposal"]));
}

#[test]
fn spec_edited_after_generation_is_outdated() {
    let project = added();
    let spec = project.read("realtime/proposal.yaml").replacen("roles: [admin, super_admin]", "roles: [admin]", 1);
    project.write("realtime/proposal.yaml", &spec);
    let out = assert_drift(&project, EVENTS, "outdated");
    assert!(out.contains("-    roles: [\"admin\", \"super_admin\"],\n+    roles: [\"admin\"],"), "{out}");
}

#[test]
fn template_override_changed_is_outdated() {
    let project = added();
    let template = rtgen::render::EMBEDDED.iter().find(|(n, _)| *n == "backend/events.js.tera").unwrap().1;
    project.write(".rtgen/templates/backend/events.js.tera", &template.replace("Socket event names", "Event names"));
    assert_drift(&project, EVENTS, "outdated");
}

#[test]
fn hand_edited_generated_file() {
    let project = added();
    project.write(
        EVENTS,
        &project.read(EVENTS).replace("    if (!record) {", "    console.log(record);\n    if (!record) {"),
    );
    assert_drift(&project, EVENTS, "edited");
}

/// The runtime is drift-checked like every generated file, and its start-up line like every patch.
#[test]
fn hand_edited_runtime_and_a_lost_start_up_line() {
    let project = added();
    let runtime = "backend/src/socket/realtime.js";
    let original = project.read(runtime);
    project.write(
        runtime,
        &original.replace("const rooms = [userRoom(user.id)", "const rooms = [\"everyone\", userRoom(user.id)"),
    );
    assert_drift(&project, runtime, "edited");
    project.write(runtime, &original);
    let server = "backend/src/socket/socketServer.js";
    project.write(server, &project.read(server).replace("  realtime.attach(io);\n", ""));
    let out = assert_drift(&project, server, "patch-missing");
    assert!(out.contains("+  realtime.attach(io);"), "{out}");
    project.rtgen_ok(&["add", "proposal"]);
    assert_eq!(project.rtgen(&["check"]).code, 0);
}

#[test]
fn missing_generated_file() {
    let project = added();
    project.remove(EVENTS);
    assert_drift(&project, EVENTS, "missing");
}

#[test]
fn one_teardown_site_without_cleanup() {
    let project = added();
    let auth = project.read(AUTH);
    // Drop only the logout site's cleanup.
    let logout = auth.find("const logout").unwrap();
    let at = logout + auth[logout..].find("    proposalSocketService.cleanup();\n").unwrap();
    let edited = format!("{}{}", &auth[..at], &auth[at + "    proposalSocketService.cleanup();\n".len()..]);
    project.write(AUTH, &edited);
    let out = assert_drift(&project, AUTH, "patch-missing");
    assert!(out.contains("+    proposalSocketService.cleanup();"), "{out}");
}

#[test]
fn controller_back_on_the_plain_service() {
    let project = added();
    project.write(CONTROLLER, &project.read(CONTROLLER).replace("proposalServiceWithSocket.js", "proposalService.js"));
    assert_drift(&project, CONTROLLER, "patch-missing");
}

#[test]
fn spec_gone_leaves_orphans() {
    let project = added();
    project.remove("realtime/proposal.yaml");
    let out = assert_drift(&project, EVENTS, "orphan");
    for path in [AUTH, CONTROLLER, "backend/src/socket/socketServer.js", "front/src/admin/pages/Proposals.jsx"] {
        assert!(out.contains(path), "orphan patch in {path} not reported:\n{out}");
    }
    assert!(out.contains("fix: rtgen remove proposal"), "{out}");
    // The fix works: after it, the tree is in sync.
    project.rtgen_ok(&["remove", "proposal"]);
    assert_eq!(project.rtgen(&["check"]).code, 0);
}

#[test]
fn github_annotations_name_file_and_line() {
    let project = added();
    project.write(CONTROLLER, &project.read(CONTROLLER).replace("proposalServiceWithSocket.js", "proposalService.js"));
    let run = project.rtgen(&["check", "--format", "github"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.starts_with(&format!("::error file={CONTROLLER},line=1,title=rtgen patch-missing::")),
        "{}",
        run.stdout
    );
}

#[test]
fn broken_spec_is_an_error_not_drift() {
    let project = added();
    project.write("realtime/proposal.yaml", "module: proposal\nevents:\n  - nam: created\n");
    let run = project.rtgen(&["check"]);
    assert_eq!(run.code, 2, "{}", run.report(&project));
    assert!(run.stderr.contains("realtime/proposal.yaml:3:"), "{}", run.stderr);
}

#[test]
fn list_shows_each_state() {
    let project = added();
    project.write("realtime/contract.yaml", &rtgen::read::spec::default_spec_yaml("contract"));
    let run = project.rtgen_ok(&["list"]);
    assert_eq!(run.stdout, "contract\tnot generated\nproposal\tin sync\n");
}

#[test]
fn shared_file_drift_names_the_module_whose_edit_is_missing() {
    let project = Project::example();
    project.rtgen_ok(&["add", "proposal", "contract"]);
    let auth = AUTH;
    project.write(
        auth,
        &project.read(auth).replace("import proposalSocketService from \"../services/proposalSocketService\";\n", ""),
    );
    let run = project.rtgen(&["check"]);
    assert_eq!(run.code, 1);
    assert!(run.stdout.contains("rtgen's edit for `proposal` is missing"), "{}", run.stdout);
    assert!(run.stdout.contains("fix: rtgen add proposal\n"), "{}", run.stdout);
    // The fix it names works.
    project.rtgen_ok(&["add", "proposal"]);
    assert_eq!(project.rtgen(&["check"]).code, 0);
}

#[test]
fn list_counts_drifted_files() {
    let project = added();
    project.write(CONTROLLER, &project.read(CONTROLLER).replace("proposalServiceWithSocket.js", "proposalService.js"));
    assert_eq!(project.rtgen_ok(&["list"]).stdout, "proposal\tdrifted (1 file(s))\n");
}

#[test]
fn orphans_of_a_module_with_renamed_files_are_found_and_removed() {
    let project = Project::example();
    project.write(
        "realtime/offer.yaml",
        "module: offer\nnames:\n  service: proposalService\n  controller: proposalController\n  page: Proposals.jsx\npage:\n  setter: setProposals\n  loader: fetchProposals\nevents:\n  - name: approved\n    method: approveProposal\n    recipients: { roles: [admin] }\n",
    );
    let original = project.files();
    project.rtgen_ok(&["add", "offer"]);
    project.remove("realtime/offer.yaml");
    let out = assert_drift(&project, "backend/src/services/proposalServiceWithSocket.js", "orphan");
    assert!(out.contains(CONTROLLER), "the controller still on the socket service is not reported:\n{out}");
    project.rtgen_ok(&["remove", "offer", "--purge"]);
    assert_eq!(project.rtgen(&["check"]).code, 0);
    assert_eq!(changed_files(&original, &project.files()), vec!["realtime/offer.yaml".to_string()]);
}

#[test]
fn check_from_a_subfolder_is_an_error_not_green() {
    let project = added();
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_rtgen"))
        .arg("check")
        .current_dir(project.root().join("backend"))
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("does not look like the host project"));
}

#[test]
fn json_and_github_formats_report_errors_in_their_shape() {
    let project = added();
    project.write("realtime/proposal.yaml", "module: proposal\nevents: nope\n");
    let json = project.rtgen(&["check", "--format", "json"]);
    assert_eq!(json.code, 2);
    let doc: serde_json::Value = serde_json::from_str(&json.stdout).expect("an error document");
    assert_eq!(doc["status"], "error");
    assert!(doc["error"].as_str().unwrap().contains("realtime/proposal.yaml:2:9"), "{}", json.stdout);
    // Every error as separate fields (issue 26, item 1), not one string.
    let error = &doc["errors"][0];
    assert_eq!(error["file"], "realtime/proposal.yaml", "{}", json.stdout);
    assert_eq!((error["line"].as_u64(), error["column"].as_u64()), (Some(2), Some(9)), "{}", json.stdout);
    assert!(!error["message"].as_str().unwrap().contains("realtime/proposal.yaml"), "{}", json.stdout);
    let github = project.rtgen(&["check", "--format", "github"]);
    assert_eq!(github.code, 2);
    assert!(
        github.stdout.starts_with("::error file=realtime/proposal.yaml,line=2,col=9,title=rtgen error::"),
        "{}",
        github.stdout
    );

    // A typo of a module: the help is its own field, and GitHub shows it.
    let json = project.rtgen(&["check", "proposl", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&json.stdout).expect("an error document");
    assert_eq!(doc["errors"][0]["file"], "realtime/proposl.yaml", "{}", json.stdout);
    assert_eq!(doc["errors"][0]["help"], "did you mean `proposal`? (`rtgen check proposal`)", "{}", json.stdout);
    let github = project.rtgen(&["check", "proposl", "--format", "github"]);
    assert!(github.stdout.starts_with("::error file=realtime/proposl.yaml,title=rtgen error::"), "{}", github.stdout);
    assert!(github.stdout.contains("%0Ahelp: did you mean `proposal`?"), "{}", github.stdout);
}

/// `list` reads its states from one check of every module (a check per
/// module planned all the others again: quadratic); a module's own drift is
/// its own, and a shared file it breaks is not blamed on the others.
#[test]
fn list_of_many_modules_names_only_the_drifted_ones() {
    let project = Project::example();
    let service = project.read("backend/src/services/proposalService.js");
    let controller = project.read("backend/src/controllers/proposalController.js");
    let page = project.read("front/src/admin/pages/Proposals.jsx");
    let modules: Vec<String> = (0..12).map(|i| format!("item{i}")).collect();
    for name in &modules {
        let pascal = format!("{}{}", name[..1].to_uppercase(), &name[1..]);
        let rename = |text: &str| text.replace("Proposal", &pascal).replace("proposal", name);
        project.write(&format!("backend/src/services/{name}Service.js"), &rename(&service));
        project.write(&format!("backend/src/controllers/{name}Controller.js"), &rename(&controller));
        project.write(&format!("front/src/admin/pages/{pascal}s.jsx"), &rename(&page));
    }
    let add: Vec<&str> = std::iter::once("add").chain(modules.iter().map(String::as_str)).collect();
    project.rtgen_ok(&add);
    project.remove("backend/src/socket/events/item3Events.js");
    let auth = "front/src/admin/contexts/AuthContext.jsx";
    project.write(auth, &project.read(auth).replace("item7SocketService.initialize();", ""));
    let run = project.rtgen_ok(&["list"]);
    let drifted: Vec<&str> = run.stdout.lines().filter(|l| !l.ends_with("\tin sync")).collect();
    assert_eq!(drifted, ["item3\tdrifted (1 file(s))", "item7\tdrifted (1 file(s))"], "{}", run.stdout);
    assert_eq!(run.stdout.lines().count(), modules.len());
}
