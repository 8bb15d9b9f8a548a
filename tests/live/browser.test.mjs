// Live browser suite: the patched CRM front end, built by Vite against the patched backend,
// in headless Chromium. An admin watches the Proposals page while another user changes
// proposals through the REST API: the page must follow without a reload and toast, keep
// working after its connection drops, and stop receiving anything after logout.
// On failure a screenshot is saved under tests/artifacts/ and its path is in the error.
//
// Run: RTGEN_LIVE_APP=<prepared app copy> node --test tests/live/browser.test.mjs

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { loginAll } from "./lib/api.mjs";
import { appDir, startBackend, USERS } from "./lib/app.mjs";
import { launchChromium, recordToasts, tapSocketIo, toasts, waitFor, withScreenshot } from "./lib/browser.mjs";
import { buildFront, serveStatic } from "./lib/front.mjs";

let backend;
let site;
let browser;
let page;
let tap;
let as; // REST sessions of the users acting "elsewhere"

/** socket.io event packets (`42["event",payload]`) among server frames, as [event, payload]. */
const socketEvents = (frames) =>
  frames.filter((frame) => frame.startsWith("42")).map((frame) => JSON.parse(frame.slice(2)));

/** Signs in through the login form and opens the Proposals page; resolves once the socket is ready. */
async function signInToProposals(name) {
  const connectionsBefore = tap.connections.length;
  await page.fill('input[name="email"]', USERS[name].email);
  await page.fill('input[name="password"]', "password");
  await page.click('button[type="submit"]');
  await page.waitForSelector('[data-testid="current-user"]');
  await page.getByRole("button", { name: "Proposals", exact: true }).click();
  await page.getByRole("heading", { name: "Proposals" }).waitFor();
  await waitFor(
    () => tap.connections.slice(connectionsBefore).some((c) => c.open && c.frames.some((f) => f.includes("connection:ready"))),
    `${name}'s page got no connection:ready over a socket.io WebSocket`,
  );
}

const row = (id) => page.locator(`[data-testid="proposal-row-${id}"]`);
/** The status cell's text, or null while the row is not on the page. */
const statusOf = async (id) => {
  const cell = row(id).locator('[data-testid="proposal-status"]');
  return (await cell.count()) > 0 ? cell.textContent() : null;
};

/**
 * Waits until the page has shown `count` toasts in all, then checks it showed no more
 * (the toasts of one socket event are all added in the task that receives it).
 */
async function expectToastCount(count, what) {
  await waitFor(
    async () => (await toasts(page)).length >= count,
    async () => `${what}: expected toast #${count}, the page showed ${JSON.stringify(await toasts(page))}`,
  );
  const shown = await toasts(page);
  if (shown.length !== count) {
    throw new Error(`${what}: expected ${count} toasts in all, the page showed ${JSON.stringify(shown)}`);
  }
}

before(async () => {
  const dir = appDir();
  browser = await launchChromium(); // first: fails fast when Chromium is missing
  backend = await startBackend(dir);
  as = await loginAll(backend.url, ["dave", "carol"]);
  site = await serveStatic(await buildFront(dir, backend.url));
  page = await browser.newPage();
  page.setDefaultTimeout(5000); // fail fast: every wait here is for something local
  page.on("pageerror", (error) => console.log(`[page error] ${error.message}`));
  await recordToasts(page);
  tap = await tapSocketIo(page);
  await page.goto(site.url);
});

after(async () => {
  await browser?.close();
  await site?.close();
  await backend?.stop();
});

