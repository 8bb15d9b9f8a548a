//! File names that are not identifiers (`task.service.js`,
//! `work-order.controller.js`, `task-crud.service.js`): `init` reads the
//! host's `names:` patterns from its files, `add` follows them, and where no
//! file fits, the hint it prints makes the rerun succeed.
//! Fixture: `tests/hosts/dotted-names` (the recipe's socket layer; modules
//! `task` and `work-order` in `<module>.service.js` / `<module>.controller.js`
//! files, pages `Tasks.jsx` and `WorkOrders.jsx`).

use std::collections::BTreeMap;

use crate::support::{changed_files, repo, Project};

/// The recipe's proposal spec, for another module.
fn spec(module: &str) -> String {
    let text = std::fs::read_to_string(repo().join("tests/live/fixtures/proposal.yaml")).expect("proposal spec");
    text.replace("module: proposal", &format!("module: {module}"))
}

fn without_specs(files: BTreeMap<String, Vec<u8>>) -> BTreeMap<String, Vec<u8>> {
    files.into_iter().filter(|(path, _)| !path.starts_with("realtime/")).collect()
}

fn profile(project: &Project) -> serde_yaml::Value {
    serde_yaml::from_str(&project.read("rtgen.yaml")).expect("rtgen.yaml parses")
}

#[test]
fn dotted_and_hyphenated_file_names_through_init_add_check_remove() {
    let project = Project::host("dotted-names");
    let init = project.rtgen_ok(&["init"]);
    assert!(
        init.stdout.contains("`{module:kebab}.service.js`: how service files are named (from `backend/src/services/task.service.js`, `backend/src/services/work-order.service.js`)"),
        "init does not say which files gave the service pattern:\n{}",
        init.stdout
    );
    assert!(init.stdout.contains("`{Modules}.jsx`: how page files are named"), "{}", init.stdout);
    let names = &profile(&project)["names"];
    assert_eq!(names["service"].as_str(), Some("{module:kebab}.service"), "{names:?}");
    assert_eq!(names["controller"].as_str(), Some("{module:kebab}.controller"), "{names:?}");
    assert!(
        project.read("rtgen.yaml").contains("#   work-order.service: export defaultInstance"),
        "{}",
        project.read("rtgen.yaml")
    );
    // The pages follow the default: nothing to write.
    assert!(names.get("page").is_none(), "{names:?}");
    let before = project.files();

    project.write("realtime/task.yaml", &spec("task"));
    project.write("realtime/workOrder.yaml", &spec("work-order"));
    project.rtgen_ok(&["add", "task", "work-order"]);
    let generated = project.read("backend/src/services/work-order.service.socket.js");
    assert!(generated.contains("import workOrderService from \"./work-order.service.js\";"), "{generated}");
    assert!(generated.contains("const workOrderServiceWithSocket = "), "{generated}");
    assert!(project.exists("backend/src/services/task.service.socket.js"));
    let controller = project.read("backend/src/controllers/work-order.controller.js");
    assert!(controller.contains("from \"../services/work-order.service.socket.js\";"), "{controller}");
    assert!(project.read("front/src/admin/pages/WorkOrders.jsx").contains("workOrderSocketService"));

    let check = project.rtgen(&["check"]);
    assert_eq!(check.code, 0, "check after add:\n{}", check.report(&project));
    let once = project.files();
    let again = project.rtgen_ok(&["add", "task", "work-order"]);
    assert!(again.stdout.contains("up to date"), "{}", again.stdout);
    assert_eq!(project.files(), once, "a second add changed files");

    // The generated modules load under node: every file name they import exists.
    if repo().join("examples/crm/backend/node_modules/socket.io").is_dir() {
        project.link_backend_modules("backend");
        for file in
            ["task.service.socket.js", "work-order.service.socket.js", "../controllers/work-order.controller.js"]
        {
            let path = project.root().join("backend/src/services").join(file);
            let url = format!("file://{}", path.display());
            let out = std::process::Command::new("node")
                .args(["--input-type=module", "-e", &format!("await import({url:?});")])
                .output()
                .expect("node runs");
            assert!(out.status.success(), "{file} does not load:\n{}", String::from_utf8_lossy(&out.stderr));
        }
        project.remove("backend/node_modules");
    }

    project.rtgen_ok(&["remove", "task", "--purge"]);
    project.rtgen_ok(&["remove", "work-order", "--purge"]);
    let check = project.rtgen(&["check"]);
    assert_eq!(check.code, 0, "check after remove:\n{}", check.report(&project));
    let after = project.files();
    assert_eq!(
        without_specs(after.clone()),
        without_specs(before.clone()),
        "remove did not give the original bytes back: {:?}",
        changed_files(&after, &before)
    );
}

