//! The fault catalogue: bad specs, bad host files, bad profiles and
//! file-system states, one table. Each case runs rtgen on a fresh copy of
//! examples/crm beside an "outside" folder, and asserts the exit code, the
//! message (one snapshot for the whole table: every refusal names a place
//! and a fix) and that neither tree changed in any byte, mode, owner or link.

use std::collections::BTreeMap;
use std::fs;
use std::os::unix::fs::{symlink, MetadataExt, PermissionsExt};
use std::path::Path;

use crate::support::Project;

/// What one case does to the host (and the folder beside it) before rtgen runs.
type Setup = fn(&Project, &Path);

struct Case {
    name: &'static str,
    args: &'static [&'static str],
    code: i32,
    setup: Setup,
}

/// A spec for `proposal` with `event` as its only event.
fn spec_with(project: &Project, event: &str) {
    project.write("realtime/proposal.yaml", &format!("module: proposal\nevents:\n{event}"));
}

/// `outside` as a path relative to the project root.
fn relative(project: &Project, outside: &Path) -> String {
    let up = project.root().components().count() - 1;
    let parent_depth = outside.components().count() - 1;
    assert_eq!(up, parent_depth, "both temp dirs live in one folder");
    format!("../{}", outside.file_name().unwrap().to_string_lossy())
}

