// Two backend instances of examples/plain (after `rtgen init` + `rtgen add proposal`) share
// a real redis-server through the scaffolded Redis adapter (REDIS_URL). Users connect to
// different instances; an event raised by a request to one instance reaches each recipient
// on either instance exactly once, the actor never, nobody else. Then Redis is killed:
// neither instance crashes, each still serves its own sockets, and after Redis restarts on
// the same port, delivery across instances resumes.
//
// Each instance has its own in-memory database (PGlite); the seeded users and the JWT
// secret are the same, so a token works on both. Events travel through Redis after the
// HTTP response, so the suite waits for what must arrive, then lets a short quiet period
// pass before it asserts that nothing else arrived.

import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";

import { loginAll, request, startBackend, USERS } from "./lib/app.mjs";
import { assertDelivered, connect, sleep, until } from "./lib/clients.mjs";
import { freePort, requireRedisServer, startRedis } from "./lib/redis.mjs";

let serial = 0;
/** A title no other proposal of this run has: the two databases reuse ids. */
const unique = (what) => `${what} #${++serial}`;

/** Long enough for a stray duplicate to arrive through Redis on this machine. */
const QUIET_MS = 400;
const REDIS_READY = /\[socket\] (sharing events through Redis|Redis is back)/;

describe("scaffolded socket layer, two instances and Redis", { timeout: 180_000 }, () => {
  let redis;
  let a;
  let b;
  let tokens;
  let clients;
  // Who is connected where: recipients and non-recipients on both sides.
  const ON_A = ["alice", "dave", "carol"];
  const ON_B = ["sam", "erin", "frank"];

  before(async () => {
    requireRedisServer();
    redis = await startRedis(await freePort());
    const env = { REDIS_URL: redis.url };
    [a, b] = await Promise.all([startBackend({ name: "A", env }), startBackend({ name: "B", env })]);
    await Promise.all([a.waitForLog(REDIS_READY), b.waitForLog(REDIS_READY)]);
    tokens = await loginAll(a.url);
    clients = {
      ...(await connect(a.url, tokens, ON_A)),
      ...(await connect(b.url, tokens, ON_B)),
    };
    // The adapter's stream readers start right after the instance connects to Redis:
    // wait until an event crosses from B to A before asserting anything.
    await crossesOnce();
  });

  after(async () => {
    for (const client of Object.values(clients ?? {})) client.close();
    await Promise.all([a?.stop(), b?.stop()]);
    await redis?.kill();
  });

  /**
   * Creates proposals as dave through B until alice (admin, on A) receives one; returns
   * its id. Bounded: `attempts` tries, `ms` each.
   */
  const crossesOnce = async ({ attempts = 20, ms = 1000 } = {}) => {
    for (let attempt = 1; attempt <= attempts; attempt++) {
      const proposal = await request(b.url, "POST", "/api/proposals", {
        token: tokens.dave,
        body: { title: unique("probe") },
      });
      try {
        await until(() => clients.alice.count("proposal:created", proposal) > 0, { ms, what: "delivery" });
        return proposal;
      } catch {
        // Not yet: the instance is still (re)connecting to Redis.
      }
    }
    throw new Error(`no event crossed from B to A in ${attempts} attempts\nA:\n${a.logs()}\nB:\n${b.logs()}`);
  };

  /** Runs an action through `instance`, waits until `arrives` got it, then a quiet period. */
  const act = async (instance, actor, method, route, body, { event, arrives }) => {
    const proposal = await request(instance.url, method, route, { token: tokens[actor], body });
    await until(() => arrives.every((name) => clients[name].count(event, proposal) > 0), {
      ms: 10_000,
      what: `${event} reaching ${arrives.join(", ")}`,
    });
    await sleep(QUIET_MS);
    return proposal;
  };

  test("an event raised on B reaches recipients on A and B once each, never the actor", async () => {
    // dave (on A) creates through B: the admins alice (A) and sam (B) hear of it.
    const created = await act(b, "dave", "POST", "/api/proposals", { title: unique("x"), assignedTo: USERS.erin.id }, {
      event: "proposal:created",
      arrives: ["alice", "sam"],
    });
    assertDelivered(clients, { event: "proposal:created", id: created, expected: ["alice", "sam"], what: "dave created through B" });
  });

  test("the actor never receives its own event, on either instance", async () => {
    // alice (admin, on A) creates through B: only sam (B) hears of it.
    const byAlice = await act(b, "alice", "POST", "/api/proposals", { title: unique("by alice") }, {
      event: "proposal:created",
      arrives: ["sam"],
    });
    assertDelivered(clients, { event: "proposal:created", id: byAlice, expected: ["sam"], what: "alice created through B" });
    // sam (super_admin, on B) creates through A: only alice (A) hears of it.
    const bySam = await act(a, "sam", "POST", "/api/proposals", { title: unique("by sam") }, {
      event: "proposal:created",
      arrives: ["alice"],
    });
    assertDelivered(clients, { event: "proposal:created", id: bySam, expected: ["alice"], what: "sam created through A" });
  });

  test("a status change on B reaches creator, assignee and admins across instances once each", async () => {
    // Created and changed through B (its database has the proposal); the recipients sit on both.
    const proposal = await request(b.url, "POST", "/api/proposals", {
      token: tokens.erin,
      body: { title: unique("to approve"), assignedTo: USERS.dave.id },
    });
    await act(b, "carol", "PUT", `/api/proposals/${proposal.id}`, { status: "sent" }, {
      event: "proposal:statusChanged",
      arrives: ["erin", "dave", "alice", "sam"],
    });
    assertDelivered(clients, {
      event: "proposal:statusChanged",
      id: proposal,
      expected: ["erin", "dave", "alice", "sam"],
      what: "carol changed the status through B",
    });
  });

  test("Redis going away crashes nothing; each instance serves its own sockets; delivery resumes", async () => {
    const [logA, logB] = [a.logs().length, b.logs().length];
    await redis.kill();
    await Promise.all([
      a.waitForLog(/Redis is unavailable/, { from: logA }),
      b.waitForLog(/Redis is unavailable/, { from: logB }),
    ]);

    // During the outage: a request to A still reaches alice, on A.
    const local = await act(a, "dave", "POST", "/api/proposals", { title: unique("during the outage") }, {
      event: "proposal:created",
      arrives: ["alice"],
    });
    assert.equal(clients.alice.count("proposal:created", local), 1);
    // A client that drops meanwhile: B cannot save its session for recovery in Redis, and
    // must neither crash nor refuse the reconnection.
    const ready = clients.erin.nextReady();
    clients.erin.socket.io.engine.close();
    await ready.catch((error) => {
      throw new Error(`${error.message}; B ${b.alive() ? "runs" : "exited"}; its output:\n${b.logs()}`);
    });
    for (const instance of [a, b]) {
      assert.ok(instance.alive(), `${instance.name} exited during the outage:\n${instance.logs()}`);
      assert.deepEqual(await request(instance.url, "GET", "/api/health"), { ok: true });
    }

    redis = await startRedis(redis.port);
    await Promise.all([
      a.waitForLog(/Redis is back/, { from: logA }),
      b.waitForLog(/Redis is back/, { from: logB }),
    ]);
    await crossesOnce();
    const after = await act(b, "dave", "POST", "/api/proposals", { title: unique("after the outage") }, {
      event: "proposal:created",
      arrives: ["alice", "sam"],
    });
    assertDelivered(clients, { event: "proposal:created", id: after, expected: ["alice", "sam"], what: "dave created through B after the outage" });
    for (const instance of [a, b]) {
      assert.ok(instance.alive(), `${instance.name} exited:\n${instance.logs()}`);
    }
  });
});