/// `task-crud.service.js` fits no pattern for `task`: the error names the
/// file and the `names.service` pattern that fits it; set word for word,
/// the rerun succeeds and `check` is clean.
#[test]
fn a_service_no_pattern_names_is_refused_and_the_hinted_pattern_works() {
    let project = Project::host("dotted-names");
    let service = project.read("backend/src/services/task.service.js");
    project.remove("backend/src/services/task.service.js");
    project.write("backend/src/services/task-crud.service.js", &service);
    let controller = project.read("backend/src/controllers/task.controller.js");
    project.write(
        "backend/src/controllers/task.controller.js",
        &controller.replace("../services/task.service.js", "../services/task-crud.service.js"),
    );
    project.rtgen_ok(&["init"]);
    project.write("realtime/task.yaml", &spec("task"));
    let before = project.files();

    let run = project.rtgen(&["add", "task"]);
    assert_eq!(run.code, 2, "{}", run.report(&project));
    assert!(run.stderr.contains("`backend/src/services/task.service.js` not found"), "{}", run.stderr);
    assert!(run.stderr.contains("found `backend/src/services/task-crud.service.js`"), "{}", run.stderr);
    assert_eq!(project.files(), before, "a refused run changed files");

    let marker = "set `names.service: \"";
    let at = run.stderr.find(marker).unwrap_or_else(|| panic!("no pattern to set:\n{}", run.stderr)) + marker.len();
    let pattern = &run.stderr[at..at + run.stderr[at..].find('"').expect("closing quote")];
    assert_eq!(pattern, "{module}-crud.service");
    let mut yaml = profile(&project);
    yaml["names"]["service"] = serde_yaml::Value::String(pattern.to_string());
    project.write("rtgen.yaml", &serde_yaml::to_string(&yaml).unwrap());

    project.rtgen_ok(&["add", "task"]);
    assert!(project.exists("backend/src/services/task-crud.service.socket.js"));
    let check = project.rtgen(&["check"]);
    assert_eq!(check.code, 0, "check after the hinted fix:\n{}", check.report(&project));
}

/// Regression: `rtgen remove nosuch` said nothing was to remove and exited 0.
#[test]
fn remove_of_an_unknown_module_names_the_modules_and_changes_nothing() {
    let project = Project::host("dotted-names");
    project.write("realtime/task.yaml", &spec("task"));
    project.rtgen_ok(&["add", "task"]);
    let before = project.files();
    let run = project.rtgen(&["remove", "tak"]);
    assert_eq!(run.code, 2, "{}", run.report(&project));
    assert!(run.stderr.contains("no module `tak`"), "{}", run.stderr);
    assert!(run.stderr.contains("did you mean `task`?"), "{}", run.stderr);
    let run = project.rtgen(&["remove", "nosuch"]);
    assert_eq!(run.code, 2, "{}", run.report(&project));
    assert!(run.stderr.contains("the modules with a spec are `task`"), "{}", run.stderr);
    assert_eq!(project.files(), before, "a refused remove changed files");
}

