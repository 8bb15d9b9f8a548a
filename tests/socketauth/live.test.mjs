// Live test of `realtimeAuth`, the socket middleware rtgen generates from a host's own HTTP
// auth (src/plan/socket_auth.rs). On a prepared copy of a fixture host (tests/hosts/socketauth-*,
// RTGEN_SOCKETAUTH_APP), the host's real Express app and socket server run on 127.0.0.1 with the
// generated middleware in front (`io.use(authenticate)`, as rtgen's runtime does in `attach`);
// real socket.io-client clients log in through the host's real login route and connect the way
// the patched front does (Bearer: `auth: (cb) => cb({ token })`; cookies and sessions: the login cookie).
//
// Asserted: a valid credential gives the socket `socket.data.realtimeUser` with the id and role
// the host's auth proves; a missing, expired or forged credential connects fine, with no user;
// an id the client claims in `query` is ignored; the host's own socket features keep working;
// a reconnect reads the token again.
//
// Run: RTGEN_SOCKETAUTH_APP=<prepared copy> node --test tests/socketauth/live.test.mjs

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import http from "node:http";
import { createRequire } from "node:module";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { pathToFileURL } from "node:url";
import { io as connect } from "socket.io-client";

const root = process.env.RTGEN_SOCKETAUTH_APP;
if (!root) throw new Error("RTGEN_SOCKETAUTH_APP is not set: point it at a prepared copy of a tests/hosts/socketauth-* fixture");
const fixture = JSON.parse(readFileSync(path.join(root, "fixture.json"), "utf8"));
const backend = path.join(root, fixture.backend);
const secret = "live-test-secret";
process.env[fixture.secretEnv] = secret;

const requireHost = createRequire(path.join(backend, "package.json"));
const jwt = requireHost("jsonwebtoken");
const cjs = !JSON.parse(readFileSync(path.join(backend, "package.json"), "utf8")).type;

/** Loads a backend module the way the host does (require for CommonJS, import otherwise). */
const load = async (rel) => (cjs ? requireHost(path.join(backend, rel)) : import(pathToFileURL(path.join(backend, rel)).href));

let server;
let io;
let url;
const sockets = [];

before(async () => {
  const app = (await load(fixture.app)).default ?? (await load(fixture.app));
  const sockets = await load(fixture.socketServer);
  const { authenticate } = await load(path.join(path.relative(fixture.backend, fixture.socketDir), "realtimeAuth.js"));
  server = http.createServer(app);
  io = sockets[fixture.socketInit](server);
  io.use(authenticate);
  io.on("connection", (socket) => {
    socket.on("rtgen:whoami", (ack) => ack(socket.data.realtimeUser ?? null));
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${server.address().port}`;
});

after(async () => {
  for (const socket of sockets) socket.close();
  io?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve()));
});

/** Logs in through the host's real route: the token (Bearer) or the cookie header (cookies). */
async function login(email) {
  const response = await fetch(`${url}${fixture.login}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email }),
  });
  assert.equal(response.status, 200, `login ${email}`);
  if (fixture.auth !== "bearer") return response.headers.get("set-cookie").split(";")[0];
  return (await response.json()).token;
}

/** A client that sends `credential` the way the patched front does, plus `options`. */
async function client(credential, options = {}) {
  const credentialOptions =
    fixture.auth !== "bearer"
      ? credential ? { extraHeaders: { cookie: credential } } : {}
      : { auth: (cb) => cb(credential === undefined ? {} : { token: typeof credential === "function" ? credential() : credential }) };
  const socket = connect(url, { forceNew: true, reconnection: false, ...credentialOptions, ...options });
  sockets.push(socket);
  await new Promise((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("connect_error", reject);
  });
  return socket;
}

const whoami = (socket) => socket.emitWithAck("rtgen:whoami");

describe(`realtimeAuth on ${path.basename(root)}`, () => {
  it("gives a socket with a valid credential the user the host's auth proves", async () => {
    for (const [email, expected] of Object.entries(fixture.users)) {
      const socket = await client(await login(email));
      assert.deepEqual(await whoami(socket), expected, email);
    }
  });

  it("connects a socket without a credential, with no user", async () => {
    const socket = await client(undefined);
    assert.equal(socket.connected, true);
    assert.equal(await whoami(socket), null);
  });

  it("gives an expired or forged credential no user, and still connects", async () => {
    if (fixture.auth === "session") {
      // A session id the store does not hold, or no signed id at all.
      for (const cookie of fixture.forgedCookies) {
        const socket = await client(cookie);
        assert.equal(await whoami(socket), null, `cookie ${cookie} gave a user`);
      }
      return;
    }
    const [email, expected] = Object.entries(fixture.users)[0];
    const claims = { ...fixture.claims[email] };
    const expired = jwt.sign({ ...claims, exp: Math.floor(Date.now() / 1000) - 60 }, secret);
    const forged = jwt.sign(claims, "not-the-host-secret");
    const unsigned = `${expired.split(".").slice(0, 2).join(".")}.`;
    for (const token of [expired, forged, unsigned, "garbage"]) {
      const credential = fixture.auth === "cookie" ? `${fixture.cookie}=${token}` : token;
      const socket = await client(credential);
      assert.equal(await whoami(socket), null, `token ${token.slice(0, 16)}... gave a user`);
    }
    assert.ok(expected.id, "the fixture names the expected id");
  });

  it("ignores an id the client claims in the handshake query", async () => {
    const [, expected] = Object.entries(fixture.users)[0];
    const socket = await client(undefined, { query: { userId: expected.id, role: expected.role } });
    assert.equal(await whoami(socket), null);
  });

  it("keeps the host's own socket features working", async () => {
    const a = await client(undefined);
    const b = await client(await login(Object.keys(fixture.users)[1]));
    if (fixture.hostEvent === "register_user") {
      // The host's handler joins the room the client names; rtgen's middleware changes nothing of it.
      a.emit("register_user", "room-7");
      await whoami(a); // the ack comes after the host's handler ran
      const inRoom = await io.in("room-7").fetchSockets();
      assert.deepEqual(inRoom.map((s) => s.id), [a.id]);
    } else {
      const got = new Promise((resolve) => b.once(fixture.hostEvent, resolve));
      a.emit(fixture.hostEvent, "n1");
      assert.equal(await got, "n1");
    }
  });

  it("reads the credential again on a reconnect", async () => {
    if (fixture.auth !== "bearer") return; // the browser sends the current cookie on every handshake
    const [first, second] = Object.keys(fixture.users);
    let token = await login(first);
    const socket = await client(() => token);
    assert.equal((await whoami(socket)).id, fixture.users[first].id);
    token = await login(second);
    socket.disconnect();
    socket.connect();
    await new Promise((resolve) => socket.once("connect", resolve));
    assert.equal((await whoami(socket)).id, fixture.users[second].id);
  });
});
