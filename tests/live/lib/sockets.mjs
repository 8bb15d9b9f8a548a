// Real socket.io clients, one per user, that record every event they receive, and the
// delivery assertions built on them.
//
// Proving that a socket did NOT receive an event, without sleeping: socket.io keeps the
// order of packets per connection. After an action's HTTP response has arrived, the server
// has already handed the action's events to every connection (the generated services emit
// before they return, and the controller answers after that). Each client then connects
// its Manager to a namespace that does not exist ("/__rtgen_sync"): the server answers on
// the same connection with a CONNECT_ERROR "Invalid namespace" packet, queued behind every
// event sent before. When that answer arrives, whatever has not arrived was never sent.
// This adds nothing to the app: it is socket.io's own protocol.

import assert from "node:assert/strict";
import { io } from "socket.io-client";

const SYNC_NAMESPACE = "/__rtgen_sync";
const READY_EVENT = "connection:ready";

/** One user's socket.io connection and everything it has received, in order. */
export class UserClient {
  /** @param {string} name a key of USERS @param {string} url @param {string} token */
  constructor(name, url, token) {
    this.name = name;
    /** @type {{ event: string, payload: any }[]} */
    this.received = [];
    // forceNew: one Manager (one connection) per user, never shared between clients.
    this.socket = io(url, {
      forceNew: true,
      auth: { token },
      transports: ["websocket"],
      reconnectionDelay: 100,
      reconnectionDelayMax: 200,
    });
    this.socket.onAny((event, payload) => this.received.push({ event, payload }));
    this.probe = this.socket.io.socket(SYNC_NAMESPACE);
  }

  /** Resolves at the next `connection:ready` (sent by the server after it joined our rooms). */
  nextReady(timeoutMs = 10_000) {
    return withTimeout(
      new Promise((resolve) => this.socket.once(READY_EVENT, resolve)),
      timeoutMs,
      `${this.name} got no ${READY_EVENT}`,
    );
  }

  /** Waits until every packet the server sent this connection before now has arrived. */
  sync(timeoutMs = 10_000) {
    assert.ok(this.socket.connected, `${this.name} cannot sync: its socket is not connected`);
    let done;
    const answered = new Promise((resolve) => {
      done = resolve;
      this.probe.on("connect_error", done);
      this.probe.on("connect", done); // would mean the namespace exists: still ordered
    });
    this.probe.connect();
    return withTimeout(answered, timeoutMs, `${this.name} got no answer to its sync probe`).finally(() => {
      this.probe.off("connect_error", done);
      this.probe.off("connect", done);
      this.probe.disconnect();
    });
  }

  close() {
    this.socket.disconnect();
  }
}

/** Connects one client per user and waits until each one's rooms are joined. */
export async function connectAll(url, sessions) {
  const clients = Object.fromEntries(
    Object.entries(sessions).map(([name, { token }]) => [name, new UserClient(name, url, token)]),
  );
  await Promise.all(Object.values(clients).map((client) => client.nextReady()));
  return clients;
}

/**
 * Runs `action`, then syncs every connected client, and returns what each received
 * meanwhile. Disconnected clients are reported with what they got (nothing, normally).
 * @template T
 * @param {Record<string, UserClient>} clients
 * @param {() => Promise<T>} action
 * @returns {Promise<{ result: T, received: Record<string, { event: string, payload: any }[]> }>}
 */
export async function observe(clients, action) {
  const marks = Object.fromEntries(Object.entries(clients).map(([name, c]) => [name, c.received.length]));
  const result = await action();
  await Promise.all(Object.values(clients).filter((c) => c.socket.connected).map((c) => c.sync()));
  const received = Object.fromEntries(
    Object.entries(clients).map(([name, c]) => [name, c.received.slice(marks[name])]),
  );
  return { result, received };
}

/**
 * Asserts who received which event of one module during an observed action.
 *
 * For every user and every event whose name starts with `prefix` (the expected ones and
 * any other that arrived): a listed user must have received it exactly once, everyone
 * else never. An unexpected extra event (e.g. `updated` next to `statusChanged`) fails too.
 * All mismatches are reported together, e.g. "dave received proposal:created 0 times, expected 1".
 *
 * @param {Record<string, { event: string, payload: any }[]>} received from `observe`
 * @param {{ prefix: string, expect: Record<string, string[]>, what: string }} rule
 *   `expect` maps an event name to the users who must get it; `what` describes the action.
 */
export function assertRecipients(received, { prefix, expect, what }) {
  const events = new Set(Object.keys(expect));
  for (const list of Object.values(received)) {
    for (const { event } of list) if (event.startsWith(prefix)) events.add(event);
  }
  const problems = [];
  for (const [user, list] of Object.entries(received)) {
    for (const event of events) {
      const got = list.filter((entry) => entry.event === event).length;
      const want = (expect[event] ?? []).includes(user) ? 1 : 0;
      if (got !== want) problems.push(`${user} received ${event} ${got} times, expected ${want}`);
    }
  }
  // A plain Error: the reporter then prints just this list, not AssertionError's fields.
  if (problems.length > 0) throw new Error(`after ${what}:\n  ${problems.join("\n  ")}`);
}

/** The payloads of `event` received by `user` during an observed action. */
export function payloadsOf(received, user, event) {
  return received[user].filter((entry) => entry.event === event).map((entry) => entry.payload);
}

function withTimeout(promise, ms, message) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${message} within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
