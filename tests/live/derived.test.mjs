// Live suite for a spec rtgen derived from the code: examples/crm, patched by a bare
// `rtgen add proposal` (no spec written by hand). The derived spec sends every event of
// the proposal module (created, updated, statusChanged, deleted, and `approved` from
// `approveProposal`) to the entity's user columns (createdBy, assignedTo) and the admin
// roles (admin, super_admin), never to the actor, with a payload of the table's columns
// minus the staff-only `internalNotes`.
//
// Users: alice admin, sam super_admin, carol manager, dave/erin/frank user.
//
// Run: RTGEN_LIVE_APP=<prepared app copy> node --test tests/live/derived.test.mjs

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { loginAll } from "./lib/api.mjs";
import { startBackend, USER_NAMES, USERS } from "./lib/app.mjs";
import { assertRecipients, connectAll, observe, payloadsOf } from "./lib/sockets.mjs";

let backend;
let as;
let clients;

before(async () => {
  backend = await startBackend();
  as = await loginAll(backend.url, USER_NAMES);
  clients = await connectAll(backend.url, as);
});

after(async () => {
  for (const client of Object.values(clients ?? {})) client.close();
  await backend?.stop();
});

const watch = (action) => observe(clients, action);
const P = "proposal:";

/** Every payload of `event` any user received. */
const allPayloads = (received, event) => USER_NAMES.flatMap((user) => payloadsOf(received, user, event));

describe("proposal module with the derived spec", () => {
  it("created reaches the assignee and the admins, not the creator; no internal notes", async () => {
    const { result: proposal, received } = await watch(() =>
      as.dave.api.post("/api/proposals", { title: "Derived", assignedTo: USERS.erin.id, internalNotes: "staff only" }),
    );
    assertRecipients(received, {
      prefix: P,
      expect: { "proposal:created": ["erin", "alice", "sam"] },
      what: "dave created a proposal assigned to erin",
    });
    const payloads = allPayloads(received, "proposal:created");
    assert.ok(payloads.length === 3);
    for (const payload of payloads) {
      assert.equal(payload.proposal.id, proposal.id);
      assert.equal(payload.proposal.title, "Derived");
      assert.ok(!("internalNotes" in payload.proposal), "internalNotes was sent");
    }
  });

  it("approveProposal emits the custom event `approved` to the same rule", async () => {
    const proposal = await as.dave.api.post("/api/proposals", { title: "To approve", assignedTo: USERS.erin.id });
    const { received } = await watch(() => as.carol.api.post(`/api/proposals/${proposal.id}/approve`));
    assertRecipients(received, {
      prefix: P,
      expect: { "proposal:approved": ["dave", "erin", "alice", "sam"] },
      what: "carol approved dave's proposal",
    });
    for (const payload of allPayloads(received, "proposal:approved")) assert.equal(payload.proposal.status, "approved");
  });

  it("a status change emits statusChanged, deleting emits deleted, never to the actor", async () => {
    const proposal = await as.dave.api.post("/api/proposals", { title: "Lifecycle", assignedTo: USERS.erin.id });
    let seen = await watch(() => as.erin.api.put(`/api/proposals/${proposal.id}`, { status: "sent" }));
    assertRecipients(seen.received, {
      prefix: P,
      expect: { "proposal:statusChanged": ["dave", "alice", "sam"] },
      what: "erin changed the status",
    });
    seen = await watch(() => as.alice.api.delete(`/api/proposals/${proposal.id}`));
    assertRecipients(seen.received, {
      prefix: P,
      expect: { "proposal:deleted": ["dave", "erin", "sam"] },
      what: "alice deleted it",
    });
  });
});