const CASES: &[Case] = &[
    // Profile paths that leave the root.
    Case {
        name: "profile backend.root climbs out",
        args: &["add", "proposal"],
        code: 2,
        setup: |p, o| p.write("rtgen.yaml", &format!("backend:\n  root: {}\n", relative(p, o))),
    },
    Case {
        name: "profile specs climbs out",
        args: &["add", "proposal"],
        code: 2,
        setup: |p, o| p.write("rtgen.yaml", &format!("specs: {}/specs\n", relative(p, o))),
    },
    Case {
        name: "profile front.root is absolute",
        args: &["add", "proposal"],
        code: 2,
        setup: |p, o| p.write("rtgen.yaml", &format!("front:\n  root: {}\n", o.display())),
    },
    Case {
        name: "profile front.pages climbs out through a folder",
        args: &["check"],
        code: 2,
        setup: |p, _| p.write("rtgen.yaml", "front:\n  pages: src/../../../pages\n"),
    },
    Case {
        name: "profile path holds a quote",
        args: &["add", "proposal"],
        code: 2,
        setup: |p, _| p.write("rtgen.yaml", "backend:\n  services: \"src/serv\\\"ices\"\n"),
    },
    Case {
        name: "profile socket.init is code",
        args: &["add", "proposal"],
        code: 2,
        setup: |p, _| p.write("rtgen.yaml", "socket:\n  init: \"x(); process.exit()\"\n"),
    },
    // Host files and folders that are links out of the root.
    Case {
        name: "page is a symlink out of the root",
        args: &["add", "proposal"],
        code: 2,
        setup: |p, o| {
            let page = p.root().join("front/src/admin/pages/Proposals.jsx");
            fs::rename(&page, o.join("Proposals.jsx")).unwrap();
            symlink(o.join("Proposals.jsx"), page).unwrap();
        },
    },
    Case {
        name: "controller is a symlink out of the root",
        args: &["add", "proposal"],
        code: 2,
        setup: |p, o| {
            let controller = p.root().join("backend/src/controllers/proposalController.js");
            fs::rename(&controller, o.join("proposalController.js")).unwrap();
            symlink(o.join("proposalController.js"), controller).unwrap();
        },
    },
    Case {
        name: "front services folder is a symlink out of the root",
        args: &["add", "proposal"],
        code: 2,
        setup: |p, o| {
            let services = p.root().join("front/src/admin/services");
            copy_dir(&services, &o.join("services"));
            fs::remove_dir_all(&services).unwrap();
            symlink(o.join("services"), services).unwrap();
        },
    },
    Case {
        name: "events folder is a symlink out of the root",
        args: &["add", "proposal"],
        code: 2,
        setup: |p, o| {
            fs::create_dir_all(o.join("events")).unwrap();
            fs::create_dir_all(p.root().join("backend/src/socket")).unwrap();
            let events = p.root().join("backend/src/socket/events");
            if events.exists() {
                copy_dir(&events, &o.join("events"));
                fs::remove_dir_all(&events).unwrap();
            }
            symlink(o.join("events"), events).unwrap();
        },
    },
    Case {
        name: "specs folder is a dangling symlink out of the root",
        args: &["add", "proposal"],
        code: 2,
        setup: |p, o| symlink(o.join("nowhere"), p.root().join("realtime")).unwrap(),
    },
    Case {
        name: "remove through a page linked out of the root",
        args: &["remove", "proposal"],
        code: 2,
        setup: |p, o| {
            p.rtgen_ok(&["add", "proposal"]);
            let page = p.root().join("front/src/admin/pages/Proposals.jsx");
            fs::rename(&page, o.join("Proposals.jsx")).unwrap();
            symlink(o.join("Proposals.jsx"), page).unwrap();
        },
    },
    // Secrets in the payload.
    Case {
        name: "payload names a password",
        args: &["add", "proposal"],
        code: 2,
        setup: |p, _| {
            spec_with(p, "  - name: created\n    recipients:\n      roles: [admin]\n    payload: [title, password]\n")
        },
    },
    Case {
        name: "payload names a token and an api key",
        args: &["add", "proposal"],
        code: 2,
        setup: |p, _| {
            spec_with(p, "  - name: created\n    recipients:\n      roles: [admin]\n    payload: [clientResponseToken, apiKey, passwordHash]\n")
        },
    },
    // Specs that are not what rtgen reads.
    Case {
        name: "wrong type for excludeActor",
        args: &["add", "proposal"],
        code: 2,
        setup: |p, _| spec_with(p, "  - name: created\n    recipients:\n      roles: [admin]\n    excludeActor: sometimes\n"),
    },
    Case {
        name: "wrong type for roles",
        args: &["add", "proposal"],
        code: 2,
        setup: |p, _| spec_with(p, "  - name: created\n    recipients:\n      roles: admin\n"),
    },
    Case {
        name: "events is a string",
        args: &["add", "proposal"],
        code: 2,
        setup: |p, _| p.write("realtime/proposal.yaml", "module: proposal\nevents: created\n"),
    },
    Case {
        name: "idField is a list",
        args: &["add", "proposal"],
        code: 2,
        setup: |p, _| {
            p.write("realtime/proposal.yaml", "module: proposal\nidField: [a, b]\nevents:\n  - name: created\n    recipients: { roles: [admin] }\n")
        },
    },
    Case {
        name: "a tab indents the spec",
        args: &["add", "proposal"],
        code: 2,
        setup: |p, _| p.write("realtime/proposal.yaml", "module: proposal\nevents:\n\t- name: created\n"),
    },
    Case {
        name: "module name is a reserved word",
        args: &["add", "class"],
        code: 2,
        setup: |_, _| {},
    },
    Case {
        name: "module name in the spec is a reserved word",
        args: &["check"],
        code: 2,
        setup: |p, _| p.write("realtime/class.yaml", "module: class\nevents:\n  - name: created\n    recipients: { roles: [admin] }\n"),
    },
    Case {
        name: "module name of 300 characters",
        args: &["add", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"],
        code: 2,
        setup: |_, _| {},
    },
    Case {
        name: "module name with a path",
        args: &["add", "../proposal"],
        code: 2,
        setup: |_, _| {},
    },
    Case {
        name: "duplicate key",
        args: &["add", "proposal"],
        code: 2,
        setup: |p, _| p.write("realtime/proposal.yaml", "module: proposal\nmodule: proposal\nevents:\n  - name: created\n    recipients: { roles: [admin] }\n"),
    },
    Case {
        name: "duplicate key deeper down",
        args: &["add", "proposal"],
        code: 2,
        setup: |p, _| spec_with(p, "  - name: created\n    recipients: { roles: [admin] }\n    toast: a\n    toast: b\n"),
    },
    Case {
        name: "a NUL byte on line 7",
        args: &["add", "proposal"],
        code: 2,
        setup: |p, _| spec_with(p, "  - name: created\n    recipients:\n      roles: [admin]\n    # note\n    toast: \"a\0b\"\n"),
    },
    Case {
        name: "spec is not UTF-8",
        args: &["add", "proposal"],
        code: 2,
        setup: |p, _| {
            fs::create_dir_all(p.root().join("realtime")).unwrap();
            fs::write(p.root().join("realtime/proposal.yaml"), b"module: proposal\nevents:\n  - name: created\n    recipients: { roles: [admin] }\n    toast: \"caf\xe9\"\n").unwrap();
        },
    },
    Case {
        name: "unknown key",
        args: &["add", "proposal"],
        code: 2,
        setup: |p, _| spec_with(p, "  - name: created\n    recipents:\n      roles: [admin]\n"),
    },
    Case {
        name: "missing recipients",
        args: &["add", "proposal"],
        code: 2,
        setup: |p, _| spec_with(p, "  - name: created\n"),
    },
    Case {
        name: "no events",
        args: &["add", "proposal"],
        code: 2,
        setup: |p, _| p.write("realtime/proposal.yaml", "module: proposal\nevents: []\n"),
    },
    Case {
        name: "event name is not an identifier",
        args: &["add", "proposal"],
        code: 2,
        setup: |p, _| spec_with(p, "  - name: status-changed\n    method: updateProposal\n    recipients: { roles: [admin] }\n"),
    },
    Case {
        name: "event name is taken",
        args: &["add", "proposal"],
        code: 2,
        setup: |p, _| spec_with(p, "  - name: constructor\n    method: updateProposal\n    recipients: { roles: [admin] }\n"),
    },
    Case {
        name: "event declared twice",
        args: &["add", "proposal"],
        code: 2,
        setup: |p, _| spec_with(p, "  - name: created\n    recipients: { roles: [admin] }\n  - name: created\n    recipients: { roles: [admin] }\n"),
    },
    Case {
        name: "custom event without a method",
        args: &["add", "proposal"],
        code: 2,
        setup: |p, _| spec_with(p, "  - name: approved\n    recipients: { roles: [admin] }\n"),
    },
    Case {
        name: "method the service lacks",
        args: &["add", "proposal"],
        code: 2,
        setup: |p, _| spec_with(p, "  - name: approved\n    method: approveProposl\n    recipients: { roles: [admin] }\n"),
    },
    Case {
        name: "unknown role",
        args: &["add", "proposal"],
        code: 2,
        setup: |p, _| spec_with(p, "  - name: created\n    recipients: { roles: [admn] }\n"),
    },
    Case {
        name: "toast placeholder is not a field",
        args: &["add", "proposal"],
        code: 2,
        setup: |p, _| spec_with(p, "  - name: created\n    recipients: { roles: [admin] }\n    toast: \"New {a b}\"\n"),
    },
    Case {
        name: "toast unquoted braces",
        args: &["add", "proposal"],
        code: 2,
        setup: |p, _| spec_with(p, "  - name: created\n    recipients: { roles: [admin] }\n    toast: {title}\n"),
    },
    Case {
        name: "page name climbs out",
        args: &["add", "proposal"],
        code: 2,
        setup: |p, _| {
            p.write("realtime/proposal.yaml", "module: proposal\nnames:\n  page: ../../Proposals.jsx\nevents:\n  - name: created\n    recipients: { roles: [admin] }\n")
        },
    },
    Case {
        name: "spec file named after another module",
        args: &["check"],
        code: 2,
        setup: |p, _| p.write("realtime/proposal.yaml", "module: contract\nevents:\n  - name: created\n    recipients: { roles: [admin] }\n"),
    },
    Case {
        name: "spec file is empty",
        args: &["add", "proposal"],
        code: 2,
        setup: |p, _| p.write("realtime/proposal.yaml", ""),
    },
    Case {
        name: "spec is a list",
        args: &["add", "proposal"],
        code: 2,
        setup: |p, _| p.write("realtime/proposal.yaml", "- module: proposal\n"),
    },
    // Specs beyond the limits.
    Case {
        name: "an alias repeated into megabytes",
        args: &["add", "proposal"],
        code: 2,
        setup: |p, _| {
            let toast = "x".repeat(60);
            let list = vec!["*t"; 2000].join(", ");
            p.write(
                "realtime/proposal.yaml",
                &format!("module: proposal\nevents:\n  - name: created\n    recipients:\n      roles: [admin]\n      fields: &t [{toast}, {toast}, {toast}, {toast}, {toast}, {toast}, {toast}, {toast}, {toast}, {toast}]\n    payload: [{list}]\n"),
            )
        },
    },
    Case {
        name: "a spec file of 300 KiB",
        args: &["add", "proposal"],
        code: 2,
        setup: |p, _| {
            let padding = "# padding\n".repeat(30_000);
            p.write("realtime/proposal.yaml", &format!("module: proposal\n{padding}events:\n  - name: created\n    recipients: {{ roles: [admin] }}\n"))
        },
    },
    Case {
        name: "300 events",
        args: &["add", "proposal"],
        code: 2,
        setup: |p, _| {
            let events: String = (0..300).map(|i| format!("  - {{ name: e{i}, method: updateProposal, recipients: {{ roles: [admin] }} }}\n")).collect();
            p.write("realtime/proposal.yaml", &format!("module: proposal\nevents:\n{events}"))
        },
    },
    Case {
        name: "300 payload fields",
        args: &["add", "proposal"],
        code: 2,
        setup: |p, _| {
            let fields: Vec<String> = (0..300).map(|i| format!("f{i}")).collect();
            spec_with(p, &format!("  - name: created\n    recipients: {{ roles: [admin] }}\n    payload: [{}]\n", fields.join(", ")))
        },
    },
    // Host files in the way.
    Case {
        name: "page is a folder",
        args: &["add", "proposal"],
        code: 2,
        setup: |p, _| {
            let page = p.root().join("front/src/admin/pages/Proposals.jsx");
            fs::remove_file(&page).unwrap();
            fs::create_dir(&page).unwrap();
        },
    },
    Case {
        name: "pages folder is a file",
        args: &["add", "proposal"],
        code: 2,
        setup: |p, _| {
            let pages = p.root().join("front/src/admin/pages");
            fs::remove_dir_all(&pages).unwrap();
            fs::write(&pages, "not a folder\n").unwrap();
        },
    },
    Case {
        name: "page is a symlink loop",
        args: &["add", "proposal"],
        code: 2,
        setup: |p, _| {
            let page = p.root().join("front/src/admin/pages/Proposals.jsx");
            fs::remove_file(&page).unwrap();
            symlink("Proposals.jsx", &page).unwrap();
        },
    },
    Case {
        name: "page is a dangling symlink",
        args: &["add", "proposal"],
        code: 2,
        setup: |p, _| {
            let page = p.root().join("front/src/admin/pages/Proposals.jsx");
            fs::remove_file(&page).unwrap();
            symlink("Proposalz.jsx", &page).unwrap();
        },
    },
    Case {
        name: "front services folder is read-only",
        args: &["add", "proposal"],
        code: 2,
        setup: |p, _| immutable(&p.root().join("front/src/admin/services")),
    },
    Case {
        name: "remove with a read-only events folder",
        args: &["remove", "proposal"],
        code: 2,
        setup: |p, _| {
            p.rtgen_ok(&["add", "proposal"]);
            immutable(&p.root().join("backend/src/socket/events"));
        },
    },
    Case {
        name: "page does not parse",
        args: &["add", "proposal"],
        code: 2,
        setup: |p, _| p.write("front/src/admin/pages/Proposals.jsx", "export default function Proposals() {\n  return <div>;\n}\n"),
    },
    Case {
        name: "page is not UTF-8",
        args: &["add", "proposal"],
        code: 2,
        setup: |p, _| {
            let page = p.root().join("front/src/admin/pages/Proposals.jsx");
            let mut bytes = fs::read(&page).unwrap();
            bytes.splice(0..0, b"// \xff\xfe\n// second\n".iter().copied());
            fs::write(&page, bytes).unwrap();
        },
    },
    Case {
        // The page is optional (issue 22): a dry run shows the warning and the rest.
        name: "page is missing",
        args: &["add", "proposal", "--dry-run"],
        code: 0,
        setup: |p, _| p.remove("front/src/admin/pages/Proposals.jsx"),
    },
    Case {
        name: "base service is missing",
        args: &["add", "proposal"],
        code: 2,
        setup: |p, _| p.remove("backend/src/services/proposalService.js"),
    },
    Case {
        name: "controller does not import the service",
        args: &["add", "proposal"],
        code: 2,
        setup: |p, _| p.write("backend/src/controllers/proposalController.js", "export const list = async (req, res) => res.json([]);\n"),
    },
    Case {
        name: "AuthContext has no ready handler",
        args: &["add", "proposal"],
        code: 2,
        setup: |p, _| {
            let path = "front/src/admin/contexts/AuthContext.jsx";
            let text = p.read(path).replace("connection:ready", "connection:other");
            p.write(path, &text);
        },
    },
    Case {
        name: "a generated file edited by hand",
        args: &["add", "proposal"],
        code: 2,
        setup: |p, _| {
            p.rtgen_ok(&["add", "proposal"]);
            let path = "backend/src/socket/events/proposalEvents.js";
            let text = p.read(path).replace("Object.freeze", "Object.seal");
            p.write(path, &text);
        },
    },
    Case {
        name: "a file rtgen did not write where a generated file goes",
        args: &["add", "proposal"],
        code: 2,
        setup: |p, _| p.write("backend/src/socket/events/proposalEvents.js", "export default {};\n"),
    },
    // Profiles rtgen cannot use.
    Case {
        name: "profile unknown key",
        args: &["check"],
        code: 2,
        setup: |p, _| p.write("rtgen.yaml", "backend:\n  rooot: backend\n"),
    },
    Case {
        name: "profile has a tab",
        args: &["check"],
        code: 2,
        setup: |p, _| p.write("rtgen.yaml", "backend:\n\troot: backend\n"),
    },
    Case {
        name: "profile wrong type",
        args: &["check"],
        code: 2,
        setup: |p, _| p.write("rtgen.yaml", "roles: admin\n"),
    },
    Case {
        name: "profile alias bomb",
        args: &["check"],
        code: 2,
        setup: |p, _| {
            let mut text = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
            for (level, previous) in ["b", "c", "d", "e", "f", "g"].iter().zip(["a", "b", "c", "d", "e", "f"]) {
                text.push_str(&format!("{level}: &{level} [{}]\n", vec![format!("*{previous}"); 10].join(", ")));
            }
            p.write("rtgen.yaml", &text)
        },
    },
    Case {
        name: "template override does not compile",
        args: &["add", "proposal"],
        code: 2,
        setup: |p, _| p.write(".rtgen/templates/backend/events.js.tera", "// ok\nconst x = 1;\n{{ oops\n"),
    },
    Case {
        name: "template override names no template",
        args: &["add", "proposal"],
        code: 2,
        setup: |p, _| p.write(".rtgen/templates/backend/event.js.tera", "x"),
    },
    Case {
        name: "template override names the template split by service shape",
        args: &["add", "proposal"],
        code: 2,
        setup: |p, _| p.write(".rtgen/templates/backend/service_with_socket.js.tera", "x"),
    },
    Case {
        name: "template override renders invalid JavaScript",
        args: &["add", "proposal"],
        code: 2,
        setup: |p, _| p.write(".rtgen/templates/backend/events.js.tera", "export const = {{ names.camel }};\n"),
    },
    // Commands and file-system states.
    Case {
        name: "another run holds the lock",
        args: &["add", "proposal"],
        code: 2,
        setup: |p, _| {
            p.write(".rtgen/lock", "4194001\n");
            let lock = p.root().join(".rtgen/lock");
            let mut holder = std::process::Command::new("flock").arg(&lock).args(["sleep", "3"]).spawn().unwrap();
            std::thread::spawn(move || holder.wait());
            // Wait until the holder has it.
            while std::process::Command::new("flock").args(["-n"]).arg(&lock).arg("true").status().unwrap().success() {
                std::thread::sleep(std::time::Duration::from_millis(10));
            }
        },
    },
    Case {
        name: "list with a bad spec prints its error on stderr",
        args: &["list"],
        code: 2,
        setup: |p, _| spec_with(p, "  - name: created\n    recipents: { roles: [admin] }\n"),
    },
    Case {
        name: "remove a module that has no spec",
        args: &["remove", "nosuch"],
        code: 2,
        setup: |_, _| {},
    },
    Case {
        name: "check a module that has no spec",
        args: &["check", "nosuch"],
        code: 2,
        setup: |_, _| {},
    },
    Case {
        name: "check with a bad spec as json",
        args: &["check", "--format", "json"],
        code: 2,
        setup: |p, _| spec_with(p, "  - name: created\n    recipients: { roles: admin }\n"),
    },
    // rtgen's own state, `.rtgen/`, as a pull request could ship it.
    Case {
        name: "state: the lock is a symlink to a file outside",
        args: &["check"],
        code: 2,
        setup: |p, o| {
            fs::create_dir_all(p.root().join(".rtgen")).unwrap();
            symlink(o.join("keep.txt"), p.root().join(".rtgen/lock")).unwrap();
        },
    },
    Case {
        name: "state: the lock is a symlink to a file outside (add)",
        args: &["add", "proposal"],
        code: 2,
        setup: |p, o| {
            fs::create_dir_all(p.root().join(".rtgen")).unwrap();
            symlink(o.join("keep.txt"), p.root().join(".rtgen/lock")).unwrap();
        },
    },
    Case {
        name: "state: the lock is a dangling symlink out of the root",
        args: &["add", "proposal"],
        code: 2,
        setup: |p, o| {
            fs::create_dir_all(p.root().join(".rtgen")).unwrap();
            symlink(o.join("created-by-rtgen"), p.root().join(".rtgen/lock")).unwrap();
        },
    },
    Case {
        name: "state: .rtgen is a symlink to a folder outside",
        args: &["add", "proposal"],
        code: 2,
        setup: |p, o| {
            fs::write(o.join("lock"), "someone's file\n").unwrap();
            symlink(o, p.root().join(".rtgen")).unwrap();
        },
    },
    Case {
        name: "state: .rtgen is a symlink to a folder outside (check)",
        args: &["check"],
        code: 2,
        setup: |p, o| {
            fs::write(o.join("lock"), "someone's file\n").unwrap();
            symlink(o, p.root().join(".rtgen")).unwrap();
        },
    },
    Case {
        name: "state: .rtgen is a file",
        args: &["add", "proposal"],
        code: 2,
        setup: |p, _| p.write(".rtgen", "not a folder\n"),
    },
    Case {
        name: "state: the temp folder is a symlink outside",
        args: &["add", "proposal"],
        code: 2,
        setup: |p, o| {
            fs::create_dir_all(p.root().join(".rtgen")).unwrap();
            symlink(o, p.root().join(".rtgen/tmp")).unwrap();
        },
    },
    Case {
        name: "state: the temp folder is a file",
        args: &["check"],
        code: 2,
        setup: |p, _| p.write(".rtgen/tmp", "x"),
    },
    Case {
        name: "state: the lock is a folder",
        args: &["add", "proposal"],
        code: 2,
        setup: |p, _| fs::create_dir_all(p.root().join(".rtgen/lock")).unwrap(),
    },
    Case {
        name: "state: the lock is a named pipe",
        args: &["check"],
        code: 2,
        setup: |p, _| {
            fs::create_dir_all(p.root().join(".rtgen")).unwrap();
            fifo(&p.root().join(".rtgen/lock"));
        },
    },
    Case {
        name: "state: the journal is a symlink to a file outside",
        args: &["check"],
        code: 2,
        setup: |p, o| {
            fs::create_dir_all(p.root().join(".rtgen")).unwrap();
            fs::write(o.join("journal.json"), journal("backend/src/app.js", Some("0-app.js.rtgen-tmp"))).unwrap();
            symlink(o.join("journal.json"), p.root().join(".rtgen/journal.json")).unwrap();
        },
    },
    Case {
        name: "state: the journal is a folder",
        args: &["check"],
        code: 2,
        setup: |p, _| fs::create_dir_all(p.root().join(".rtgen/journal.json")).unwrap(),
    },
    Case {
        name: "state: the journal's temp file climbs out of the root",
        args: &["check"],
        code: 2,
        setup: |p, o| {
            let temp = format!("../../{}/keep.txt", relative(p, o));
            p.write(".rtgen/journal.json", &journal("backend/src/stolen.js", Some(&temp)));
        },
    },
    Case {
        name: "state: the journal's temp file is absolute",
        args: &["check"],
        code: 2,
        setup: |p, o| p.write(".rtgen/journal.json", &journal("backend/src/stolen.js", Some(&o.join("keep.txt").display().to_string()))),
    },
    Case {
        name: "state: the journal's path climbs out of the root",
        args: &["add", "proposal"],
        code: 2,
        setup: |p, o| p.write(".rtgen/journal.json", &journal(&format!("{}/keep.txt", relative(p, o)), None)),
    },
    Case {
        name: "state: the journal's path is inside .rtgen",
        args: &["check"],
        code: 2,
        setup: |p, _| p.write(".rtgen/journal.json", &journal(".rtgen/lock", None)),
    },
    Case {
        name: "state: the journal's hash is not a hash",
        args: &["check"],
        code: 2,
        setup: |p, _| {
            let text = journal("backend/src/app.js", None).replace(&"a".repeat(64), "../../etc/passwd");
            p.write(".rtgen/journal.json", &text)
        },
    },
    Case {
        name: "state: the journal is not JSON",
        args: &["list"],
        code: 2,
        setup: |p, _| p.write(".rtgen/journal.json", "{ not json"),
    },
    Case {
        name: "state: the journal has another version",
        args: &["check"],
        code: 2,
        setup: |p, _| p.write(".rtgen/journal.json", &journal("backend/src/app.js", None).replace("\"version\": 1", "\"version\": 7")),
    },
    // Named pipes, sockets and devices where rtgen reads: refused, never waited on.
    Case {
        name: "special: the page is a named pipe",
        args: &["add", "proposal"],
        code: 2,
        setup: |p, _| {
            p.remove("front/src/admin/pages/Proposals.jsx");
            fifo(&p.root().join("front/src/admin/pages/Proposals.jsx"));
        },
    },
    Case {
        name: "special: the base service is a named pipe",
        args: &["add", "proposal"],
        code: 2,
        setup: |p, _| {
            p.remove("backend/src/services/proposalService.js");
            fifo(&p.root().join("backend/src/services/proposalService.js"));
        },
    },
    Case {
        name: "special: a generated path is a named pipe",
        args: &["add", "proposal"],
        code: 2,
        setup: |p, _| {
            fs::create_dir_all(p.root().join("backend/src/socket/events")).unwrap();
            fifo(&p.root().join("backend/src/socket/events/proposalEvents.js"));
        },
    },
    Case {
        name: "special: a generated path is a named pipe (check)",
        args: &["check"],
        code: 2,
        setup: |p, _| {
            p.rtgen_ok(&["add", "proposal"]);
            p.remove("backend/src/socket/events/proposalEvents.js");
            fifo(&p.root().join("backend/src/socket/events/proposalEvents.js"));
        },
    },
    Case {
        name: "special: the spec is a named pipe",
        args: &["check"],
        code: 2,
        setup: |p, _| {
            fs::create_dir_all(p.root().join("realtime")).unwrap();
            fifo(&p.root().join("realtime/proposal.yaml"));
        },
    },
    Case {
        name: "special: the spec named on the command line is a named pipe",
        args: &["add", "proposal"],
        code: 2,
        setup: |p, _| {
            fs::create_dir_all(p.root().join("realtime")).unwrap();
            fifo(&p.root().join("realtime/proposal.yaml"));
        },
    },
    Case {
        name: "special: rtgen.yaml is a named pipe",
        args: &["check"],
        code: 2,
        setup: |p, _| fifo(&p.root().join("rtgen.yaml")),
    },
    Case {
        name: "special: the page is a socket",
        args: &["add", "proposal"],
        code: 2,
        setup: |p, _| {
            p.remove("front/src/admin/pages/Proposals.jsx");
            let socket = std::os::unix::net::UnixListener::bind(p.root().join("front/src/admin/pages/Proposals.jsx")).unwrap();
            std::mem::forget(socket);
        },
    },
    Case {
        name: "special: the controller is a device",
        args: &["add", "proposal"],
        code: 2,
        setup: |p, _| {
            let path = p.root().join("backend/src/controllers/proposalController.js");
            fs::remove_file(&path).unwrap();
            let status = std::process::Command::new("mknod").arg(&path).args(["c", "1", "3"]).status().unwrap();
            assert!(status.success(), "mknod");
        },
    },
    Case {
        name: "special: a template override is a named pipe",
        args: &["add", "proposal"],
        code: 2,
        setup: |p, _| {
            fs::create_dir_all(p.root().join(".rtgen/templates/backend")).unwrap();
            fifo(&p.root().join(".rtgen/templates/backend/events.js.tera"));
        },
    },
    // Failures at the lock leave nothing behind and say what to do.
    Case {
        name: "lock: the project root refuses new entries",
        args: &["add", "proposal"],
        code: 2,
        setup: |p, _| immutable(p.root()),
    },
    Case {
        name: "lock: .rtgen refuses new entries",
        args: &["add", "proposal"],
        code: 2,
        setup: |p, _| {
            fs::create_dir_all(p.root().join(".rtgen/templates")).unwrap();
            immutable(&p.root().join(".rtgen"));
        },
    },
    // A failed run keeps the owner and mode of what it put back.
    Case {
        name: "owner: a failed run puts files of other owners back as they were",
        args: &["add", "proposal"],
        code: 2,
        setup: |p, _| {
            for file in ["backend/src/index.js", "front/src/admin/pages/Proposals.jsx", "backend/src/controllers/proposalController.js"] {
                let path = p.root().join(file);
                std::os::unix::fs::chown(&path, Some(4321), Some(4322)).unwrap();
                fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
            }
            immutable(&p.root().join("front/src/admin/services"));
        },
    },
    // Specs that would cost minutes to parse.
    Case {
        name: "limits: 256 KiB of nested brackets in a spec",
        args: &["check"],
        code: 2,
        setup: |p, _| p.write("realtime/proposal.yaml", &format!("module: proposal\nevents: {}\n", "[".repeat(250 * 1024))),
    },
    Case {
        name: "limits: nested braces in rtgen.yaml",
        args: &["list"],
        code: 2,
        setup: |p, _| p.write("rtgen.yaml", &format!("specs: realtime\nroles: {}\n", "{a: ".repeat(40))),
    },
    Case {
        name: "limits: 20,000 values and no alias",
        args: &["add", "proposal"],
        code: 2,
        setup: |p, _| {
            let fields: Vec<String> = (0..20_050).map(|i| format!("f{i}")).collect();
            spec_with(p, &format!("  - name: created\n    recipients: {{ roles: [admin] }}\n    payload: [{}]\n", fields.join(", ")))
        },
    },
    // Profile values written into generated code, and places rtgen never writes.
    Case {
        name: "profile socket.io runs a command",
        args: &["add", "proposal"],
        code: 2,
        setup: |p, _| p.write("rtgen.yaml", "socket:\n  io: 'getIO() || require(\"child_process\").execSync(\"touch /tmp/pwned\")'\n"),
    },
    Case {
        name: "profile socket.io does not parse",
        args: &["check"],
        code: 2,
        setup: |p, _| p.write("rtgen.yaml", "socket:\n  io: \"getIO(\"\n"),
    },
    Case {
        name: "profile socket.joins.user is not on the socket",
        args: &["add", "proposal"],
        code: 2,
        setup: |p, _| p.write("rtgen.yaml", "socket:\n  joins:\n    user: handshake.auth.userId\n"),
    },
    Case {
        name: "profile socket.joins.role calls with arguments",
        args: &["add", "proposal"],
        code: 2,
        setup: |p, _| p.write("rtgen.yaml", "socket:\n  joins:\n    role: socket.emit(\"x\")\n"),
    },
    Case {
        name: "profile specs inside .git",
        args: &["add", "proposal"],
        code: 2,
        setup: |p, _| p.write("rtgen.yaml", "specs: .git/rt\n"),
    },
    Case {
        name: "profile front.root inside node_modules",
        args: &["add", "proposal"],
        code: 2,
        setup: |p, _| p.write("rtgen.yaml", "front:\n  root: front/node_modules/some-package\n"),
    },
    // Quiet misbehaviour made loud.
    Case {
        name: "toast shows a field the payload does not send",
        args: &["add", "proposal"],
        code: 2,
        setup: |p, _| spec_with(p, "  - name: created\n    recipients: { roles: [admin] }\n    payload: [title]\n    toast: \"New {title} for {clientName}\"\n"),
    },
    Case {
        name: "recipients field is a prototype property",
        args: &["add", "proposal"],
        code: 2,
        setup: |p, _| spec_with(p, "  - name: created\n    recipients:\n      fields: [constructor]\n"),
    },
    Case {
        name: "payload field is a prototype property",
        args: &["add", "proposal"],
        code: 2,
        setup: |p, _| spec_with(p, "  - name: created\n    recipients: { roles: [admin] }\n    payload: [title, __proto__]\n"),
    },
    Case {
        name: "idField is a reserved word",
        args: &["add", "proposal"],
        code: 2,
        setup: |p, _| p.write("realtime/proposal.yaml", "module: proposal\nidField: class\nevents:\n  - name: created\n    recipients: { roles: [admin] }\n"),
    },
    // Messages that lacked a place or a fix.
    Case {
        name: "an unclosed quote",
        args: &["add", "proposal"],
        code: 2,
        setup: |p, _| spec_with(p, "  - name: created\n    toast: \"New {title}\n    recipients: { roles: [admin] }\n  - name: updated\n    recipients: { roles: [admin] }\n"),
    },
    Case {
        name: "a second YAML document",
        args: &["check"],
        code: 2,
        setup: |p, _| p.write("realtime/proposal.yaml", "module: proposal\nevents:\n  - name: created\n    recipients: { roles: [admin] }\n---\nmodule: contract\n"),
    },
    Case {
        name: "names.service is an absolute path",
        args: &["add", "proposal"],
        code: 2,
        setup: |p, _| p.write("realtime/proposal.yaml", "module: proposal\nnames:\n  service: /etc/passwd\nevents:\n  - name: created\n    recipients: { roles: [admin] }\n"),
    },
];

#[test]
fn fault_catalogue() {
    let mut report = String::new();
    let mut failures = Vec::new();
    for case in CASES {
        let project = Project::example();
        let outside = tempfile::Builder::new().prefix("rtgen-outside-").tempdir().unwrap();
        fs::write(outside.path().join("keep.txt"), "outside\n").unwrap();
        (case.setup)(&project, outside.path());
        let before = (tree(project.root()), tree(outside.path()));
        let run = project.rtgen(case.args);
        let after = (tree(project.root()), tree(outside.path()));
        let _ = std::process::Command::new("chattr")
            .arg("-R")
            .arg("-i")
            .arg(project.root())
            .stderr(std::process::Stdio::null())
            .status();
        let outside_name = outside.path().file_name().unwrap().to_string_lossy().into_owned();
        let text = run
            .report(&project)
            .replace(&outside.path().display().to_string(), "<outside>")
            .replace(&outside_name, "<outside-name>");
        report.push_str(&format!("## {}: rtgen {}\n{text}\n", case.name, case.args.join(" ")));
        if run.code != case.code {
            failures.push(format!("{}: exit {} (expected {})\n{text}", case.name, run.code, case.code));
        }
        let fixed = ["help:", "by hand", "fix"].iter().any(|fix| run.stderr.contains(fix));
        if case.code == 2 && !(run.stderr.contains('`') && fixed) {
            failures.push(format!("{}: the message names no place or no fix\n{text}", case.name));
        }
        for (side, (a, b)) in [("root", (&before.0, &after.0)), ("outside", (&before.1, &after.1))] {
            let changed: Vec<&String> = a.keys().chain(b.keys()).filter(|k| a.get(*k) != b.get(*k)).collect();
            if !changed.is_empty() {
                failures.push(format!("{}: the {side} tree changed: {changed:?}\n{text}", case.name));
            }
        }
    }
    assert!(CASES.len() >= 60, "{} cases", CASES.len());
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    insta::assert_snapshot!("fault_catalogue", report);
}

/// Every entry under `dir` (links not followed): its kind, mode, and bytes
/// or link target.
fn tree(dir: &Path) -> BTreeMap<String, String> {
    let mut entries = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(dir).unwrap().display().to_string();
        let metadata = fs::symlink_metadata(entry.path()).unwrap();
        let mode = metadata.permissions().mode();
        let owner = format!("{}:{}", metadata.uid(), metadata.gid());
        let what = if metadata.file_type().is_symlink() {
            format!("link -> {}", fs::read_link(entry.path()).unwrap().display())
        } else if metadata.is_dir() {
            "dir".to_string()
        } else if metadata.is_file() {
            format!("file {:?}", fs::read(entry.path()).unwrap())
        } else {
            // A pipe, socket or device: never read (a pipe would wait forever).
            format!("special {:?}", metadata.file_type())
        };
        entries.insert(rel, format!("{mode:o} {owner} {what}"));
    }
    entries
}