describe("Proposals page in headless Chromium (admin alice watching)", () => {
  let proposal; // created by dave through the API

  it("alice signs in and opens the Proposals page", () =>
    withScreenshot(page, "sign-in", async () => {
      await signInToProposals("alice");
      // Survives only as long as the page is not reloaded.
      await page.evaluate(() => {
        window.__noReload = true;
      });
    }));

  it("a proposal created by dave appears without a reload, with a toast", () =>
    withScreenshot(page, "created", async () => {
      const before = (await toasts(page)).length;
      proposal = await as.dave.api.post("/api/proposals", { title: "Live proposal", amount: 1200 });
      await row(proposal.id)
        .waitFor({ timeout: 5000 })
        .catch(() => {
          throw new Error(`row of proposal ${proposal.id} did not appear on alice's page after dave created it`);
        });
      assert.equal(await statusOf(proposal.id), "draft");
      await expectToastCount(before + 1, "proposal:created");
      assert.ok(await page.evaluate(() => window.__noReload), "the page was reloaded");
    }));

  it("its status change updates the row without a reload, with a toast", () =>
    withScreenshot(page, "status-changed", async () => {
      const before = (await toasts(page)).length;
      await as.dave.api.put(`/api/proposals/${proposal.id}`, { status: "sent" });
      await waitFor(
        async () => (await statusOf(proposal.id)) === "sent",
        async () => `status of proposal ${proposal.id} on the page is ${JSON.stringify(await statusOf(proposal.id))} (null: no row), expected "sent"`,
      );
      await expectToastCount(before + 1, "proposal:statusChanged");
      assert.ok(await page.evaluate(() => window.__noReload), "the page was reloaded");
    }));

  it("after the connection drops and comes back, an event is handled once", () =>
    withScreenshot(page, "reconnected", async () => {
      const connectionsBefore = tap.connections.length;
      await tap.dropAll();
      await waitFor(
        () => tap.connections.slice(connectionsBefore).some((c) => c.open && c.frames.some((f) => f.includes("connection:ready"))),
        "the page did not reconnect after its WebSocket dropped",
        10_000,
      );
      const before = (await toasts(page)).length;
      await as.carol.api.put(`/api/proposals/${proposal.id}`, { status: "accepted" });
      await waitFor(
        async () => (await statusOf(proposal.id)) === "accepted",
        async () => `after the reconnection, status of proposal ${proposal.id} on the page is ${JSON.stringify(await statusOf(proposal.id))} (null: no row), expected "accepted"`,
      );
      // Listeners stacked by the reconnection would toast twice for the one event.
      await expectToastCount(before + 1, "proposal:statusChanged after a reconnection");
    }));

  it("after logout the page has no socket and events no longer reach it", () =>
    withScreenshot(page, "logged-out", async () => {
      await page.getByRole("button", { name: "Log out" }).click();
      await page.waitForSelector('input[name="email"]');
      await waitFor(() => tap.open().length === 0, "a socket.io WebSocket is still open after logout");
      const connections = tap.connections.length;
      const frames = tap.frames().length;
      const before = (await toasts(page)).length;

      const other = await as.dave.api.post("/api/proposals", { title: "After logout" });
      await as.dave.api.put(`/api/proposals/${other.id}`, { status: "sent" });
      // Nothing is connected, so there is nothing to sync with: a short quiet period is
      // the only way to see that nothing arrives.
      await new Promise((resolve) => setTimeout(resolve, 1000));

      assert.equal(tap.connections.length, connections, "the page opened a socket.io connection after logout");
      const late = socketEvents(tap.frames().slice(frames)).map(([event]) => event);
      assert.deepEqual(late, [], "socket events reached the page after logout");
      assert.deepEqual((await toasts(page)).slice(before), [], "toasts shown after logout");
    }));

  it("signing in again (sam) gets each event once: nothing left over from the last session", () =>
    withScreenshot(page, "second-session", async () => {
      await signInToProposals("sam");
      const before = (await toasts(page)).length;
      const next = await as.dave.api.post("/api/proposals", { title: "Second session" });
      await row(next.id)
        .waitFor({ timeout: 5000 })
        .catch(() => {
          throw new Error(`row of proposal ${next.id} did not appear on sam's page`);
        });
      await expectToastCount(before + 1, "proposal:created in a second session");
    }));
});
