//! The spec `rtgen add <module>` derives from a module's code, snapshotted
//! for services and schemas in the shapes hosts write them: a drizzle table
//! with a custom action and a staff-only column (the example's proposals), a
//! Mongoose model with functions, a class with no schema at all, and a
//! get-by-id that returns a wrapper with a secret-looking column.

use crate::support::Project;

/// Writes a module's base service (and schema), a controller and a page, runs
/// a bare `rtgen add <module>` and returns the spec it wrote.
fn derived(project: &Project, module: &str, files: &[(&str, &str)]) -> String {
    let pascal = heck::ToUpperCamelCase::to_upper_camel_case(module);
    for (path, text) in files {
        project.write(path, text);
    }
    project.write(
        &format!("backend/src/controllers/{module}Controller.js"),
        &format!("import {module}Service from \"../services/{module}Service.js\";\n\nexport const get = async (req, res) => res.json(await {module}Service.get{pascal}ById(req.params.id));\n"),
    );
    project.write(
        &format!("front/src/admin/pages/{pascal}s.jsx"),
        &format!("import {{ useState }} from \"react\";\n\nexport default function {pascal}s() {{\n  const [{module}s, set{pascal}s] = useState([]);\n  return <ul>{{{module}s.map((x) => <li key={{x.id}}>{{x.id}}</li>)}}</ul>;\n}}\n"),
    );
    project.rtgen_ok(&["add", module]);
    project.read(&format!("realtime/{module}.yaml"))
}

#[test]
fn derived_specs_in_the_shapes_hosts_take() {
    let project = Project::example();
    // The example's own proposals: drizzle, an instance, approveProposal, internalNotes.
    project.rtgen_ok(&["add", "proposal"]);
    insta::assert_snapshot!("derived_drizzle_instance_with_action", project.read("realtime/proposal.yaml"));

    let mongoose = derived(
        &project,
        "task",
        &[
            ("backend/src/models/Task.js", "import mongoose from \"mongoose\";\n\nconst taskSchema = new mongoose.Schema({\n  title: String,\n  status: { type: String, default: \"todo\" },\n  assignee: { type: mongoose.Schema.Types.ObjectId, ref: \"User\" },\n  watchers: [{ type: mongoose.Schema.Types.ObjectId, ref: \"User\" }],\n  project: { type: mongoose.Schema.Types.ObjectId, ref: \"Project\" },\n  apiKey: String,\n});\n\nexport default mongoose.model(\"Task\", taskSchema);\n"),
            ("backend/src/services/taskService.js", "import Task from \"../models/Task.js\";\n\nexport async function getTaskById(id) {\n  return Task.findById(id);\n}\n\nexport async function createTask(data, userId) {\n  return Task.create({ ...data, createdBy: userId });\n}\n\nexport async function updateTask(id, data, userId) {\n  return Task.findByIdAndUpdate(id, data, { new: true });\n}\n\nexport async function assignTask(id, assignee, userId) {\n  return Task.findByIdAndUpdate(id, { assignee }, { new: true });\n}\n\nexport async function bulkDeleteTasks(ids, userId) {\n  return Task.deleteMany({ _id: { $in: ids } });\n}\n"),
        ],
    );
    insta::assert_snapshot!("derived_mongoose_functions", mongoose);

    let no_schema = derived(
        &project,
        "ticketNote",
        &[("backend/src/services/ticketNoteService.js", "class TicketNoteService {\n  #notes = new Map();\n\n  async getTicketNoteById(id) {\n    return this.#notes.get(id) ?? null;\n  }\n\n  async createTicketNote(data, userId) {\n    const note = { id: String(this.#notes.size + 1), body: data.body, authorId: userId, mentionedUserIds: data.mentions ?? [] };\n    this.#notes.set(note.id, note);\n    return note;\n  }\n\n  async removeTicketNote(id, userId) {\n    const note = this.#notes.get(id);\n    this.#notes.delete(id);\n    return note;\n  }\n}\n\nexport default TicketNoteService;\n")],
    );
    insta::assert_snapshot!("derived_class_without_schema", no_schema);

    project.write(
        "backend/src/db/dealSchema.js",
        "import { pgTable, serial, text, integer } from \"drizzle-orm/pg-core\";\nimport { users } from \"./schema.js\";\n\nexport const deals = pgTable(\"deals\", {\n  id: serial(\"id\").primaryKey(),\n  title: text(\"title\"),\n  status: text(\"status\"),\n  ownerId: integer(\"owner_id\").references(() => users.id),\n  clientAccessToken: text(\"client_access_token\"),\n});\n",
    );
    let wrapped = derived(
        &project,
        "deal",
        &[("backend/src/services/dealService.js", "import { eq } from \"drizzle-orm\";\nimport { db } from \"../db/index.js\";\nimport { deals } from \"../db/dealSchema.js\";\nimport { users } from \"../db/schema.js\";\n\nclass DealService {\n  async getDealById(id) {\n    const [row] = await db.select({ deal: deals, owner: users }).from(deals).leftJoin(users, eq(users.id, deals.ownerId)).where(eq(deals.id, id));\n    return row;\n  }\n\n  async createDeal(data, userId) {\n    const [deal] = await db.insert(deals).values({ ...data, ownerId: userId }).returning();\n    return deal;\n  }\n\n  async updateDeal(id, data, userId) {\n    const [deal] = await db.update(deals).set(data).where(eq(deals.id, id)).returning();\n    return deal;\n  }\n\n  async closeDeal(id, userId) {\n    return this.updateDeal(id, { status: \"closed\" }, userId);\n  }\n}\n\nexport default new DealService();\n")],
    );
    insta::assert_snapshot!("derived_wrapped_get_by_id_and_secret", wrapped);
}

/// A derived spec's module whose page rtgen cannot choose: everything else is
/// written with the spec, and the warning says to name the page; naming it,
/// as the warning says, wires it.
#[test]
fn a_derived_spec_whose_page_is_not_found_is_written_and_the_hint_works() {
    let project = Project::example();
    std::fs::rename(
        project.root().join("front/src/admin/pages/Proposals.jsx"),
        project.root().join("front/src/admin/pages/ProposalBoard.jsx"),
    )
    .unwrap();
    let board = project.read("front/src/admin/pages/ProposalBoard.jsx");
    // A second page holding the setter: rtgen cannot choose.
    project.write("front/src/admin/pages/ProposalArchive.jsx", &board);
    let run = project.rtgen(&["add", "proposal"]);
    assert_eq!(run.code, 0, "{}", run.report(&project));
    assert!(run.stderr.contains("several pages hold `setProposals`"), "{}", run.stderr);
    assert!(
        run.stderr.contains("or name the page in `realtime/proposal.yaml` (`page: <file in the pages folder>`)"),
        "{}",
        run.stderr
    );
    assert_eq!(project.read("front/src/admin/pages/ProposalBoard.jsx"), board);

    // The hint: name the page in the spec, run add again.
    let spec = project.read("realtime/proposal.yaml");
    project.write("realtime/proposal.yaml", &format!("{spec}page: ProposalBoard.jsx\n"));
    let again = project.rtgen_ok(&["add", "proposal"]);
    assert!(!again.stderr.contains("was not wired"), "{}", again.stderr);
    let page = project.read("front/src/admin/pages/ProposalBoard.jsx");
    assert!(page.contains("proposalSocketService.subscribe("), "{page}");
    assert_eq!(project.read("front/src/admin/pages/ProposalArchive.jsx"), board);
    assert_eq!(project.rtgen(&["check"]).code, 0);
}
