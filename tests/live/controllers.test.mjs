// Live suite for the hosts whose task module has no service: `controllers-only` (ES modules,
// tests/hosts/controllers-only) and `controllers-commonjs` (CommonJS, `exports.createTask = ...`
// or `module.exports = { ... }`, tests/hosts/controllers-commonjs). Both serve the same REST API,
// so one suite runs on either: `rtgen add task` (fixtures/task.yaml) emits from a socket-enabled
// controller the routes import (or require). Each handler's response decides: a 2xx answer emits
// to each recipient once and never to the actor; a 4xx answer, a throw passed to `next(error)`
// (500), a missing record (404) and a 409 whose body holds the task emit nothing.
// `inline-routes` (tests/hosts/inline-routes, `"emitter": "middleware"` in its fixture.json) has
// its handlers written inline in the routes, wrapped by `taskEvents.emitAfter(...)`: the same
// answers decide, and a status change sends `updated` (the middleware never reads the old status).
//
// Run: RTGEN_HOST_APP=<prepared copy of either host> node --test tests/live/controllers.test.mjs

import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { artifactsDir } from "./lib/app.mjs";
import { connectAll, hostApp, loginAll, request, startHost, USER_NAMES } from "./lib/host.mjs";
import { assertRecipients, observe, payloadsOf } from "./lib/sockets.mjs";

const app = hostApp();
const ids = app.users;
// Inline route handlers wrapped by the events file's per-event middleware, not a controller.
const middleware = app.emitter === "middleware";

let backend;
let as;
let clients;

before(async () => {
  backend = await startHost(app);
  as = await loginAll(backend.url, app);
  clients = await connectAll(backend.url, app, as);
});

after(async () => {
  for (const client of Object.values(clients ?? {})) client.close();
  await backend?.stop();
  if (backend) {
    mkdirSync(artifactsDir(), { recursive: true });
    writeFileSync(path.join(artifactsDir(), `controllers-suite.${app.name}.backend.log`), backend.logs());
  }
});

const watch = (action) => observe(clients, action);

/** The status of a request that is expected to fail, as `as.<user>` would send it. */
const failing = async (user, method, route, body) => {
  const error = await request(backend.url, method, route, { token: as[user].token }, body).then(
    () => null,
    (e) => e,
  );
  assert.ok(error, `${method} ${route} succeeded`);
  return Number(/answered (\d+)/.exec(error.message)?.[1]);
};

/** Asserts that nobody received any task event. */
const assertSilent = (received, what) =>
  assertRecipients(received, { prefix: "task:", expect: {}, what });

describe(`host ${app.name}: task, emitted from its ${middleware ? "routes' middleware" : "controller"}`, () => {
  let task; // created by dave, assigned to erin

  it("a 2xx create by dave reaches the assignee and the admin, never dave", async () => {
    const seen = await watch(() => as.dave.api.post("/api/tasks", { title: "T1", assignee: ids.erin }));
    // The record, or the `task` its answer nests under `data` (`{ success, data: { task } }`).
    task = seen.result.data?.task ?? seen.result.data;
    assert.equal(task.reporter, ids.dave);
    assertRecipients(seen.received, {
      prefix: "task:",
      expect: { "task:created": ["erin", "alice"] },
      what: "dave created a task assigned to erin",
    });
    for (const user of ["erin", "alice"]) {
      const [payload] = payloadsOf(seen.received, user, "task:created");
      assert.equal(payload?.task?.id, task.id, `${user}'s payload is the created task`);
    }
  });

  it("a 400 answer (no title) emits nothing", async () => {
    const { result, received } = await watch(() => failing("dave", "POST", "/api/tasks", { assignee: ids.erin }));
    assert.equal(result, 400);
    assertSilent(received, "a create without a title");
  });

  it("a 422 answer (unknown status) emits nothing", async () => {
    const { result, received } = await watch(() =>
      failing("erin", "PUT", `/api/tasks/${task.id}`, { status: "nonsense" }),
    );
    assert.equal(result, 422);
    assertSilent(received, "an update to an unknown status");
  });

  it("a handler that throws (the model refuses a column, next(error), 500) emits nothing", async () => {
    const { result, received } = await watch(() =>
      failing("erin", "PUT", `/api/tasks/${task.id}`, { priority: "high" }),
    );
    assert.equal(result, 500);
    assertSilent(received, "an update the model threw on");
  });

  it("a 404 answer emits nothing", async () => {
    const { result, received } = await watch(() =>
      failing("dave", "DELETE", "/api/tasks/64b0000000000000000000ff"),
    );
    assert.equal(result, 404);
    assertSilent(received, "a delete of a missing task");
  });

  it("an update by carol reaches the reporter and the assignee", async () => {
    const { received } = await watch(() => as.carol.api.put(`/api/tasks/${task.id}`, { title: "T1 v2" }));
    assertRecipients(received, {
      prefix: "task:",
      expect: { "task:updated": ["dave", "erin"] },
      what: "carol renamed dave's task",
    });
  });

  it("a status change by erin through the middleware sends updated, to the reporter only", { skip: !middleware }, async () => {
    const { received } = await watch(() => as.erin.api.put(`/api/tasks/${task.id}`, { status: "in_progress" }));
    assertRecipients(received, {
      prefix: "task:",
      expect: { "task:updated": ["dave"] },
      what: "erin (the assignee) moved dave's task to in_progress",
    });
    assert.equal(payloadsOf(received, "dave", "task:updated")[0]?.task?.status, "in_progress");
  });

  it("a status change by erin emits statusChanged with the old status, read through the model", { skip: middleware }, async () => {
    const { received } = await watch(() => as.erin.api.put(`/api/tasks/${task.id}`, { status: "in_progress" }));
    assertRecipients(received, {
      prefix: "task:",
      expect: { "task:statusChanged": ["dave", "alice"] },
      what: "erin moved dave's task to in_progress",
    });
    const [payload] = payloadsOf(received, "dave", "task:statusChanged");
    assert.deepEqual([payload?.oldStatus, payload?.newStatus], ["todo", "in_progress"]);
  });

  it("a 409 answer whose body holds the task (a done task is locked) emits nothing", async () => {
    await watch(() => as.erin.api.put(`/api/tasks/${task.id}`, { status: "done" }));
    const { result, received } = await watch(() =>
      failing("carol", "PUT", `/api/tasks/${task.id}`, { title: "T1 v3" }),
    );
    assert.equal(result, 409);
    assertSilent(received, "an update of a locked task");
  });

  it("a delete by alice reaches the reporter and the assignee with the deleted task", async () => {
    const { received } = await watch(() => as.alice.api.delete(`/api/tasks/${task.id}`));
    assertRecipients(received, {
      prefix: "task:",
      expect: { "task:deleted": ["dave", "erin"] },
      what: "alice deleted dave's task",
    });
    assert.equal(payloadsOf(received, "erin", "task:deleted")[0]?.task?.id, task.id);
  });

  it("every socket is still connected", () => {
    for (const name of USER_NAMES) assert.ok(clients[name].socket.connected, `${name} disconnected`);
  });
});
