// Headless Chromium (Debian's package) driven by playwright-core, which never downloads a
// browser, plus two probes into the page: the toasts it ever showed, and its socket.io
// WebSocket connections with every frame the server sent them.

import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { chromium } from "playwright-core";
import { artifactsDir } from "./app.mjs";

const CHROMIUM = process.env.RTGEN_CHROMIUM || "/usr/bin/chromium";

/** Launches headless Chromium with a fresh profile (Playwright makes a new user-data-dir). */
export async function launchChromium() {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `no Chromium at ${CHROMIUM}: install Debian's package (apt-get install chromium) or set RTGEN_CHROMIUM`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    chromiumSandbox: false, // adds --no-sandbox (root in CI)
    args: [
      "--disable-gpu",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-quic",
    ],
  });
}

/**
 * Records the text of every `[data-testid=toast]` ever added to the page in
 * `window.__toasts` (the app removes toasts after 4 s, so counting visible ones is racy).
 */
export async function recordToasts(page) {
  await page.addInitScript(() => {
    window.__toasts = [];
    new MutationObserver((records) => {
      for (const record of records) {
        for (const node of record.addedNodes) {
          if (node.nodeType === 1 && node.matches('[data-testid="toast"]')) window.__toasts.push(node.textContent);
        }
      }
    }).observe(document, { childList: true, subtree: true });
  });
}

/** The toasts shown so far. @returns {Promise<string[]>} */
export const toasts = (page) => page.evaluate(() => window.__toasts.slice());

/**
 * Routes the page's socket.io WebSockets through Playwright to the real server, recording
 * each connection and the frames the server sent on it. `drop()` closes them as a
 * network failure would (the page's socket.io client then reconnects by itself).
 */
export async function tapSocketIo(page) {
  /** @type {{ url: string, open: boolean, frames: string[], drop: () => Promise<void> }[]} */
  const connections = [];
  await page.routeWebSocket(/\/socket\.io\//, (ws) => {
    const server = ws.connectToServer();
    const connection = { url: ws.url(), open: true, frames: [] };
    const closeBoth = () => {
      if (!connection.open) return;
      connection.open = false;
      ws.close().catch(() => {});
      server.close().catch(() => {});
    };
    connection.drop = async () => closeBoth();
    server.onMessage((message) => {
      connection.frames.push(String(message));
      ws.send(message);
    });
    ws.onClose(closeBoth);
    server.onClose(closeBoth);
    connections.push(connection);
  });
  return {
    connections,
    open: () => connections.filter((c) => c.open),
    /** Every frame the server sent, over all connections, in arrival order per connection. */
    frames: () => connections.flatMap((c) => c.frames),
    dropAll: () => Promise.all(connections.filter((c) => c.open).map((c) => c.drop())),
  };
}

/**
 * Polls `check` until it returns a truthy value; after `timeoutMs` fails with `message`
 * (a string, or a function, possibly async, giving one).
 */
export async function waitFor(check, message, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) {
      const text = typeof message === "function" ? await message() : message;
      throw new Error(`${text} (waited ${timeoutMs} ms)`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Runs `fn`; when it throws, saves a full-page screenshot under tests/artifacts/ and
 * adds its path to the error message.
 */
export async function withScreenshot(page, name, fn) {
  try {
    return await fn();
  } catch (error) {
    const dir = artifactsDir();
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `browser-${name.replace(/[^a-z0-9]+/gi, "-")}.png`);
    let note;
    try {
      await page.screenshot({ path: file, fullPage: true });
      note = `screenshot: ${file}`;
    } catch (shotError) {
      note = `no screenshot (${shotError.message})`;
    }
    // Reporters print `stack`, which embeds the message as it was when first read.
    const { message, stack } = error;
    error.message = `${message}\n${note}`;
    if (typeof stack === "string") error.stack = stack.replace(message, error.message);
    throw error;
  }
}
