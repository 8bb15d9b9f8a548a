// Live browser suite for the `react-query` fixture host (tests/hosts/react-query): its
// Proposals page reads the list through a custom hook over TanStack Query (`useProposals()` in
// another file, key `['proposals', filters]`), and `rtgen add proposal` made the page invalidate
// that key on each proposal event. alice (admin) watches the page, built by Vite, while dave
// creates a proposal, changes its status and deletes it through the REST API: the page follows
// without a reload, each event reaches it once, and sign-out leaves no socket open.
//
// Run: RTGEN_HOST_APP=<prepared copy of tests/hosts/react-query> node --test tests/live/react-query-browser.test.mjs

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { launchChromium, tapSocketIo, waitFor, withScreenshot } from "./lib/browser.mjs";
import { buildFront, serveStatic } from "./lib/front.mjs";
import { hostApp, login, startHost } from "./lib/host.mjs";

const app = hostApp();

let backend;
let site;
let browser;
let page;
let dave;
let tap;

const row = (id) => page.locator(`[data-testid="proposal-row-${id}"]`);

before(async () => {
  browser = await launchChromium(); // first: fails fast when Chromium is missing
  backend = await startHost(app);
  dave = await login(backend.url, app, "dave");
  site = await serveStatic(await buildFront(app.dir, backend.url, "client"));
  page = await browser.newPage();
  page.setDefaultTimeout(5000);
  page.on("pageerror", (error) => console.log(`[page error] ${error.message}`));
  tap = await tapSocketIo(page);
  await page.goto(site.url);
});

after(async () => {
  await browser?.close();
  await site?.close();
  await backend?.stop();
});

describe(`host ${app.name}: the Proposals page, its list a TanStack query behind a custom hook`, () => {
  it("follows dave's changes without a reload, and its socket closes at sign-out", () =>
    withScreenshot(page, "react-query-proposals", async () => {
      await page.getByLabel("Email").fill("alice@example.com");
      await page.getByLabel("Password").fill("password");
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.getByRole("heading", { name: "Proposals" }).waitFor();
      // The store sets `connected` on the socket's `connect`: the page shows it.
      await page.getByText("Live").waitFor();
      // The list has loaded once: what follows comes from the socket's invalidations.
      await waitFor(async () => (await page.getByText("Loading").count()) === 0, "the list did not load");

      const proposal = await dave.api.post("/api/proposals", { title: "From dave", amount: 3 });
      await waitFor(async () => (await row(proposal.id).count()) === 1, "the created proposal did not appear");
      assert.match(await row(proposal.id).textContent(), /From dave \(draft\)/);

      await dave.api.put(`/api/proposals/${proposal.id}`, { status: "sent" });
      await waitFor(
        async () => /\(sent\)/.test((await row(proposal.id).textContent()) ?? ""),
        async () => `the status change did not show: ${await row(proposal.id).textContent()}`,
      );

      await dave.api.delete(`/api/proposals/${proposal.id}`);
      await waitFor(async () => (await row(proposal.id).count()) === 0, "the deleted proposal stayed");

      await page.getByRole("button", { name: "Sign out" }).click();
      await page.getByRole("button", { name: "Sign in" }).waitFor();
      await waitFor(() => tap.open().length === 0, "a socket stayed open after sign-out");
      const counts = {};
      for (const frame of tap.frames().filter((f) => f.startsWith("42"))) {
        const [name] = JSON.parse(frame.slice(2));
        counts[name] = (counts[name] ?? 0) + 1;
      }
      // Each event once (alice is an admin: created by role; she is no creator or assignee).
      assert.deepEqual(counts, { "proposal:created": 1, "proposal:statusChanged": 1, "proposal:deleted": 1 });
    }));
});
