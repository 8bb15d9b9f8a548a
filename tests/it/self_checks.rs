//! The plan's self-checks (`src/plan/checks/`), on modules in the shapes
//! that made rtgen generate code that ran and reached nobody: a getter
//! scoped by organisation called with the id alone, typos in a spec's
//! fields. Each refusal leaves every file untouched.

use crate::support::Project;

const TASK_MODEL: &str = "import mongoose from \"mongoose\";\n\nconst taskSchema = new mongoose.Schema({\n  title: String,\n  status: { type: String, default: \"todo\" },\n  orgId: { type: mongoose.Schema.Types.ObjectId, ref: \"Organization\" },\n  createdBy: { type: mongoose.Schema.Types.ObjectId, ref: \"User\" },\n  assignee: { type: mongoose.Schema.Types.ObjectId, ref: \"User\" },\n}, { timestamps: true });\n\nexport default mongoose.model(\"Task\", taskSchema);\n";

/// The example with a `task` module: its Mongoose model, `service`, a
/// controller and a page.
fn task_project(service: &str) -> Project {
    let project = Project::example();
    project.write("backend/src/models/Task.js", TASK_MODEL);
    project.write("backend/src/services/taskService.js", service);
    project.write(
        "backend/src/controllers/taskController.js",
        "import * as taskService from \"../services/taskService.js\";\n\nexport const get = async (req, res) => res.json(await taskService.getTaskById(req.params.id, req.user.orgId));\n",
    );
    project.write(
        "front/src/admin/pages/Tasks.jsx",
        "import { useState } from \"react\";\n\nexport default function Tasks() {\n  const [tasks, setTasks] = useState([]);\n  return <ul>{tasks.map((t) => <li key={t._id}>{t.title}</li>)}</ul>;\n}\n",
    );
    project
}

/// `getTaskById(taskId, orgId)`: each mutating method takes the organisation,
/// under its own name or another of the same meaning.
const SCOPED_SERVICE: &str = "import Task from \"../models/Task.js\";\n\nexport async function getTaskById(taskId, orgId) {\n  return Task.findOne({ _id: taskId, orgId });\n}\n\nexport async function createTask(data, orgId, userId) {\n  return Task.create({ ...data, orgId, createdBy: userId });\n}\n\nexport async function updateTask(taskId, orgId, data, userId) {\n  return Task.findOneAndUpdate({ _id: taskId, orgId }, data, { new: true });\n}\n\nexport async function deleteTask(taskId, organizationId, userId) {\n  await Task.deleteOne({ _id: taskId, orgId: organizationId });\n}\n";

/// `getTaskById(orgId, id)`, but the update and the delete take no organisation.
const UNSCOPED_MUTATIONS: &str = "import Task from \"../models/Task.js\";\n\nexport async function getTaskById(orgId, id) {\n  return Task.findOne({ _id: id, orgId });\n}\n\nexport async function createTask(data, userId) {\n  return Task.create({ ...data, createdBy: userId });\n}\n\nexport async function updateTask(id, data, userId) {\n  return Task.findByIdAndUpdate(id, data, { new: true });\n}\n\nexport async function deleteTask(id, userId) {\n  await Task.findByIdAndDelete(id);\n}\n";

#[test]
fn pre_reads_call_a_scoped_getter_with_each_of_its_parameters() {
    let project = task_project(SCOPED_SERVICE);
    // The tasks hold `orgId` and the example's sockets no tenant: say so (a started spec keeps derivation).
    project.write("realtime/task.yaml", "module: task\ntenant: none\n");
    project.rtgen_ok(&["add", "task"]);
    let spec = project.read("realtime/task.yaml");
    assert!(spec.contains("- name: statusChanged") && spec.contains("- name: deleted"), "{spec}");
    let service = project.read("backend/src/services/taskServiceWithSocket.js");
    // Before this check: `getTaskById(taskId)`, which finds nothing in any organisation.
    assert!(service.contains(".getTaskById(taskId, orgId))"), "{service}");
    assert!(service.contains(".getTaskById(taskId, organizationId))"), "{service}");
    assert!(!service.contains(".getTaskById(taskId))"), "{service}");
}

