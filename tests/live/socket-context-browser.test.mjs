// Live browser suite for the `socket-context` fixture host (tests/hosts/socket-context): its
// socket is created in a `SocketProvider`'s effect (bug-tracker's shape), and `rtgen add task`
// handed it to the generated task socket service there. alice (admin) watches the Tasks page,
// built by Vite, while dave creates a task, changes its status and deletes it through the REST
// API: the page follows without a reload, each event reaches it once, and sign-out (the
// provider's else branch closes the socket it kept) leaves no socket open.
//
// Run: RTGEN_HOST_APP=<prepared copy of tests/hosts/socket-context> node --test tests/live/socket-context-browser.test.mjs

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

const row = (id) => page.locator(`[data-testid="task-row-${id}"]`);

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

/** Signs alice in; resolves once the provider's socket is open (the host sends no ready event). */
async function signInAlice() {
  const before = tap.connections.length;
  await page.getByLabel("Email").fill("alice@example.com");
  await page.getByLabel("Password").fill("password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Tasks" }).waitFor();
  // Engine.IO's open packet, then socket.io's CONNECT answer (`40{"sid":...}`).
  await waitFor(
    () => tap.connections.slice(before).some((c) => c.open && c.frames.some((f) => f.startsWith("40"))),
    "alice's page opened no socket.io connection",
  );
}

describe(`host ${app.name}: the Tasks page, its socket in a SocketProvider`, () => {
  it("follows dave's changes without a reload, and its socket closes at sign-out", () =>
    withScreenshot(page, "socket-context-tasks", async () => {
      await signInAlice();
      const { data: task } = await dave.api.post("/api/tasks", { title: "From dave" });
      await waitFor(async () => (await row(task.id).count()) === 1, "the created task did not appear");
      assert.match(await row(task.id).textContent(), /From dave \(todo\)/);

      await dave.api.put(`/api/tasks/${task.id}`, { status: "in_progress" });
      await waitFor(
        async () => /\(in_progress\)/.test((await row(task.id).textContent()) ?? ""),
        async () => `the status change did not show: ${await row(task.id).textContent()}`,
      );

      await dave.api.delete(`/api/tasks/${task.id}`);
      await waitFor(async () => (await row(task.id).count()) === 0, "the deleted task stayed");

      await page.getByRole("button", { name: "Sign out" }).click();
      await page.getByRole("button", { name: "Sign in" }).waitFor();
      await waitFor(() => tap.open().length === 0, "a socket stayed open after sign-out");
      const counts = {};
      for (const frame of tap.frames().filter((f) => f.startsWith("42"))) {
        const [name] = JSON.parse(frame.slice(2));
        counts[name] = (counts[name] ?? 0) + 1;
      }
      // Each event once: alice is an admin (created, statusChanged and deleted go to admins;
      // updated only to the reporter and the assignee, and a status change emits statusChanged).
      assert.deepEqual(counts, { "task:created": 1, "task:statusChanged": 1, "task:deleted": 1 });
    }));
});
