//! The event contract: `realtime/asyncapi.yaml` and `realtime/README.md`
//! beside the specs, the payload typedefs in the front's socket services,
//! kept in sync by `check`, updated and deleted by `remove`, printed by
//! `rtgen docs`. The AsyncAPI document is validated with the official parser
//! (`live_*`: needs `npm ci --prefix tests/asyncapi`).

use crate::support::{changed_files, repo, Project};

const ASYNCAPI: &str = "realtime/asyncapi.yaml";
const README: &str = "realtime/README.md";

/// examples/crm with the live suite's two specs added: several modules,
/// custom events, whitelists, an event that keeps the actor.
fn two_modules() -> Project {
    let project = Project::example();
    for module in ["proposal", "contract"] {
        let spec = std::fs::read_to_string(repo().join(format!("tests/live/fixtures/{module}.yaml"))).unwrap();
        project.write(&format!("realtime/{module}.yaml"), &spec);
    }
    project.rtgen_ok(&["add", "proposal", "contract"]);
    project
}

#[test]
fn readme_and_typedefs() {
    let project = two_modules();
    insta::assert_snapshot!("contract_readme", project.read(README));
    let front = project.read("front/src/admin/services/contractSocketService.js");
    let start = front.find("/**\n * The payload of").expect("typedefs");
    let end = front.find("/** The toast each event shows").expect("the toasts after the typedefs");
    insta::assert_snapshot!("contract_typedefs", &front[start..end]);
    // `docs` prints the same contract without the header, and writes nothing.
    let before = project.files();
    let markdown = project.rtgen_ok(&["docs", "--format", "markdown"]).stdout;
    assert!(project.read(README).ends_with(&markdown), "{markdown}");
    let asyncapi = project.rtgen_ok(&["docs", "--format", "asyncapi"]).stdout;
    assert!(project.read(ASYNCAPI).ends_with(&asyncapi));
    let json: serde_json::Value =
        serde_json::from_str(&project.rtgen_ok(&["docs", "--format", "json"]).stdout).expect("docs json parses");
    assert_eq!(json["contract"]["modules"][0]["events"][4]["event"], "contract:signed");
    assert_eq!(
        json["contract"]["modules"][0]["events"][4]["schema"]["properties"]["contract"]["properties"]["status"],
        serde_json::json!({ "type": "string" })
    );
    let text = project.rtgen_ok(&["docs"]).stdout;
    assert!(text.contains("contract:signed  after `signContract`"), "{text}");
    assert_eq!(changed_files(&before, &project.files()), Vec::<String>::new());
}

#[test]
fn a_payload_field_added_to_a_spec_makes_the_contract_outdated() {
    let project = two_modules();
    let spec = project.read("realtime/contract.yaml");
    project.write(
        "realtime/contract.yaml",
        &spec.replace("payload: [title, status]", "payload: [title, status, createdBy]"),
    );
    let json = project.rtgen(&["check", "--format", "json"]);
    assert_eq!(json.code, 1, "{}", json.stdout);
    let doc: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let outdated: Vec<&str> = doc["drift"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["kind"] == "outdated")
        .map(|i| i["path"].as_str().unwrap())
        .collect();
    for path in [ASYNCAPI, README, "front/src/admin/services/contractSocketService.js"] {
        assert!(outdated.contains(&path), "{path} is not outdated: {}", json.stdout);
    }
    let item = doc["drift"].as_array().unwrap().iter().find(|i| i["path"] == ASYNCAPI).unwrap();
    assert_eq!(item["fix"], "rtgen add contract proposal");
    assert!(item["diff"].as_str().unwrap().contains("+              createdBy:"), "{}", item["diff"]);
    project.rtgen_ok(&["add", "contract", "proposal"]);
    assert_eq!(project.rtgen(&["check"]).code, 0);
}

#[test]
fn check_reports_a_hand_edited_or_missing_contract() {
    let project = two_modules();
    project.write(README, &project.read(README).replace("| none |", "| nothing |"));
    project.remove(ASYNCAPI);
    let json = project.rtgen(&["check", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let kind =
        |path: &str| doc["drift"].as_array().unwrap().iter().find(|i| i["path"] == path).map(|i| i["kind"].clone());
    assert_eq!(kind(README), Some("edited".into()), "{}", json.stdout);
    assert_eq!(kind(ASYNCAPI), Some("missing".into()), "{}", json.stdout);
    // Only one module checked: the contract still covers both.
    project.rtgen_ok(&["add", "proposal", "--force"]);
    assert_eq!(project.rtgen(&["check", "proposal"]).code, 0);
}

#[test]
fn remove_updates_the_contract_and_the_last_remove_deletes_it() {
    let project = two_modules();
    let dry = project.rtgen_ok(&["remove", "contract", "--dry-run"]).stdout;
    assert!(dry.contains(&format!("+++ b/{ASYNCAPI}")), "{dry}");
    project.rtgen_ok(&["remove", "contract", "--purge"]);
    let asyncapi = project.read(ASYNCAPI);
    assert!(!asyncapi.contains("contract:"), "{asyncapi}");
    assert!(asyncapi.contains("proposal:created"));
    assert!(asyncapi.contains("then run `rtgen add proposal`."));
    assert_eq!(project.rtgen(&["check"]).code, 0);
    project.rtgen_ok(&["remove", "proposal", "--purge"]);
    assert!(!project.exists(ASYNCAPI) && !project.exists(README));
}

#[test]
fn live_the_asyncapi_document_validates_with_the_official_parser() {
    let node_modules = repo().join("tests/asyncapi/node_modules/@asyncapi/parser");
    assert!(node_modules.exists(), "`{}` is missing: run `npm ci` in tests/asyncapi", node_modules.display());
    let project = two_modules();
    let output = std::process::Command::new("node")
        .arg(repo().join("tests/asyncapi/validate.mjs"))
        .arg(project.root().join(ASYNCAPI))
        .output()
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}{}", String::from_utf8_lossy(&output.stderr));
    assert!(stdout.contains("valid AsyncAPI 3.0.0, 9 channels, 9 operations"), "{stdout}");
}
