// Real socket.io clients, one per user, that record what they receive, and the delivery
// assertions built on them.
//
// Proving that a socket did NOT receive an event, without sleeping, on one instance:
// socket.io keeps the order of packets per connection, and the app's services emit before
// the HTTP response. After the response, each client connects its Manager to a namespace
// that does not exist: the server answers on the same connection with a CONNECT_ERROR,
// queued behind every event sent before. Across Redis-linked instances the event travels
// through Redis after the response, so there the suites wait for what must arrive, then
// allow a short quiet period for what must not.

import assert from "node:assert/strict";
import { io } from "socket.io-client";

const SYNC_NAMESPACE = "/__rtgen_sync";
const READY_EVENT = "connection:ready";

export class UserClient {
  /** @param {string} name @param {string} url @param {string} token */
  constructor(name, url, token) {
    this.name = name;
    this.url = url;
    /** @type {{ event: string, payload: any }[]} */
    this.received = [];
    // forceNew: one connection per user, never shared between clients.
    this.socket = io(url, {
      forceNew: true,
      auth: { token },
      transports: ["websocket"],
      reconnectionDelay: 100,
      reconnectionDelayMax: 500,
    });
    this.socket.onAny((event, payload) => this.received.push({ event, payload }));
    this.probe = this.socket.io.socket(SYNC_NAMESPACE);
  }

  /** Resolves at the next ready event (sent once the server joined this socket's rooms). */
  nextReady(ms = 10_000) {
    return withTimeout(
      new Promise((resolve) => this.socket.once(READY_EVENT, resolve)),
      ms,
      `${this.name} got no ${READY_EVENT}`,
    );
  }

  /** Waits until every packet the server sent this connection before now has arrived. */
  sync(ms = 10_000) {
    assert.ok(this.socket.connected, `${this.name} cannot sync: its socket is not connected`);
    let done;
    const answered = new Promise((resolve) => {
      done = resolve;
      this.probe.on("connect_error", done);
      this.probe.on("connect", done);
    });
    this.probe.connect();
    return withTimeout(answered, ms, `${this.name} got no answer to its sync probe`).finally(() => {
      this.probe.off("connect_error", done);
      this.probe.off("connect", done);
      this.probe.disconnect();
    });
  }

  /**
   * How many `event`s about one proposal arrived: `which` is its id, or the proposal itself
   * (matched by id and title: two instances with their own databases reuse ids).
   */
  count(event, which) {
    const matches = (proposal) =>
      typeof which === "object" ? proposal?.id === which.id && proposal?.title === which.title : proposal?.id === which;
    return this.received.filter((r) => r.event === event && matches(r.payload?.proposal)).length;
  }

  close() {
    this.socket.disconnect();
  }
}

/** Connects `names` to `url` and waits until each one's rooms are joined. */
export async function connect(url, tokens, names) {
  const clients = Object.fromEntries(names.map((name) => [name, new UserClient(name, url, tokens[name])]));
  await Promise.all(Object.values(clients).map((client) => client.nextReady()));
  return clients;
}

/**
 * Asserts, for one event about one proposal (`id`: its id or the proposal, as `count`
 * takes it), that each user in `expected` received it exactly once and every other client
 * never. All mismatches are reported together.
 */
export function assertDelivered(clients, { event, id, expected, what }) {
  const problems = [];
  for (const [name, client] of Object.entries(clients)) {
    const got = client.count(event, id);
    const want = expected.includes(name) ? 1 : 0;
    if (got !== want) problems.push(`${name} (${client.url}) received ${event} ${got} times, expected ${want}`);
  }
  if (problems.length > 0) throw new Error(`after ${what}:\n  ${problems.join("\n  ")}`);
}

/** Polls `predicate` every `every` ms until it holds; throws after `ms`. */
export async function until(predicate, { ms = 10_000, every = 50, what = "condition" } = {}) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await predicate()) return;
    await sleep(every);
  }
  throw new Error(`${what} did not hold within ${ms} ms`);
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export function withTimeout(promise, ms, message) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${message} within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