/// Makes `dir` refuse new and removed entries, even to root (`chattr +i`);
/// the catalogue lifts it after the run.
fn immutable(dir: &Path) {
    let status = std::process::Command::new("chattr").arg("+i").arg(dir).status().expect("chattr runs");
    assert!(status.success(), "chattr +i {}", dir.display());
}

/// A named pipe at `path`: reading it would wait for a writer forever.
fn fifo(path: &Path) {
    let status = std::process::Command::new("mkfifo").arg(path).status().expect("mkfifo runs");
    assert!(status.success(), "mkfifo {}", path.display());
}

/// A journal with one entry for `path`, as a killed run would leave it
/// (`temp: None`: a deletion), hashes well-formed.
fn journal(path: &str, temp: Option<&str>) -> String {
    let (temp, after) = match temp {
        Some(temp) => (format!("\"{temp}\""), format!("\"{}\"", "b".repeat(64))),
        None => ("null".to_string(), "null".to_string()),
    };
    format!(
        "{{\n  \"version\": 1,\n  \"pid\": 4194001,\n  \"command\": \"rtgen add proposal\",\n  \"entries\": [\n    {{ \"path\": \"{path}\", \"temp\": {temp}, \"before\": \"{}\", \"after\": {after} }}\n  ]\n}}\n",
        "a".repeat(64)
    )
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Waits until `path` exists or `child` has exited.
fn wait_for(path: &Path, child: &mut std::process::Child) {
    while !path.exists() && child.try_wait().unwrap().is_none() {
        std::thread::yield_now();
    }
}

#[test]
fn sigterm_while_the_lock_is_held_leaves_old_or_new_and_nothing_of_rtgens() {
    use std::os::unix::process::ExitStatusExt;
    let reference = Project::example();
    let old = reference.files();
    reference.rtgen_ok(&["add", "proposal"]);
    let new = reference.files();
    let mut said = 0;
    for _ in 0..8 {
        let project = Project::example();
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_rtgen"))
            .args(["add", "proposal", "--root"])
            .arg(project.root())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        wait_for(&project.root().join(".rtgen/lock"), &mut child);
        // SAFETY: kill with a valid pid and signal.
        unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGTERM) };
        let output = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            output.status.success() || output.status.signal() == Some(libc::SIGTERM),
            "{:?}: {stderr}",
            output.status
        );
        let files = project.files();
        assert!(files == old || files == new, "a partly applied tree: {stderr}");
        assert!(!project.exists(".rtgen"), "`.rtgen/` left behind: {stderr}");
        if stderr.contains("interrupted by SIGTERM before rtgen changed anything; nothing was changed") {
            assert!(files == old, "{stderr}");
            said += 1;
        }
    }
    assert!(said > 0, "no run said it was interrupted");
}