#[test]
fn a_getter_that_cannot_be_called_leaves_the_events_that_need_it_out_of_a_derived_spec() {
    let project = task_project(UNSCOPED_MUTATIONS);
    // The tasks hold `orgId` and the example's sockets no tenant: say so (a started spec keeps derivation).
    project.write("realtime/task.yaml", "module: task\ntenant: none\n");
    project.rtgen_ok(&["add", "task"]);
    let spec = project.read("realtime/task.yaml");
    assert!(!spec.contains("- name: statusChanged") && !spec.contains("- name: deleted"), "{spec}");
    assert!(spec.contains("# Left out: statusChanged: `getTaskById(orgId, id)` needs `orgId`, which `updateTask(id, data, userId)` does not take, so the old status cannot be read."), "{spec}");
    assert!(spec.contains("# Left out: deleted: `getTaskById(orgId, id)` needs `orgId`, which `deleteTask(id, userId)` does not take, so the deleted task cannot be read"), "{spec}");
    assert!(spec.contains("- name: created") && spec.contains("- name: updated"), "{spec}");
    // No read with a wrong argument anywhere.
    let service = project.read("backend/src/services/taskServiceWithSocket.js");
    assert!(!service.contains(".getTaskById("), "{service}");
}

#[test]
fn a_hand_written_spec_asking_for_an_unreadable_status_change_is_refused() {
    let project = task_project(UNSCOPED_MUTATIONS);
    project.write(
        "realtime/task.yaml",
        "module: task\nevents:\n  - name: updated\n    recipients: { fields: [assignee] }\n  - name: statusChanged\n    recipients: { fields: [assignee] }\n  - name: deleted\n    recipients: { fields: [assignee] }\n",
    );
    let before = project.files();
    let run = project.rtgen(&["add", "task"]);
    assert_eq!(run.code, 2, "{}", run.report(&project));
    assert!(run.stderr.contains("realtime/task.yaml:5:11`: event `statusChanged` needs the old status before `updateTask` changes it, but `getTaskById(orgId, id)` needs `orgId`, which `updateTask(id, data, userId)` does not take"), "{}", run.stderr);
    // Every problem in one run.
    assert!(
        run.stderr.contains("realtime/task.yaml:7:11`: event `deleted` needs the record it deletes"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("(self-check `pre-reads`)"), "{}", run.stderr);
    assert!(run.stderr.contains("help: give `updateTask` the parameters the get-by-id method takes"), "{}", run.stderr);
    assert_eq!(project.files(), before, "a refusal writes nothing");
    // `check` refuses the same way.
    assert_eq!(project.rtgen(&["check"]).code, 2);
}

#[test]
fn spec_fields_that_are_not_columns_are_refused_with_did_you_mean() {
    let project = task_project(SCOPED_SERVICE);
    project.write(
        "realtime/task.yaml",
        "module: task\nidField: _id\nevents:\n  - name: created\n    recipients: { fields: [createdby, assignee] }\n    payload: [titel, status, createdAt]\n",
    );
    let before = project.files();
    let run = project.rtgen(&["add", "task"]);
    assert_eq!(run.code, 2, "{}", run.report(&project));
    assert!(
        run.stderr.contains("realtime/task.yaml:5:28`: recipient field `createdby` is not a column of the entity"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("help: did you mean `createdBy`?"), "{}", run.stderr);
    assert!(
        run.stderr.contains("payload field `titel`") && run.stderr.contains("did you mean `title`?"),
        "{}",
        run.stderr
    );
    assert_eq!(project.files(), before, "a refusal writes nothing");
    // The fixes it names, applied word for word, go through.
    project.write(
        "realtime/task.yaml",
        "module: task\nidField: _id\nevents:\n  - name: created\n    recipients: { fields: [createdBy, assignee] }\n    payload: [title, status, createdAt]\n",
    );
    project.rtgen_ok(&["add", "task"]);
}

/// A Mongoose model behind a service that returns plain objects with `id`.
const DTO_SERVICE: &str = "import Task from \"../models/Task.js\";\n\nconst toDto = (task) => ({\n  id: task._id.toString(),\n  title: task.title,\n  status: task.status,\n  assignee: task.assignee?.toString(),\n});\n\nexport async function getTaskById(id) {\n  const task = await Task.findById(id);\n  return task && toDto(task);\n}\n\nexport async function createTask(data, userId) {\n  return toDto(await Task.create({ ...data, createdBy: userId }));\n}\n\nexport async function updateTask(id, data, userId) {\n  return toDto(await Task.findByIdAndUpdate(id, data, { new: true }));\n}\n";

#[test]
fn ids_follow_what_the_service_returns_not_the_schema() {
    let project = task_project(DTO_SERVICE);
    // The tasks hold `orgId` and the example's sockets no tenant: say so (a started spec keeps derivation).
    project.write("realtime/task.yaml", "module: task\ntenant: none\n");
    project.rtgen_ok(&["add", "task"]);
    let spec = project.read("realtime/task.yaml");
    // Before: `idField: _id`, and no record the service returns has one.
    assert!(!spec.contains("idField"), "{spec}");
    assert!(spec.contains("but `backend/src/services/taskService.js:4` returns plain objects with `id` set from `_id`: records carry `id`."), "{spec}");
}

#[test]
fn a_hand_written_underscore_id_is_refused_where_the_service_returns_id() {
    let project = task_project(DTO_SERVICE);
    project.write(
        "realtime/task.yaml",
        "module: task\nidField: _id\nevents:\n  - name: created\n    recipients: { fields: [assignee] }\n",
    );
    let before = project.files();
    let run = project.rtgen(&["add", "task"]);
    assert_eq!(run.code, 2, "{}", run.report(&project));
    assert!(run.stderr.contains("realtime/task.yaml:2:10`: `idField: _id`, but `backend/src/services/taskService.js:4` returns plain objects with `id`"), "{}", run.stderr);
    assert!(
        run.stderr.contains("(self-check `ids`)") && run.stderr.contains("help: remove `idField`"),
        "{}",
        run.stderr
    );
    assert_eq!(project.files(), before, "a refusal writes nothing");
    // The fix it names, applied word for word, goes through.
    project.write(
        "realtime/task.yaml",
        "module: task\nevents:\n  - name: created\n    recipients: { fields: [assignee] }\n",
    );
    project.rtgen_ok(&["add", "task"]);
}

#[test]
fn an_event_name_the_host_already_sends_is_refused_with_a_rename_that_works() {
    let project = task_project(SCOPED_SERVICE);
    // The host's own real-time code sends `task:created` with the bare record.
    project.write(
        "backend/src/socket/taskNotifications.js",
        "export const TASK_EVENTS = { CREATED: \"task:created\" };\n\nexport const notifyTaskCreated = (io, task) => io.emit(TASK_EVENTS.CREATED, task);\n",
    );
    project.write(
        "realtime/task.yaml",
        "module: task\nevents:\n  - name: created\n    method: createTask\n    recipients: { fields: [assignee] }\n  - name: updated\n    recipients: { fields: [assignee] }\n",
    );
    let before = project.files();
    let run = project.rtgen(&["add", "task"]);
    assert_eq!(run.code, 2, "{}", run.report(&project));
    assert!(run.stderr.contains("realtime/task.yaml:3:11`: the host already sends `task:created` (`backend/src/socket/taskNotifications.js:1`)"), "{}", run.stderr);
    assert!(run.stderr.contains("(self-check `event-names`)"), "{}", run.stderr);
    assert!(
        run.stderr.contains("help: rename the event, e.g. `name: createdLive` with `method: createTask`"),
        "{}",
        run.stderr
    );
    assert_eq!(project.files(), before, "a refusal writes nothing");
    // The rename it suggests, applied word for word, goes through.
    project.write(
        "realtime/task.yaml",
        "module: task\nevents:\n  - name: createdLive\n    method: createTask\n    recipients: { fields: [assignee] }\n  - name: updated\n    recipients: { fields: [assignee] }\n",
    );
    project.rtgen_ok(&["add", "task"]);
    assert!(project.read("backend/src/socket/events/taskEvents.js").contains("\"task:createdLive\""));
}
