//! TypeScript hosts (`tests/hosts/typescript-app`): the generated files are
//! TypeScript, imports follow each side's specifier style, and the backend
//! and front type-check under `strict` with the committed `typescript`
//! (`tests/typescript`). The shared host suites (`hosts.rs`) run the same
//! host through add/check/remove and live delivery.

use std::process::Command;

use crate::support::{repo, Project};

const HOST: &str = "typescript-app";

fn proposal_spec() -> String {
    std::fs::read_to_string(repo().join("tests/live/fixtures/proposal.yaml")).expect("proposal spec fixture")
}

/// Rewrites every relative import in the backend from `./a.js` to `./a`, as
/// a TypeScript backend on bundler resolution (or tsx, ts-node) writes them.
pub fn strip_backend_extensions(project: &Project) {
    for (path, bytes) in project.files() {
        if !path.starts_with("backend/src/") || !path.ends_with(".ts") {
            continue;
        }
        let text = String::from_utf8(bytes).unwrap();
        let stripped = text.replace(".js\";", "\";");
        project.write(&path, &stripped);
    }
}

#[test]
fn typescript_host_gets_typescript_files_importing_the_way_each_side_does() {
    let project = Project::host(HOST);
    project.write("realtime/proposal.yaml", &proposal_spec());
    let run = project.rtgen_ok(&["add", "proposal"]);
    for file in [
        "backend/src/socket/events/proposalEvents.ts",
        "backend/src/services/proposalServiceWithSocket.ts",
        "front/src/admin/services/proposalSocketService.ts",
    ] {
        assert!(project.exists(file), "{file} not written:\n{}", run.stdout);
    }
    // NodeNext backend: `.js` specifiers for `.ts` files; bundler front: none.
    let service = project.read("backend/src/services/proposalServiceWithSocket.ts");
    assert!(service.contains("from \"./proposalService.js\";"), "{service}");
    assert!(service.contains("from \"../socket/events/proposalEvents.js\";"), "{service}");
    let controller = project.read("backend/src/controllers/proposalController.ts");
    assert!(
        controller.contains("import proposalService from \"../services/proposalServiceWithSocket.js\";"),
        "{controller}"
    );
    assert!(
        controller.contains("import type { Proposal } from \"../types/proposal.js\";"),
        "the controller lost its `import type`"
    );
    let page = project.read("front/src/admin/pages/Proposals.tsx");
    assert!(page.contains("import proposalSocketService from \"../services/proposalSocketService\";"), "{page}");
    assert!(page.contains("useState<Proposal[]>([])"), "the page lost its types:\n{page}");
}

#[test]
fn typescript_backend_without_extensions_gets_imports_without_extensions() {
    let project = Project::host(HOST);
    strip_backend_extensions(&project);
    project.write("realtime/proposal.yaml", &proposal_spec());
    project.rtgen_ok(&["add", "proposal"]);
    let service = project.read("backend/src/services/proposalServiceWithSocket.ts");
    assert!(service.contains("from \"./proposalService\";"), "{service}");
    assert!(service.contains("from \"../socket/events/proposalEvents\";"), "{service}");
    let events = project.read("backend/src/socket/events/proposalEvents.ts");
    assert!(events.contains("from \"../realtime\";"), "{events}");
    let attached = project.files().into_iter().any(|(path, bytes)| {
        path.ends_with(".ts") && String::from_utf8_lossy(&bytes).contains("import * as realtime from \"./realtime\";")
    });
    assert!(attached, "the socket server does not import the runtime without an extension");
    let controller = project.read("backend/src/controllers/proposalController.ts");
    assert!(controller.contains("from \"../services/proposalServiceWithSocket\";"), "{controller}");
    let check = project.rtgen(&["check"]);
    assert_eq!(check.code, 0, "{}", check.report(&project));
}

/// An existing `.tsx` page named in the spec is accepted (it was refused as
/// "not a file name in the pages folder").
#[test]
fn typescript_page_named_in_the_spec_is_patched() {
    let project = Project::host(HOST);
    let spec = std::fs::read_to_string(repo().join("tests/live/fixtures/contract.yaml")).unwrap();
    project.write("realtime/contract.yaml", &spec.replace("page: ContractRequests.jsx", "page: ContractRequests.tsx"));
    project.rtgen_ok(&["add", "contract"]);
    let page = project.read("front/src/admin/pages/ContractRequests.tsx");
    assert!(page.contains("contractSocketService.subscribe("), "{page}");
}

/// The host as `tests/it/hosts.rs` prepares it: both modules added.
fn added() -> Project {
    let project = Project::host(HOST);
    let contract = std::fs::read_to_string(repo().join("tests/live/fixtures/contract.yaml")).unwrap();
    project.write("realtime/proposal.yaml", &proposal_spec());
    project
        .write("realtime/contract.yaml", &contract.replace("page: ContractRequests.jsx", "page: ContractRequests.tsx"));
    project
}

