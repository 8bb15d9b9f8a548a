//! The multi-tenant fixture host (`tests/hosts/tenant-orgs`): users and
//! proposals of two organisations, roles written upper case (`ADMIN`), the
//! socket's user set by an auth middleware imported from another file, and
//! the host's own rooms built by helpers. rtgen's runtime joins its own rooms
//! per user, per role and per role within the user's organisation, so role
//! events reach the proposal's organisation only (`tests/live/tenants.test.mjs`).

use crate::support::{changed_files, host_suite, repo, Project};

fn tenant_spec() -> String {
    std::fs::read_to_string(repo().join("tests/live/fixtures/tenant-proposal.yaml")).expect("tenant spec fixture")
}

/// Add, add again (no change), check, live delivery, remove: the original bytes.
#[test]
fn live_tenant_roles_stay_in_the_records_organisation_and_remove_restores_every_byte() {
    let project = Project::host("tenant-orgs");
    project.link_backend_modules("backend");
    let original = project.files();
    project.write("realtime/proposal.yaml", &tenant_spec());
    let added = project.rtgen_ok(&["add", "proposal"]);
    assert!(added.stdout.contains("backend/src/socket/realtime.js"), "{}", added.stdout);
    let runtime = project.read("backend/src/socket/realtime.js");
    // rtgen's own rooms, from the user the imported middleware sets; never the host's `u.` / `org.` rooms.
    assert!(runtime.contains("id: toId(socket.data.user?.id),"), "{runtime}");
    assert!(runtime.contains("roles: rolesIn(socket.data.user?.role),"), "{runtime}");
    assert!(runtime.contains("tenant: toId(socket.data.user?.organizationId),"), "{runtime}");
    assert!(!runtime.contains("`u.") && !runtime.contains("`org."), "{runtime}");
    let events = project.read("backend/src/socket/events/proposalEvents.js");
    assert!(events.contains("tenant: record.organizationId,"), "{events}");
    let server = project.read("backend/src/socket/socketServer.js");
    assert!(
        server.contains("  io = new Server(httpServer, { cors: { origin: \"*\" } });\n  realtime.attach(io);\n"),
        "{server}"
    );

    let after_add = project.files();
    project.rtgen_ok(&["add", "proposal"]);
    assert_eq!(changed_files(&after_add, &project.files()), Vec::<String>::new(), "a second add changed files");
    let check = project.rtgen(&["check"]);
    assert_eq!(check.code, 0, "{}", check.report(&project));

    host_suite(&project, "tenants.test.mjs");

    project.rtgen_ok(&["remove", "proposal", "--purge"]);
    let mut left = project.files();
    left.retain(|path, _| {
        !path.starts_with("realtime/") && path != "rtgen.yaml" && !path.starts_with("backend/node_modules")
    });
    let mut before = original.clone();
    before.retain(|path, _| !path.starts_with("backend/node_modules"));
    assert_eq!(changed_files(&before, &left), Vec::<String>::new(), "remove left changes behind");
}

/// Roles on an app whose users belong to organisations need `tenant:`; the
/// fix the message gives, applied as written, goes through. Roles are the
/// host's, exactly: `admin` is not `ADMIN`.
#[test]
fn roles_without_tenant_and_roles_in_the_wrong_case_are_refused_with_the_fix() {
    let project = Project::host("tenant-orgs");
    let before = project.files();
    project.write("realtime/proposal.yaml", &tenant_spec().replace("tenant: organizationId\n", ""));
    let run = project.rtgen(&["add", "proposal"]);
    assert_eq!(run.code, 2, "{}", run.report(&project));
    assert!(
        run.stderr.contains("the app's users belong to tenants (`socket.data.user.organizationId` on the socket)"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("would reach the members of those roles in every tenant"), "{}", run.stderr);
    assert!(run.stderr.contains("add `tenant: <the entity field holding the record's tenant>` to the spec (for example `tenant: organizationId`)"), "{}", run.stderr);
    let mut now = project.files();
    now.remove("realtime/proposal.yaml");
    assert_eq!(changed_files(&before, &now), Vec::<String>::new(), "a refused run changed files");

    // `tenant: none`, the other way the message gives, goes through too (roles then span tenants, as asked).
    project.write("realtime/proposal.yaml", &tenant_spec().replace("tenant: organizationId\n", "tenant: none\n"));
    project.rtgen_ok(&["add", "proposal", "--dry-run"]);

    project.write("realtime/proposal.yaml", &tenant_spec().replace("roles: [ADMIN]", "roles: [admin]"));
    let run = project.rtgen(&["add", "proposal"]);
    assert_eq!(run.code, 2, "{}", run.report(&project));
    assert!(run.stderr.contains("unknown role `admin`"), "{}", run.stderr);
    assert!(run.stderr.contains("did you mean `ADMIN`?"), "{}", run.stderr);
}

/// Records that hold a tenant column while the sockets carry no tenant: role
/// rooms would be global, so a derived spec sending to roles is refused, and
/// `tenant: none` (one of the ways the help gives) lets a spec through.
#[test]
fn roles_on_tenant_records_with_tenantless_sockets_are_refused() {
    let project = Project::example();
    let schema = "backend/src/db/schema.js";
    let text = project.read(schema);
    let text = text.replacen(
        "  createdBy: integer(\"created_by\").notNull(),\n",
        "  createdBy: integer(\"created_by\").notNull(),\n  organizationId: integer(\"organization_id\").notNull(),\n",
        2,
    );
    project.write(schema, &text);
    let before = project.files();
    let run = project.rtgen(&["add", "proposal"]);
    assert_eq!(run.code, 2, "{}", run.report(&project));
    assert!(run.stderr.contains("the records belong to tenants (`organizationId`"), "{}", run.report(&project));
    assert!(
        run.stderr.contains("or `tenant: none` if these roles may see every tenant's records"),
        "{}",
        run.report(&project)
    );
    let mut after = project.files();
    after.retain(|k, _| !k.starts_with("realtime/"));
    let mut expected = before.clone();
    expected.retain(|k, _| !k.starts_with("realtime/"));
    assert_eq!(after, expected, "the refusal changes no host file");

    let spec = std::fs::read_to_string(repo().join("tests/live/fixtures/proposal.yaml")).unwrap();
    project.write("realtime/proposal.yaml", &spec);
    assert_eq!(project.rtgen(&["add", "proposal"]).code, 2, "a hand-written spec with roles is refused too");
    project.write("realtime/proposal.yaml", &format!("{spec}tenant: none\n"));
    project.rtgen_ok(&["add", "proposal"]);
}