#[test]
fn rewritten_files_keep_their_owner_and_mode() {
    let project = Project::example();
    let files = ["backend/src/socket/socketServer.js", "front/src/admin/pages/Proposals.jsx"];
    for file in files {
        let path = project.root().join(file);
        std::os::unix::fs::chown(&path, Some(4321), Some(4322)).unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
    }
    let before = project.files();
    project.rtgen_ok(&["add", "proposal"]);
    for file in files {
        assert_ne!(project.files()[file], before[file], "{file} was not rewritten");
        let metadata = fs::metadata(project.root().join(file)).unwrap();
        assert_eq!((metadata.uid(), metadata.gid(), metadata.mode() & 0o7777), (4321, 4322, 0o640), "{file}");
    }
    project.rtgen_ok(&["remove", "proposal"]);
    for file in files {
        let metadata = fs::metadata(project.root().join(file)).unwrap();
        assert_eq!((metadata.uid(), metadata.gid(), metadata.mode() & 0o7777), (4321, 4322, 0o640), "{file}");
    }
}

#[test]
fn a_run_that_cannot_keep_a_files_owner_changes_nothing_and_says_so() {
    let project = Project::example();
    let status = std::process::Command::new("chown").args(["-R", "4321:4321"]).arg(project.root()).status().unwrap();
    assert!(status.success());
    // Writable by anyone, but another user's: a rename would hand it to the runner.
    let page = project.root().join("front/src/admin/pages/Proposals.jsx");
    std::os::unix::fs::chown(&page, Some(4399), Some(4399)).unwrap();
    fs::set_permissions(&page, fs::Permissions::from_mode(0o666)).unwrap();
    let before = tree(project.root());
    let output = std::process::Command::new("setpriv")
        .args([
            "--reuid=4321",
            "--regid=4321",
            "--clear-groups",
            env!("CARGO_BIN_EXE_rtgen"),
            "add",
            "proposal",
            "--root",
        ])
        .arg(project.root())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("`front/src/admin/pages/Proposals.jsx` belongs to user 4399 and group 4399")
            && stderr.contains("help: run rtgen as the file's owner"),
        "{stderr}"
    );
    assert!(stderr.contains("nothing was changed"), "{stderr}");
    assert_eq!(tree(project.root()), before);
}

