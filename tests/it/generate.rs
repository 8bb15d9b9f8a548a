//! Snapshots of every generated file over a matrix of specs and host shapes.
//! Each case runs the real binary on a temp copy of the example, then checks
//! the generated JavaScript with node.

use crate::support::{node_check, Project};

const BACKEND_EVENTS: &str = "backend/src/socket/events/{m}Events.js";
const BACKEND_SERVICE: &str = "backend/src/services/{m}ServiceWithSocket.js";
const FRONT_SERVICE: &str = "front/src/admin/services/{m}SocketService.js";

/// Runs `add <module>` and snapshots the three generated files.
fn snapshot_module(project: &Project, module: &str, case: &str) {
    project.rtgen_ok(&["add", module]);
    for (label, template) in [("events", BACKEND_EVENTS), ("service", BACKEND_SERVICE), ("front", FRONT_SERVICE)] {
        let rel = template.replace("{m}", module);
        node_check(&project.root().join(&rel));
        insta::assert_snapshot!(format!("{case}__{label}"), project.read(&rel));
    }
}

#[test]
fn default_spec_on_an_instance_export() {
    let project = Project::example();
    snapshot_module(&project, "proposal", "default_instance");
    // rtgen's runtime, once per backend, and its one start-up line where the server is created.
    let runtime = "backend/src/socket/realtime.js";
    node_check(&project.root().join(runtime));
    insta::assert_snapshot!("default_instance__runtime", project.read(runtime));
    let server = project.read("backend/src/socket/socketServer.js");
    assert!(server.contains("import * as realtime from \"./realtime.js\";"), "{server}");
    assert_eq!(server.matches("realtime.attach(").count(), 1, "{server}");
}

const CUSTOM_SPEC: &str = r#"module: contract
names:
  page: ContractRequests.jsx
events:
  # creator + admins
  - name: created
    recipients:
      fields: [createdBy]
      roles: [admin, super_admin]
    toast: "New contract: {title}"
  # all participants, one of them a list of ids
  - name: updated
    recipients:
      fields: [createdBy, assignedTo, signers]
    payload: [title, status]
  # role broadcast, the actor included
  - name: deleted
    recipients:
      roles: [manager]
    excludeActor: false
  # a custom event with a whitelist and a toast that needs escaping
  - name: signed
    method: signContract
    recipients:
      fields: [signers]
      roles: [super_admin]
    payload: [title, status]
    toast: "Contract `{title}` signed: \"done\" {{literal}} \\ ${status}"
"#;

#[test]
fn custom_events_on_a_named_class_export() {
    let project = Project::example();
    project.write("realtime/contract.yaml", CUSTOM_SPEC);
    snapshot_module(&project, "contract", "named_class_custom");
}

#[test]
fn default_class_export() {
    let project = Project::example();
    let service = "backend/src/services/proposalService.js";
    let text = project
        .read(service)
        .replace("class ProposalService {", "export default class ProposalService {")
        .replace("export default new ProposalService();", "");
    project.write(service, &text);
    let controller = "backend/src/controllers/proposalController.js";
    let text = project.read(controller).replace(
        "import proposalService from \"../services/proposalService.js\";",
        "import ProposalService from \"../services/proposalService.js\";\n\nconst proposalService = new ProposalService();",
    );
    project.write(controller, &text);
    snapshot_module(&project, "proposal", "default_class");
}

#[test]
fn plain_function_exports() {
    let project = Project::example();
    project.write(
        "backend/src/services/proposalService.js",
        "export async function getProposalById(id) {\n  return { id };\n}\n\nexport async function createProposal(data, userId) {\n  return { id: 1, ...data, createdBy: userId };\n}\n\nexport async function updateProposal(id, data, userId) {\n  return { id, ...data };\n}\n\nexport async function deleteProposal(id, userId) {\n  return { id };\n}\n",
    );
    project.write(
        "backend/src/controllers/proposalController.js",
        "import * as proposalService from \"../services/proposalService.js\";\n\nexport const create = (req, res) => proposalService.createProposal(req.body, req.user.id).then((p) => res.json(p));\n",
    );
    snapshot_module(&project, "proposal", "functions");
}

#[test]
fn single_quotes_no_semicolons_tabs() {
    let project = Project::example();
    let service = "backend/src/services/proposalService.js";
    project.write(service, &restyle_by_hand(&project.read(service)));
    let socket = "front/src/admin/services/socketService.js";
    project.write(socket, &restyle_by_hand(&project.read(socket)));
    snapshot_module(&project, "proposal", "single_quotes_no_semicolons_tabs");
    let events = project.read(&BACKEND_EVENTS.replace("{m}", "proposal"));
    let code_lines: Vec<&str> =
        events.lines().filter(|l| !matches!(l.trim_start().get(..1), Some("*" | "/"))).collect();
    assert!(!code_lines.iter().any(|l| l.contains('"')), "double quotes left in:\n{events}");
    assert!(events.lines().any(|l| l.starts_with('\t')), "no tab indentation");
    assert!(!code_lines.iter().any(|l| l.trim_end().ends_with(';')), "a semicolon is left:\n{events}");
}

