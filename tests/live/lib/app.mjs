// The host app under test: where the prepared copy lives, and its backend as a child process.
//
// tests/it/live.rs copies examples/crm to a temp dir, runs `rtgen add proposal` and
// `rtgen add contract` on it and passes its path in RTGEN_LIVE_APP. To run a suite by hand
// against a copy you prepared (or edited) yourself:
//   RTGEN_LIVE_APP=/tmp/crm node --test tests/live/backend.test.mjs

import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));

/** Seeded users of examples/crm (backend/src/db/index.js); every password is "password". */
export const USERS = {
  alice: { id: 1, role: "admin", email: "alice@example.com" },
  sam: { id: 2, role: "super_admin", email: "sam@example.com" },
  carol: { id: 3, role: "manager", email: "carol@example.com" },
  dave: { id: 4, role: "user", email: "dave@example.com" },
  erin: { id: 5, role: "user", email: "erin@example.com" },
  frank: { id: 6, role: "user", email: "frank@example.com" },
};
export const USER_NAMES = Object.keys(USERS);
export const PASSWORD = "password";

/** The prepared app copy (the folder holding backend/ and front/). Throws when not set up. */
export function appDir() {
  const dir = process.env.RTGEN_LIVE_APP;
  if (!dir) {
    throw new Error(
      "RTGEN_LIVE_APP is not set: run these suites through `cargo test --test it live`, " +
        "or point it at a copy of examples/crm on which `rtgen add proposal` and `rtgen add contract` ran",
    );
  }
  for (const sub of ["backend/node_modules", "front/node_modules"]) {
    if (!existsSync(path.join(dir, sub))) {
      throw new Error(`${path.join(dir, sub)} is missing: run \`npm ci\` in examples/crm/${sub.split("/")[0]}`);
    }
  }
  return dir;
}

/** Where screenshots and logs of failed runs go (gitignored). */
export function artifactsDir() {
  return process.env.RTGEN_LIVE_ARTIFACTS || path.resolve(here, "../../artifacts");
}

const LISTENING = /listening on http:\/\/localhost:(\d+)/;

/**
 * Starts `node src/index.js` of the app copy on a free port (PORT=0) and waits for the
 * "CRM backend listening on http://localhost:<port>" line.
 * @returns {Promise<{ url: string, port: number, logs: () => string, stop: () => Promise<void> }>}
 */
export async function startBackend(dir = appDir(), { timeoutMs = 60_000 } = {}) {
  const child = spawn(process.execPath, ["src/index.js"], {
    cwd: path.join(dir, "backend"),
    env: { ...process.env, PORT: "0" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const logs = () => output;
  // Never leave a backend behind, even when the test process dies on an uncaught error.
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);

  const exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));

  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`backend did not report its port within ${timeoutMs} ms; output:\n${output}`));
    }, timeoutMs);
    const onData = (chunk) => {
      output += chunk;
      const match = LISTENING.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    };
    child.stdout.setEncoding("utf8").on("data", onData);
    child.stderr.setEncoding("utf8").on("data", onData);
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`backend exited (code ${code}, signal ${signal}) before listening; output:\n${output}`));
    });
  });

  return {
    port,
    url: `http://127.0.0.1:${port}`,
    logs,
    async stop() {
      process.removeListener("exit", killOnExit);
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 3000);
      await exited;
      clearTimeout(timer);
    },
  };
}