#[test]
fn check_waits_for_a_run_that_holds_the_lock() {
    let project = Project::example();
    project.rtgen_ok(&["add", "proposal"]);
    project.write(".rtgen/lock", "4194001\n");
    let lock = project.root().join(".rtgen/lock");
    let mut holder = std::process::Command::new("flock").arg(&lock).args(["sleep", "1"]).spawn().unwrap();
    while std::process::Command::new("flock").args(["-n"]).arg(&lock).arg("true").status().unwrap().success() {
        std::thread::yield_now();
    }
    let run = project.rtgen(&["check"]);
    // check returned only once the holder let go: it has exited by now.
    assert!(holder.try_wait().unwrap().is_some(), "check did not wait: {}", run.report(&project));
    assert_eq!(run.code, 0, "{}", run.report(&project));
    assert!(!project.exists(".rtgen"));
}

/// A small tmpfs, unmounted when dropped.
struct SmallDisk(tempfile::TempDir);

impl SmallDisk {
    fn new(options: &str) -> SmallDisk {
        let dir = tempfile::Builder::new().prefix("rtgen-disk-").tempdir().unwrap();
        let status = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", options, "tmpfs"])
            .arg(dir.path())
            .status()
            .unwrap();
        assert!(status.success(), "mount tmpfs (the catalogue runs as root, like its chattr cases)");
        SmallDisk(dir)
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg(self.0.path()).status();
    }
}

