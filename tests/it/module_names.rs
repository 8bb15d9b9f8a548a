//! Module names as users type them (issue 26, item 5): a typo gets a
//! did-you-mean in every command instead of an invitation to create the
//! typo; a spec started by hand with only `names:` keeps derivation for the
//! rest; a derived spec offers nothing the schema rejects.

use crate::support::{changed_files, Project};

#[test]
fn a_typo_in_add_or_check_names_the_module_meant_and_the_hint_works() {
    let project = Project::example();
    let before = project.files();
    let add = project.rtgen(&["add", "proposl"]);
    assert_eq!(add.code, 2, "{}", add.report(&project));
    assert!(add.stderr.contains("did you mean `proposal`? (`rtgen add proposal`)"), "{}", add.report(&project));
    assert_eq!(changed_files(&before, &project.files()), Vec::<String>::new(), "a typo wrote files");

    // No spec yet: `check` points at the module with code, not at `rtgen add proposl`.
    let check = project.rtgen(&["check", "proposl"]);
    assert_eq!(check.code, 2, "{}", check.report(&project));
    assert!(!check.stderr.contains("rtgen add proposl"), "{}", check.report(&project));
    assert!(
        check.stderr.contains("did you mean `proposal`? it has no spec yet: `rtgen add proposal`"),
        "{}",
        check.report(&project)
    );

    // The hint, word for word.
    project.rtgen_ok(&["add", "proposal"]);
    let check = project.rtgen(&["check", "proposl"]);
    assert_eq!(check.code, 2);
    assert!(check.stderr.contains("did you mean `proposal`? (`rtgen check proposal`)"), "{}", check.report(&project));
    project.rtgen_ok(&["check", "proposal"]);

    let remove = project.rtgen(&["remove", "proposl"]);
    assert_eq!(remove.code, 2);
    assert!(remove.stderr.contains("did you mean `proposal`?"), "{}", remove.report(&project));
}

/// A module whose files are named after it in the plural (`tickets.service`)
/// is no typo: `add` finds its service and controller in the other number.
#[test]
fn a_module_named_in_the_plural_is_not_taken_for_a_typo() {
    let project = Project::example();
    let service = project.read("backend/src/services/contractService.js");
    project.remove("backend/src/services/contractService.js");
    project.write("backend/src/services/contractsService.js", &service);
    let controller = project.read("backend/src/controllers/contractController.js");
    project.remove("backend/src/controllers/contractController.js");
    project.write(
        "backend/src/controllers/contractsController.js",
        &controller.replace("contractService.js", "contractsService.js"),
    );
    let run = project.rtgen(&["add", "contract"]);
    assert_eq!(run.code, 0, "{}", run.report(&project));
    assert!(!run.stderr.contains("did you mean"), "{}", run.report(&project));
    assert!(
        run.stdout.contains("create backend/src/services/contractsServiceWithSocket.js"),
        "{}",
        run.report(&project)
    );
    assert!(run.stdout.contains("update backend/src/controllers/contractsController.js"), "{}", run.report(&project));
}

/// The report's case: the service lives under another name, the user sets
/// `names.service` in a new spec first. `add` keeps the user's lines and
/// derives the events from the named service.
#[test]
fn a_spec_with_only_names_keeps_derivation_for_the_rest() {
    let project = Project::example();
    let service = project.read("backend/src/services/proposalService.js");
    project.remove("backend/src/services/proposalService.js");
    project.write("backend/src/services/offerService.js", &service);
    let controller = project.read("backend/src/controllers/proposalController.js");
    project.write(
        "backend/src/controllers/proposalController.js",
        &controller.replace("../services/proposalService.js", "../services/offerService.js"),
    );
    let mine = "# Offers are proposals here.\nmodule: proposal\nnames:\n  service: offerService\n";
    project.write("realtime/proposal.yaml", mine);

    // `check` says what to run, not "missing key `events`".
    let check = project.rtgen(&["check"]);
    assert_eq!(check.code, 2, "{}", check.report(&project));
    assert!(check.stderr.contains("run `rtgen add proposal`"), "{}", check.report(&project));

    let run = project.rtgen(&["add", "proposal"]);
    assert_eq!(run.code, 0, "{}", run.report(&project));
    let spec = project.read("realtime/proposal.yaml");
    assert!(spec.starts_with(mine), "the user's lines must stay first and unchanged:\n{spec}");
    assert!(spec.contains("derived by rtgen from `backend/src/services/offerService.js`"), "{spec}");
    for event in ["created", "updated", "statusChanged", "deleted", "approved"] {
        assert!(spec.contains(&format!("- name: {event}\n")), "no `{event}` in:\n{spec}");
    }
    assert!(
        project.exists("backend/src/services/proposalServiceWithSocket.js")
            || project.exists("backend/src/services/offerServiceWithSocket.js")
    );
    project.rtgen_ok(&["check"]);
    // A second run changes nothing: the spec is complete now.
    let files = project.files();
    project.rtgen_ok(&["add", "proposal"]);
    assert_eq!(changed_files(&files, &project.files()), Vec::<String>::new());
}

/// The derived spec's comments offered `payload: all`, which the schema rejects.
#[test]
fn a_derived_spec_offers_only_settings_that_load() {
    let project = Project::example();
    project.rtgen_ok(&["add", "proposal"]);
    let spec = project.read("realtime/proposal.yaml");
    assert!(!spec.contains("payload: all"), "{spec}");
    // What it offers instead, applied word for word: an event without `payload:`.
    let mut lines: Vec<&str> = spec.lines().collect();
    let first_payload = lines.iter().position(|l| l.trim_start().starts_with("payload:")).unwrap();
    lines.remove(first_payload);
    project.write("realtime/proposal.yaml", &(lines.join("\n") + "\n"));
    project.rtgen_ok(&["add", "proposal"]);
    project.rtgen_ok(&["check"]);
}
