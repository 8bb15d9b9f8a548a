// One backend of examples/plain after `rtgen init` + `rtgen add proposal`, without Redis:
// real socket.io clients of every seeded user receive each proposal event exactly once
// when they are recipients, the actor never, nobody else. The default proposal spec:
// created -> roles admin, super_admin; updated -> fields createdBy, assignedTo;
// statusChanged and deleted -> createdBy, assignedTo + admin, super_admin.

import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";

import { io } from "socket.io-client";

import { loginAll, request, startBackend, USERS } from "./lib/app.mjs";
import { assertDelivered, connect, withTimeout } from "./lib/clients.mjs";

const NAMES = Object.keys(USERS);

describe("scaffolded socket layer, one instance", { timeout: 120_000 }, () => {
  let backend;
  let tokens;
  let clients;

  before(async () => {
    backend = await startBackend({ name: "backend" });
    tokens = await loginAll(backend.url);
    clients = await connect(backend.url, tokens, NAMES);
  });

  after(async () => {
    for (const client of Object.values(clients ?? {})) client.close();
    await backend?.stop();
  });

  /** Runs an action as `actor`, then syncs every client (see lib/clients.mjs). */
  const act = async (actor, method, route, body) => {
    const result = await request(backend.url, method, route, { token: tokens[actor], body });
    await Promise.all(Object.values(clients).map((client) => client.sync()));
    return result;
  };

  test("a handshake without a valid token is refused, whatever it claims", async () => {
    for (const auth of [{}, { token: "forged" }, { token: "", userId: 1, role: "admin" }]) {
      const socket = io(backend.url, { forceNew: true, auth, transports: ["websocket"], reconnection: false });
      const error = await withTimeout(
        new Promise((resolve) => socket.once("connect_error", resolve)),
        10_000,
        `no connect_error for ${JSON.stringify(auth)}`,
      );
      socket.close();
      assert.equal(error.message, "unauthorized");
    }
  });

  test("created goes to the admin roles once, never to the actor", async () => {
    const byDave = await act("dave", "POST", "/api/proposals", { title: "by dave", assignedTo: USERS.erin.id });
    assertDelivered(clients, { event: "proposal:created", id: byDave.id, expected: ["alice", "sam"], what: "dave created" });
    // An admin acting is left out of its own role's broadcast.
    const byAlice = await act("alice", "POST", "/api/proposals", { title: "by alice" });
    assertDelivered(clients, { event: "proposal:created", id: byAlice.id, expected: ["sam"], what: "alice created" });
  });

  test("updated goes to the creator and the assignee", async () => {
    const proposal = await act("dave", "POST", "/api/proposals", { title: "to update", assignedTo: USERS.erin.id });
    await act("alice", "PUT", `/api/proposals/${proposal.id}`, { title: "renamed" });
    assertDelivered(clients, { event: "proposal:updated", id: proposal.id, expected: ["dave", "erin"], what: "alice updated" });
    // The creator acting on its own proposal: only the assignee hears of it.
    const own = await act("dave", "POST", "/api/proposals", { title: "own", assignedTo: USERS.erin.id });
    await act("dave", "PUT", `/api/proposals/${own.id}`, { amount: 10 });
    assertDelivered(clients, { event: "proposal:updated", id: own.id, expected: ["erin"], what: "dave updated" });
  });

  test("statusChanged goes to creator, assignee and admins once each; the admin actor never", async () => {
    const proposal = await act("dave", "POST", "/api/proposals", { title: "to send", assignedTo: USERS.erin.id });
    await act("alice", "PUT", `/api/proposals/${proposal.id}`, { status: "sent" });
    assertDelivered(clients, {
      event: "proposal:statusChanged",
      id: proposal.id,
      expected: ["dave", "erin", "sam"],
      what: "alice changed the status",
    });
    assert.equal(clients.dave.count("proposal:updated", proposal.id), 0, "a status change is not also an update");
    const [payload] = clients.sam.received.filter((r) => r.event === "proposal:statusChanged").slice(-1);
    assert.deepEqual([payload.payload.oldStatus, payload.payload.newStatus], ["draft", "sent"]);
  });

  test("deleted goes to creator, assignee and admins; the assignee who is a recipient gets it once", async () => {
    // sam (super_admin) is both the assignee and in a recipient role: still one event.
    const proposal = await act("dave", "POST", "/api/proposals", { title: "to delete", assignedTo: USERS.sam.id });
    await act("frank", "DELETE", `/api/proposals/${proposal.id}`);
    assertDelivered(clients, {
      event: "proposal:deleted",
      id: proposal.id,
      expected: ["dave", "sam", "alice"],
      what: "frank deleted",
    });
  });

  test("a client that reconnects is authenticated again and keeps receiving", async () => {
    const erin = clients.erin;
    const ready = erin.nextReady();
    erin.socket.io.engine.close(); // a dropped connection, not a disconnect(): socket.io reconnects
    await ready;
    const proposal = await act("dave", "POST", "/api/proposals", { title: "after reconnect", assignedTo: USERS.erin.id });
    await act("alice", "PUT", `/api/proposals/${proposal.id}`, { title: "renamed again" });
    assertDelivered(clients, { event: "proposal:updated", id: proposal.id, expected: ["dave", "erin"], what: "alice updated" });
  });
});