/// After `add`, the backend and the front type-check under `strict`
/// (`tsc --noEmit`, the fixture's own tsconfig), the fixture before too.
#[test]
fn live_typescript_host_type_checks_under_strict_after_add() {
    let project = added();
    for side in ["backend", "front"] {
        let (ok, output) = tsc(&project, side);
        assert!(ok, "the fixture's {side} does not type-check before add:\n{output}");
    }
    project.rtgen_ok(&["add", "proposal", "contract"]);
    for side in ["backend", "front"] {
        let (ok, output) = tsc(&project, side);
        assert!(ok, "{side} does not type-check after add:\n{output}");
    }
}

/// The types are checked, not decoration: a payload interface that says the
/// id is a string (through a template override) makes tsc fail where the
/// page compares it with its own numeric ids.
#[test]
fn live_typescript_a_wrong_payload_type_fails_tsc() {
    let project = added();
    let template = std::fs::read_to_string(repo().join("templates/front/socket_service.ts.tera")).unwrap();
    let broken = template
        .replace("{{ ts_types }}", "{{ ts_types | replace(from=\"    id: number;\", to=\"    id: string;\") }}");
    assert_ne!(broken, template);
    project.write(".rtgen/templates/front/socket_service.ts.tera", &broken);
    project.rtgen_ok(&["add", "proposal"]);
    let service = project.read("front/src/admin/services/proposalSocketService.ts");
    assert!(service.contains("    id: string;"), "the override did not apply:\n{service}");
    let (ok, output) = tsc(&project, "front");
    assert!(!ok, "tsc accepted a payload id typed `string` against the page's numeric ids");
    assert!(output.contains("src/admin/pages/Proposals.tsx") && output.contains("TS2367"), "{output}");
    let (ok, output) = tsc(&project, "backend");
    assert!(ok, "the backend has no override and must still type-check:\n{output}");
}

/// `tsc --noEmit -p <dir>` with the committed typescript: exit status and output.
pub fn tsc(project: &Project, dir: &str) -> (bool, String) {
    let modules = repo().join("tests/typescript/node_modules");
    assert!(modules.join("typescript").is_dir(), "run `npm ci` in tests/typescript (`.ci/run` does)");
    let target = project.root().join(dir).join("node_modules");
    if !target.exists() {
        std::os::unix::fs::symlink(&modules, &target).unwrap();
    }
    let output = Command::new("node")
        .arg(modules.join("typescript/bin/tsc"))
        .args(["--noEmit", "-p", "."])
        .current_dir(project.root().join(dir))
        .output()
        .expect("node runs");
    let text = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    (output.status.success(), text)
}

/// The TSX front, patched, built by Vite and run in Chromium against the
/// TypeScript backend run with tsx (`tests/live/typescript-browser.test.mjs`).
#[test]
fn live_typescript_browser_page_follows_events() {
    let project = added();
    project.rtgen_ok(&["add", "proposal"]);
    project.link_backend_modules("backend");
    let front = project.root().join("front/node_modules");
    std::os::unix::fs::symlink(repo().join("tests/typescript/node_modules"), front).unwrap();
    crate::support::host_suite(&project, "typescript-browser.test.mjs");
}

/// Rewrites the fixture's proposal service (and its controller's import) into another shape.
type Reshape<'a> = dyn Fn(&Project) + 'a;

/// Each shape of base service (a default instance: composition; a default
/// class: a subclass; plain functions) gets overrides that type-check under
/// `strict` against the base's own signatures.
#[test]
fn live_typescript_every_service_shape_type_checks() {
    let service = "backend/src/services/proposalService.ts";
    let controller = "backend/src/controllers/proposalController.ts";
    let import = "import proposalService from \"../services/proposalService.js\";";
    let functions =
        std::fs::read_to_string(repo().join("tests/it/fixtures/typescript/proposalService.functions.ts")).unwrap();
    let shapes: [(&str, &Reshape<'_>); 2] = [
        ("a default class", &|p: &Project| {
            let text = p.read(service).replace("class ProposalService {", "export default class ProposalService {");
            p.write(service, &text.replace("\nexport default new ProposalService();\n", "\n"));
            let text =
                p.read(controller).replace(import, "import ProposalService from \"../services/proposalService.js\";");
            p.write(
                controller,
                &text.replacen(
                    "/** Answers with",
                    "const proposalService = new ProposalService();\n\n/** Answers with",
                    1,
                ),
            );
        }),
        ("plain functions", &|p: &Project| {
            p.write(service, &functions);
            let text = p
                .read(controller)
                .replace(import, "import * as proposalService from \"../services/proposalService.js\";");
            p.write(controller, &text);
        }),
    ];
    for (shape, reshape) in shapes {
        let project = Project::host(HOST);
        reshape(&project);
        let (ok, output) = tsc(&project, "backend");
        assert!(ok, "{shape}: the reshaped fixture does not type-check:\n{output}");
        project.write("realtime/proposal.yaml", &proposal_spec());
        project.rtgen_ok(&["add", "proposal"]);
        let generated = project.read("backend/src/services/proposalServiceWithSocket.ts");
        assert!(generated.contains("Parameters<"), "{shape}:\n{generated}");
        let (ok, output) = tsc(&project, "backend");
        assert!(ok, "{shape}: does not type-check after add:\n{output}\n{generated}");
    }
}