/// Fills the disk at `dir` (inodes: many empty files; else one big file).
fn fill(dir: &Path, inodes: bool) {
    let filler = dir.join("filler");
    fs::create_dir(&filler).unwrap();
    if inodes {
        for i in 0.. {
            if fs::write(filler.join(i.to_string()), "").is_err() {
                break;
            }
        }
    } else {
        use std::io::Write;
        let mut file = fs::File::create(filler.join("big")).unwrap();
        while file.write_all(&[0; 4096]).is_ok() {}
        let _ = file.sync_all();
    }
}

#[test]
fn a_full_disk_at_the_lock_leaves_nothing_and_says_what_to_do() {
    for (inodes, options) in [(true, "size=8m,nr_inodes=400"), (false, "size=2m")] {
        let disk = SmallDisk::new(options);
        let project = Project::example();
        let root = disk.0.path().join("crm");
        copy_dir(project.root(), &root);
        fill(disk.0.path(), inodes);
        let before = tree(&root);
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_rtgen"))
            .args(["add", "proposal", "--root"])
            .arg(&root)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "inodes {inodes}: {stderr}");
        assert!(stderr.contains("help: free some disk space (or inodes: `df -i`)"), "inodes {inodes}: {stderr}");
        assert!(stderr.contains("`.rtgen"), "inodes {inodes}: {stderr}");
        assert_eq!(tree(&root), before, "inodes {inodes}: {stderr}");
    }
}