/// Files that disagree give no pattern: `init` keeps the default, says it is
/// the default and which files disagree; the hint of the refused `add`, set
/// as printed, makes it succeed.
#[test]
fn disagreeing_files_keep_the_default_and_say_so() {
    let project = Project::host("dotted-names");
    project
        .write("backend/src/services/userService.js", "export default { async getUserById(id) { return { id }; } };\n");
    let init = project.rtgen_ok(&["init"]);
    assert!(
        init.stdout.contains("default: `{module}Service.js` for service files: the files in `backend/src/services` disagree (`backend/src/services/task.service.js` ({module}.service), `backend/src/services/userService.js` ({module}Service), `backend/src/services/work-order.service.js` ({module:kebab}.service)); set `names.service` in `rtgen.yaml` to name them"),
        "{}",
        init.stdout
    );
    assert!(!init.stdout.contains("how service files are named"), "a default was reported as found:\n{}", init.stdout);
    assert!(profile(&project)["names"].get("service").is_none(), "{}", project.read("rtgen.yaml"));

    project.write("realtime/task.yaml", &spec("task"));
    let run = project.rtgen(&["add", "task"]);
    assert_eq!(run.code, 2, "{}", run.report(&project));
    let marker = "set `names.service: \"";
    let at = run.stderr.find(marker).unwrap_or_else(|| panic!("no pattern to set:\n{}", run.stderr)) + marker.len();
    let pattern = &run.stderr[at..at + run.stderr[at..].find('"').expect("closing quote")];
    assert_eq!(pattern, "{module}.service");
    let mut yaml = profile(&project);
    yaml["names"]["service"] = serde_yaml::Value::String(pattern.to_string());
    project.write("rtgen.yaml", &serde_yaml::to_string(&yaml).unwrap());
    project.rtgen_ok(&["add", "task"]);
    assert!(project.exists("backend/src/services/task.service.socket.js"));
    let check = project.rtgen(&["check"]);
    assert_eq!(check.code, 0, "{}", check.report(&project));
}

/// A `names:` pattern without its placeholder is refused before anything is read.
#[test]
fn a_pattern_without_a_placeholder_is_refused() {
    let project = Project::host("dotted-names");
    project.rtgen_ok(&["init"]);
    let text = project.read("rtgen.yaml").replace("service: '{module:kebab}.service'", "service: task.service");
    assert!(text.contains("service: task.service"), "the profile no longer holds the line this test changes:\n{text}");
    project.write("rtgen.yaml", &text);
    project.write("realtime/task.yaml", &spec("task"));
    let before = project.files();
    let run = project.rtgen(&["add", "task"]);
    assert_eq!(run.code, 2, "{}", run.report(&project));
    assert!(run.stderr.contains("`names.service`: `task.service` has 0 module placeholders"), "{}", run.stderr);
    assert_eq!(project.files(), before);
}

/// A TypeScript front whose pages agree on no pattern keeps the `.tsx` default, and
/// says so (a `.jsx` default names no page such a front has).
#[test]
fn a_typescript_front_without_a_page_pattern_defaults_to_tsx() {
    let project = Project::host("typescript-app");
    let pages = "front/src/admin/pages";
    std::fs::rename(
        project.root().join(pages).join("Proposals.tsx"),
        project.root().join(pages).join("ProposalsPage.tsx"),
    )
    .unwrap();
    // `ContractRequests` names no module; `Contracts.tsx` does, without the `Page` suffix.
    project.write(&format!("{pages}/Contracts.tsx"), &project.read(&format!("{pages}/ContractRequests.tsx")));
    let init = project.rtgen_ok(&["init", "--dry-run"]);
    let all = format!("{}{}", init.stdout, init.stderr);
    assert!(
        all.contains("default: `{Modules}.tsx` for page files: the files in `front/src/admin/pages` disagree"),
        "{all}"
    );
    assert!(!all.contains("{Modules}.jsx"), "{all}");
}