/// Two-space, double-quoted, semicolon code of the example in another style.
/// Good enough for the example's files, which have no quotes inside strings.
fn restyle_by_hand(text: &str) -> String {
    text.lines()
        .map(|line| {
            let spaces = line.len() - line.trim_start_matches(' ').len();
            let body = line[spaces..].replace('"', "'");
            let body = body.strip_suffix(';').unwrap_or(&body).to_string();
            format!("{}{}", "\t".repeat(spaces / 2), body)
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

#[test]
fn live_a_named_class_with_a_default_instance_keeps_both_exports() {
    let project = Project::example();
    let service = "backend/src/services/contractService.js";
    // Constructed with arguments and configured afterwards: the wrapper must keep both.
    let text = project.read(service).replace(
        "export class ContractService {",
        "export class ContractService {\n  constructor({ prefix }) {\n    this.prefix = prefix;\n  }\n",
    );
    project.write(service, &format!("{text}\nconst contractService = new ContractService({{ prefix: \"C-\" }});\ncontractService.ready = true;\nexport default contractService;\n"));
    project.rtgen_ok(&["add", "contract"]);
    let generated = project.read(&BACKEND_SERVICE.replace("{m}", "contract"));
    assert!(generated.contains("export class ContractService extends BaseContractService {"), "{generated}");
    project.link_node_modules();
    let script = "const m = await import('./src/services/contractServiceWithSocket.js');\
        const s = m.default;\
        if (s.prefix !== 'C-' || s.ready !== true) throw new Error('the default instance lost its set-up');\
        if (!(s instanceof m.ContractService) || typeof s.signContract !== 'function') throw new Error('not the emitting class');\
        if (!(new m.ContractService({ prefix: 'x' }) instanceof m.ContractService)) throw new Error('class broken');\
        process.exit(0);";
    let output = std::process::Command::new("node")
        .args(["--input-type=module", "-e", script])
        .current_dir(project.root().join("backend"))
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
}

#[test]
fn the_most_explicit_actor_parameter_wins() {
    let project = Project::example();
    let service = "backend/src/services/proposalService.js";
    project.write(
        service,
        &project
            .read(service)
            .replace("async updateProposal(id, data, userId)", "async updateProposal(id, user, actorId)"),
    );
    project.rtgen_ok(&["add", "proposal"]);
    let generated = project.read(&BACKEND_SERVICE.replace("{m}", "proposal"));
    assert!(generated.contains("proposalEvents.updated(proposal, actorId);"), "{generated}");
}

#[test]
fn class_field_methods_are_refused() {
    let project = Project::example();
    let service = "backend/src/services/contractService.js";
    let text = project.read(service);
    let fielded =
        text.replacen("async createContract(data, userId) {", "createContract = async (data, userId) => {", 1);
    assert_ne!(fielded, text, "the fixture changed");
    project.write(service, &fielded);
    let before = project.files();
    let run = project.rtgen(&["add", "contract"]);
    assert_eq!(run.code, 2, "{}", run.report(&project));
    assert!(run.stderr.contains("`createContract` is a class field"), "{}", run.stderr);
    let line = fielded.lines().position(|l| l.contains("createContract = async")).unwrap() + 1;
    assert!(run.stderr.contains(&format!("contractService.js:{line}:")), "not at line {line}: {}", run.stderr);
    assert_eq!(crate::support::changed_files(&before, &project.files()), Vec::<String>::new());
}

#[test]
fn a_service_shape_template_can_be_overridden() {
    // The shared method template, overridden: every shape renders through it.
    let project = Project::example();
    let method = rtgen::render::EMBEDDED.iter().find(|(n, _)| *n == "backend/service/method.js.tera").unwrap().1;
    assert!(method.contains("/** {{ m.doc }} */"));
    project.write(
        ".rtgen/templates/backend/service/method.js.tera",
        &method.replace("/** {{ m.doc }} */", "/** {{ m.doc }} (house style) */"),
    );
    project.rtgen_ok(&["add", "proposal"]);
    let generated = project.read(&BACKEND_SERVICE.replace("{m}", "proposal"));
    assert!(generated.contains("then emits `proposal:created`. (house style) */"), "{generated}");
    project.rtgen_ok(&["check"]);
}

#[test]
fn a_parameter_named_like_the_record_keeps_its_name() {
    // `createProposal(proposal, userId)`: the override's local yields, the parameter keeps its name.
    let project = Project::example();
    let service = "backend/src/services/proposalService.js";
    project.write(
        service,
        &project.read(service).replace("async createProposal(data, userId)", "async createProposal(proposal, userId)"),
    );
    project.rtgen_ok(&["add", "proposal"]);
    let generated = project.read(&BACKEND_SERVICE.replace("{m}", "proposal"));
    assert!(generated.contains("async createProposal(proposal, userId) {"), "{generated}");
    assert!(generated.contains("const record = isEntity(result) ? result : null;"), "{generated}");
    assert!(generated.contains("proposalEvents.created(record, userId);"), "{generated}");
}