#[test]
fn a_read_only_or_foreign_root_at_the_lock_says_what_to_do() {
    // A read-only file system.
    let disk = SmallDisk::new("size=8m");
    let project = Project::example();
    let root = disk.0.path().join("crm");
    copy_dir(project.root(), &root);
    let status = std::process::Command::new("mount").args(["-o", "remount,ro"]).arg(disk.0.path()).status().unwrap();
    assert!(status.success(), "remount ro");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_rtgen"))
        .args(["add", "proposal", "--root"])
        .arg(&root)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("failed to create `.rtgen/`") && stderr.contains("help: the file system is read-only"),
        "{stderr}"
    );
    // A root that belongs to someone else, for a user who may read it but not write it.
    let project = Project::example();
    fs::set_permissions(project.root(), fs::Permissions::from_mode(0o755)).unwrap();
    let before = tree(project.root());
    let output = std::process::Command::new("setpriv")
        .args([
            "--reuid=4321",
            "--regid=4321",
            "--clear-groups",
            env!("CARGO_BIN_EXE_rtgen"),
            "add",
            "proposal",
            "--root",
        ])
        .arg(project.root())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("failed to create `.rtgen/`")
            && stderr.contains("help: rtgen may not write there: check the folder's owner"),
        "{stderr}"
    );
    assert_eq!(tree(project.root()), before);
}
