// A fixture host app (tests/hosts/<name>) under test: its descriptor, its backend as a
// child process, each user's session (bearer token or session cookie), REST calls and
// socket.io client as that user.
//
// `fixture.json` in the fixture says where the backend lives and how it authenticates:
//   { "backend": "backend" | "server", "entry": "src/index.js" | "index.js", "loader"?: "tsx",
//     "auth": "bearer" | "cookie", "ready": "connection:ready" | "connection:success" | "connect",
//     "users": { "alice": <alice's id as the server knows it>, ... } }

import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { io } from "socket.io-client";
import { PASSWORD } from "./app.mjs";

/** The seeded users of every fixture: alice admin, sam super_admin, carol manager, dave/erin/frank user. */
export const USER_NAMES = ["alice", "sam", "carol", "dave", "erin", "frank"];

const LISTENING = /listening on http:\/\/localhost:(\d+)/;
const SESSION_COOKIE = /auth_session=[^;]*/;
const SYNC_NAMESPACE = "/__rtgen_sync"; // see lib/sockets.mjs: a namespace no server has

/**
 * The prepared fixture copy named by RTGEN_HOST_APP and its descriptor.
 * @returns {{ dir: string, name: string, backendDir: string, entry: string, auth: "bearer" | "cookie",
 *   ready: string, users: Record<string, number | string> }}
 */
export function hostApp() {
  const dir = process.env.RTGEN_HOST_APP;
  if (!dir) {
    throw new Error(
      "RTGEN_HOST_APP is not set: point it at a copy of a tests/hosts fixture on which " +
        "`rtgen add proposal` and `rtgen add contract` ran",
    );
  }
  const fixture = JSON.parse(readFileSync(path.join(dir, "fixture.json"), "utf8"));
  const backendDir = path.join(dir, fixture.backend);
  if (!existsSync(path.join(backendDir, "node_modules"))) {
    throw new Error(`${backendDir}/node_modules is missing: link it to examples/crm/backend/node_modules`);
  }
  return { ...fixture, dir, name: path.basename(dir), backendDir };
}

/**
 * Starts `node <entry>` in the backend folder on a free port (PORT=0) and waits for its
 * "listening on http://localhost:<port>" line. A fixture with a `loader` (`tsx` for the
 * TypeScript host) runs as `node --import <loader> <entry>`, the loader resolved from the
 * backend's node_modules.
 * @returns {Promise<{ url: string, logs: () => string, stop: () => Promise<void> }>}
 */
export async function startHost(app, { timeoutMs = 30_000 } = {}) {
  const args = app.loader ? ["--import", app.loader, app.entry] : [app.entry];
  const child = spawn(process.execPath, args, {
    cwd: app.backendDir,
    env: { ...process.env, PORT: "0" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
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
    url: `http://127.0.0.1:${port}`,
    logs: () => output,
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

/**
 * One JSON request with a session's credentials; throws with the method, path, status and
 * body when it is not 2xx.
 * @param {{ token?: string, cookie?: string }} credentials
 */
export async function request(url, method, route, credentials = {}, body = undefined) {
  const headers = {};
  if (credentials.token) headers.Authorization = `Bearer ${credentials.token}`;
  if (credentials.cookie) headers.Cookie = credentials.cookie;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(`${url}${route}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${route} answered ${response.status}: ${text}`);
  return { response, data: text ? JSON.parse(text) : null };
}

/**
 * Logs one seeded user in. Bearer hosts answer with a token; cookie hosts set `auth_session`,
 * which is sent back as a Cookie header.
 * @returns {Promise<{ name: string, id: number | string, user: object, token?: string, cookie?: string,
 *   api: { get, post, put, delete } }>}
 */
export async function login(url, app, name) {
  const { response, data } = await request(url, "POST", "/api/auth/login", {}, {
    email: `${name}@example.com`,
    password: PASSWORD,
  });
  let credentials;
  if (app.auth === "cookie") {
    const cookie = SESSION_COOKIE.exec(response.headers.get("set-cookie") ?? "")?.[0];
    assert.ok(cookie, `${name}'s login set no auth_session cookie`);
    credentials = { cookie };
  } else {
    assert.ok(data?.token, `${name}'s login answered no token`);
    credentials = { token: data.token };
  }
  const call = (method) => async (route, body) => (await request(url, method, route, credentials, body)).data;
  return {
    name,
    id: app.users[name],
    user: data.user,
    ...credentials,
    api: { get: call("GET"), post: call("POST"), put: call("PUT"), delete: call("DELETE") },
  };
}

/** Logs every seeded user in. @returns {Promise<Record<string, Awaited<ReturnType<typeof login>>>>} */
export async function loginAll(url, app) {
  const sessions = await Promise.all(USER_NAMES.map((name) => login(url, app, name)));
  return Object.fromEntries(sessions.map((session) => [session.name, session]));
}

/**
 * One user's socket.io connection, authenticated the host's way, and everything it has
 * received, in order. Works with `observe` and `assertRecipients` of lib/sockets.mjs.
 */
export class HostClient {
  /** @param {string} url @param {{ name: string, token?: string, cookie?: string }} session @param {string} ready */
  constructor(url, session, ready) {
    this.name = session.name;
    this.ready = ready;
    /** @type {{ event: string, payload: any }[]} */
    this.received = [];
    this.socket = io(url, {
      forceNew: true, // one connection per user, never shared
      transports: ["websocket"],
      reconnectionDelay: 100,
      reconnectionDelayMax: 200,
      ...(session.token ? { auth: { token: session.token } } : { extraHeaders: { cookie: session.cookie } }),
    });
    this.socket.onAny((event, payload) => this.received.push({ event, payload }));
    this.probe = this.socket.io.socket(SYNC_NAMESPACE);
  }

  /** Resolves at the next ready event (`connect` on hosts that send none). */
  nextReady(timeoutMs = 10_000) {
    return withTimeout(
      new Promise((resolve) => this.socket.once(this.ready, resolve)),
      timeoutMs,
      `${this.name} got no ${this.ready}`,
    );
  }

  /** Waits until every packet the server sent this connection before now has arrived. */
  sync(timeoutMs = 10_000) {
    assert.ok(this.socket.connected, `${this.name} cannot sync: its socket is not connected`);
    let done;
    const answered = new Promise((resolve) => {
      done = resolve;
      this.probe.on("connect_error", done);
      this.probe.on("connect", done);
    });
    this.probe.connect();
    return withTimeout(answered, timeoutMs, `${this.name} got no answer to its sync probe`).finally(() => {
      this.probe.off("connect_error", done);
      this.probe.off("connect", done);
      this.probe.disconnect();
    });
  }

  /** Closes the socket, opens it again and waits for the ready event and a sync. */
  async reconnect() {
    this.socket.disconnect();
    const ready = this.nextReady();
    this.socket.connect();
    await ready;
    await this.sync();
  }

  close() {
    this.socket.disconnect();
  }
}

/** Connects one client per session and waits for each one's ready event, then a sync. */
export async function connectAll(url, app, sessions) {
  const clients = Object.fromEntries(
    Object.values(sessions).map((session) => [session.name, new HostClient(url, session, app.ready)]),
  );
  await Promise.all(Object.values(clients).map((client) => client.nextReady()));
  await Promise.all(Object.values(clients).map((client) => client.sync()));
  return clients;
}

function withTimeout(promise, ms, message) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${message} within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
