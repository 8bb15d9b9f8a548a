// Live suite of the multi-tenant fixture host (tests/hosts/tenant-orgs): users of two
// organisations (alice ADMIN, carol MANAGER, dave and erin USER in 1; sam ADMIN and frank
// USER in 2), proposals scoped to their organisation, and the spec
// fixtures/tenant-proposal.yaml (`tenant: organizationId`, upper-case roles). Role
// recipients are the members of the role in the proposal's organisation only: nobody of
// the other organisation ever receives anything; each recipient gets each event once; the
// actor never; a reconnected socket still receives.
//
// Run: RTGEN_HOST_APP=<prepared copy of tests/hosts/tenant-orgs> node --test tests/live/tenants.test.mjs

import { after, before, describe, it } from "node:test";
import { connectAll, hostApp, loginAll, startHost } from "./lib/host.mjs";
import { assertRecipients, observe } from "./lib/sockets.mjs";

const app = hostApp();
const ids = app.users;
const P = "proposal:";

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
});

const watch = (action) => observe(clients, action);

describe(`host ${app.name}: role recipients stay in the record's organisation`, () => {
  let proposal; // organisation 1: created by dave, assigned to erin

  it("created by dave reaches erin (assignee) and the ADMIN of organisation 1, not sam", async () => {
    const seen = await watch(() => as.dave.api.post("/api/proposals", { title: "Org 1", assignedTo: ids.erin }));
    proposal = seen.result;
    assertRecipients(seen.received, {
      prefix: P,
      expect: { "proposal:created": ["alice", "erin"] },
      what: "dave (organisation 1) created a proposal assigned to erin",
    });
  });

  it("created by frank reaches the ADMIN of organisation 2 only", async () => {
    const { received } = await watch(() => as.frank.api.post("/api/proposals", { title: "Org 2" }));
    assertRecipients(received, {
      prefix: P,
      expect: { "proposal:created": ["sam"] },
      what: "frank (organisation 2) created a proposal",
    });
  });

  it("an update by erin reaches dave and the MANAGER of organisation 1", async () => {
    const { received } = await watch(() => as.erin.api.put(`/api/proposals/${proposal.id}`, { title: "Org 1 v2" }));
    assertRecipients(received, {
      prefix: P,
      expect: { "proposal:updated": ["dave", "carol"] },
      what: "erin renamed dave's proposal",
    });
  });

  it("a status change by carol reaches dave, erin and alice, once each, not carol", async () => {
    const { received } = await watch(() => as.carol.api.put(`/api/proposals/${proposal.id}`, { status: "sent" }));
    assertRecipients(received, {
      prefix: P,
      expect: { "proposal:statusChanged": ["dave", "erin", "alice"] },
      what: "carol (MANAGER, organisation 1) changed the status",
    });
  });

  it("after alice's and sam's sockets reconnect, they still receive their organisation's events only", async () => {
    await clients.alice.reconnect();
    await clients.sam.reconnect();
    const { received } = await watch(() => as.dave.api.delete(`/api/proposals/${proposal.id}`));
    assertRecipients(received, {
      prefix: P,
      expect: { "proposal:deleted": ["erin", "alice"] },
      what: "dave deleted his proposal after the admins reconnected",
    });
  });
});
