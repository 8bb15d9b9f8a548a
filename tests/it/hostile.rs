//! Spec text is data: hostile toasts and role names (backticks, `${`,
//! backslashes, quotes, U+2028/2029, newlines, `</script>`) go through every
//! module template, and node runs the generated emitter and frontend service
//! to prove each string arrives as the same text and nothing was evaluated.

use crate::support::{node_check, Project};

/// Roles the host declares, each an attack on a string literal.
const ROLES_JS: &str = r#"export const ROLES = {
  ADMIN: "admin",
  SUPER_ADMIN: "super_admin",
  TICK: "r`${globalThis.PWNED='role'}`",
  QUOTE: "q\"x'</script>\\",
};
"#;

/// Every toast an attack on the template literal or string it lands in.
const SPEC: &str = r#"module: proposal
events:
  - name: created
    recipients:
      roles: [admin, "r`${globalThis.PWNED='role'}`", "q\"x'</script>\\"]
    toast: 'New ${{"INJECTED".toLowerCase()}} {title}'
  - name: updated
    recipients:
      fields: [createdBy]
    toast: "a `b` \\ ${{globalThis.PWNED='updated'}} \u2028\u2029 \n  two\r\n</script><!-- {title} $"
  - name: statusChanged
    recipients:
      fields: [createdBy]
    toast: "{title}: {oldStatus} -> {newStatus} $${{globalThis.PWNED='status'}}}} \t\\u0041"
  - name: deleted
    recipients:
      fields: [createdBy]
    toast: "plain ${{globalThis.PWNED='deleted'}} \"'` </script>\u2028 {{x}}"
"#;

/// The toast texts node must show, with `title` = `T`, status `a` -> `b`.
const EXPECTED: &[(&str, &str)] = &[
    ("created", "New ${\"INJECTED\".toLowerCase()} T"),
    ("updated", "a `b` \\ ${globalThis.PWNED='updated'} \u{2028}\u{2029} \n  two\r\n</script><!-- T $"),
    ("statusChanged", "T: a -> b $${globalThis.PWNED='status'}} \t\\u0041"),
    ("deleted", "plain ${globalThis.PWNED='deleted'} \"'` </script>\u{2028} {x}"),
];

/// Loads a generated ES module with its imports replaced by `stubs`.
const LOADER: &str = r#"
import { readFileSync } from "node:fs";
export const load = async (path, stubs) => {
  const code = readFileSync(path, "utf8").replace(/^import .*$/gm, "");
  return import("data:text/javascript," + encodeURIComponent(stubs + code));
};
"#;

const FRONT: &str = r#"
import assert from "node:assert/strict";
import { load } from "./loader.mjs";
const expected = JSON.parse(process.argv[1]);
globalThis.listeners = new Map();
globalThis.toasts = [];
const stubs = `
const socketService = { on: (e, f) => globalThis.listeners.set(e, f), off: (e) => globalThis.listeners.delete(e) };
const toast = { info: (m) => globalThis.toasts.push(m) };
`;
const mod = await load(process.argv[2], stubs);
mod.default.initialize();
for (const [name] of expected) {
  const listener = globalThis.listeners.get(`proposal:${name}`);
  assert.ok(listener, `no listener for ${name}`);
  listener({ proposal: { title: "T" }, oldStatus: "a", newStatus: "b" });
}
assert.equal(globalThis.PWNED, undefined, "spec text was evaluated");
assert.deepEqual(globalThis.toasts, expected.map(([, text]) => text));
console.log("ok");
"#;

const BACKEND: &str = r#"
import assert from "node:assert/strict";
import * as realtime from "./src/socket/realtime.js";
import events from "./src/socket/events/proposalEvents.js";
const sent = [];
const io = { on() {}, to: (rooms) => ({ except: () => ({ emit: (e) => sent.push([e, rooms]) }), emit: (e) => sent.push([e, rooms]) }) };
realtime.attach(io);
events.created({ id: 1, title: "T" }, 7);
assert.equal(globalThis.PWNED, undefined, "spec text was evaluated");
assert.deepEqual(sent, [["proposal:created", ["rtgen:role:admin", "rtgen:role:r`${globalThis.PWNED='role'}`", "rtgen:role:q\"x'</script>\\"]]]);
console.log("ok");
"#;

