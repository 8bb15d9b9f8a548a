// The app under test and its backend processes.
//
// tests/it/scaffold.rs copies examples/plain to a temp dir, runs `rtgen init` and
// `rtgen add proposal` on it and passes its path in RTGEN_SCALE_APP. By hand:
//   RTGEN_SCALE_APP=/tmp/plain node --test tests/scale/live.test.mjs

import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";

/** Seeded users of examples/plain (backend/src/db/index.js); every password is "password". */
export const USERS = {
  alice: { id: 1, role: "admin", email: "alice@example.com" },
  sam: { id: 2, role: "super_admin", email: "sam@example.com" },
  carol: { id: 3, role: "manager", email: "carol@example.com" },
  dave: { id: 4, role: "user", email: "dave@example.com" },
  erin: { id: 5, role: "user", email: "erin@example.com" },
  frank: { id: 6, role: "user", email: "frank@example.com" },
};
export const PASSWORD = "password";

/** The prepared app copy (holding backend/). Throws when not set up. */
export function appDir() {
  const dir = process.env.RTGEN_SCALE_APP;
  if (!dir) {
    throw new Error(
      "RTGEN_SCALE_APP is not set: run these suites through `cargo test --test it scale`, or point it at a " +
        "copy of examples/plain on which `rtgen init` and `rtgen add proposal` ran",
    );
  }
  if (!existsSync(path.join(dir, "backend/node_modules"))) {
    throw new Error(`${path.join(dir, "backend/node_modules")} is missing: run \`npm ci\` in examples/plain/backend`);
  }
  if (!existsSync(path.join(dir, "backend/src/socket/socketServer.js"))) {
    throw new Error(`${dir} has no socket server: run \`rtgen init\` on it first`);
  }
  return dir;
}

const LISTENING = /listening on http:\/\/localhost:(\d+)/;

/**
 * Starts `node src/index.js` of the app copy on a free port (PORT=0) and waits for its
 * "listening on http://localhost:<port>" line.
 * @param {{ name: string, env?: Record<string, string>, timeoutMs?: number }} options
 */
export async function startBackend({ name, env = {}, timeoutMs = 60_000 }) {
  const child = spawn(process.execPath, ["src/index.js"], {
    cwd: path.join(appDir(), "backend"),
    env: { ...process.env, ...env, PORT: "0" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const waiters = new Set();
  const onData = (chunk) => {
    output += chunk;
    for (const waiter of waiters) waiter();
  };
  child.stdout.setEncoding("utf8").on("data", onData);
  child.stderr.setEncoding("utf8").on("data", onData);
  // Never leave a backend behind, even when the test process dies on an uncaught error.
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  const exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  exited.then(() => {
    for (const waiter of waiters) waiter();
  });

  const backend = {
    name,
    logs: () => output,
    /** Whether the process is still running. */
    alive: () => child.exitCode === null && child.signalCode === null,
    /**
     * Resolves with the first match of `pattern` in the output from `from` on (a length of
     * `logs()` taken before); rejects after `ms` or when the process exits.
     */
    waitForLog(pattern, { from = 0, ms = 20_000 } = {}) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = pattern.exec(output.slice(from));
          if (match) {
            done();
            resolve(match);
          } else if (!backend.alive()) {
            done();
            reject(new Error(`${name} exited while waiting for ${pattern}; output:\n${output}`));
          }
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`${name} did not log ${pattern} within ${ms} ms; output:\n${output}`));
        }, ms);
        const done = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    async stop() {
      process.removeListener("exit", killOnExit);
      if (!backend.alive()) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 3000);
      await exited;
      clearTimeout(timer);
    },
  };
  const [, port] = await backend.waitForLog(LISTENING, { ms: timeoutMs });
  backend.port = Number(port);
  backend.url = `http://127.0.0.1:${port}`;
  return backend;
}

/**
 * Sends a JSON request to a backend.
 * @returns {Promise<any>} the parsed body; throws on a non-2xx status
 */
export async function request(url, method, route, { token, body } = {}) {
  const headers = { "Content-Type": "application/json" };
  if (token) headers.Authorization = `Bearer ${token}`;
  const response = await fetch(`${url}${route}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  const data = await response.json().catch(() => null);
  if (!response.ok) {
    throw new Error(`${method} ${route} -> ${response.status}: ${JSON.stringify(data)}`);
  }
  return data;
}

/** Logs every user in through `url`: { name: token }. Tokens are valid on every instance (one secret). */
export async function loginAll(url) {
  const tokens = {};
  for (const [name, user] of Object.entries(USERS)) {
    const { token } = await request(url, "POST", "/api/auth/login", {
      body: { email: user.email, password: PASSWORD },
    });
    tokens[name] = token;
  }
  return tokens;
}