fn node(dir: &std::path::Path, script: &str, args: &[&str]) {
    let output = std::process::Command::new("node")
        .args(["--input-type=module", "-e", script])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("node runs");
    assert!(
        output.status.success() && String::from_utf8_lossy(&output.stdout).trim() == "ok",
        "generated code misbehaved:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

fn hostile_project() -> Project {
    let project = Project::example();
    project.write("backend/src/constants/roles.js", ROLES_JS);
    project.write("realtime/proposal.yaml", SPEC);
    project.rtgen_ok(&["add", "proposal"]);
    project
}

#[test]
fn hostile_spec_text_stays_text_when_run() {
    let project = hostile_project();
    let generated = [
        "backend/src/socket/events/proposalEvents.js",
        "backend/src/services/proposalServiceWithSocket.js",
        "front/src/admin/services/proposalSocketService.js",
    ];
    for file in generated {
        node_check(&project.root().join(file));
        let text = project.read(file);
        assert!(!text.contains("</script>"), "`</script>` left as is in {file}");
        assert!(!text.contains(['\u{2028}', '\u{2029}']), "a raw U+2028/2029 in {file}");
    }
    project.write("front/loader.mjs", LOADER);
    let expected = serde_json::to_string(EXPECTED).unwrap();
    let front = project.root().join("front/src/admin/services/proposalSocketService.js");
    node(&project.root().join("front"), FRONT, &[&expected, front.to_str().unwrap()]);
    node(&project.root().join("backend"), BACKEND, &[]);
    project.rtgen_ok(&["check"]);
}

/// The same text survives the host's other style: single quotes, no
/// semicolons, tabs, CRLF.
#[test]
fn hostile_spec_text_stays_text_in_another_style() {
    let project = hostile_project();
    project.rtgen_ok(&["remove", "proposal"]);
    project.write(
        "rtgen.yaml",
        "front:\n  toast: src/admin/utils/toast.js\nstyle:\n  backend: { quote: single, semicolons: false, indent: tab, line_ending: crlf }\n  front: { quote: single, semicolons: false, indent: tab, line_ending: crlf }\n",
    );
    project.rtgen_ok(&["add", "proposal"]);
    let front_text = project.read("front/src/admin/services/proposalSocketService.js");
    assert!(front_text.contains("\r\n\t"), "not restyled:\n{front_text}");
    project.write("front/loader.mjs", LOADER);
    let expected = serde_json::to_string(EXPECTED).unwrap();
    let front = project.root().join("front/src/admin/services/proposalSocketService.js");
    node(&project.root().join("front"), FRONT, &[&expected, front.to_str().unwrap()]);
    node(&project.root().join("backend"), BACKEND, &[]);
}

/// The scaffold's templates take the profile's ready event and room names:
/// those stay text too, in strings, template literals and comments alike.
#[test]
fn hostile_profile_text_stays_text_in_the_scaffold() {
    let project = Project::copy_of("plain");
    project.write(
        "rtgen.yaml",
        r#"socket:
  readyEvent: "r*/globalThis.PWNED='ready';/*\"`${x}`</script>\u2028"
  userRoom: "u`${globalThis.PWNED='user'}`\\:{id}"
  roleRoom: "*/ r${globalThis.PWNED='role'}:{role}"
"#,
    );
    project.rtgen_ok(&["init"]);
    let server = project.root().join("backend/src/socket/socketServer.js");
    let front = project.root().join("front/src/admin/services/socketService.js");
    node_check(&server);
    node_check(&front);
    project.write("loader.mjs", LOADER);
    let script = r#"
import assert from "node:assert/strict";
import { load } from "./loader.mjs";
const server = await load(process.argv[1], "const Server = class {}; const jwt = {}; const verifyToken = () => {}; const attachRedisAdapter = () => {};\n");
const front = await load(process.argv[2], "const io = () => ({}); const API_URL = '';\n");
assert.equal(globalThis.PWNED, undefined, "profile text was evaluated");
assert.equal(front.READY_EVENT, "r*/globalThis.PWNED='ready';/*\"`${x}`</script>\u2028");
assert.ok(server);
console.log("ok");
"#;
    node(project.root(), script, &[server.to_str().unwrap(), front.to_str().unwrap()]);
}
