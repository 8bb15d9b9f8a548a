//! The generated backend code, executed: node imports the events emitter and
//! the service wrapper rtgen wrote for a module whose name collides with the
//! templates' own words (`item`), against a fake socket.io server and an
//! in-memory base service. Each scenario asserts exactly which emits happen.

use crate::support::Project;

/// An in-memory base service exporting an instance, with methods returning
/// what real drivers return: rows, arrays of rows, nothing.
const ITEM_SERVICE: &str = r#"class ItemService {
  #rows = new Map();

  constructor() {
    this.nextId = 1;
    this.listCache = null;
  }

  get rows() {
    return this.#rows;
  }

  /** Cached: a create must invalidate it on this same object. */
  async listItems() {
    this.listCache ??= [...this.#rows.values()];
    return this.listCache;
  }

  async getItemById(id) {
    return this.rows.get(Number(id)) ?? null;
  }

  async createItem(data, userId) {
    this.listCache = null;
    const row = { id: this.nextId++, status: "draft", createdBy: userId, ...data };
    this.rows.set(row.id, row);
    return row;
  }

  async updateItem(id, data, userId) {
    const row = { ...this.rows.get(Number(id)), ...data };
    this.rows.set(row.id, row);
    // Like `db.update(...).returning()`: an array of rows.
    return [row];
  }

  async deleteItem(id, userId) {
    this.rows.delete(Number(id));
  }

  async archiveItem(id, userId) {
    throw new Error("archive failed");
  }

  use(option) {
    this.option = option;
    return this;
  }
}

export default new ItemService();
"#;

const ITEM_SPEC: &str = r#"module: item
events:
  - name: created
    recipients:
      fields: [assignedTo, watchers]
      roles: [admin]
    payload: [title]
  - name: updated
    recipients:
      fields: [createdBy, assignedTo]
  - name: statusChanged
    recipients:
      fields: [createdBy]
      roles: [admin, super_admin]
  - name: deleted
    recipients:
      fields: [createdBy]
    excludeActor: false
"#;

/// The scenarios, as one node program; it prints `ok` or throws.
const SCENARIOS: &str = r#"
import assert from "node:assert/strict";
import * as realtime from "./src/socket/realtime.js";
import itemService from "./src/services/itemServiceWithSocket.js";

const emits = [];
let failNext = false;
let onConnection = null;
const io = {
  on(event, handler) {
    assert.equal(event, "connection");
    onConnection = handler;
  },
  to(rooms) {
    const target = { rooms: [...rooms].sort(), except: [] };
    target.except = (room) => ({ ...target, excluded: room, emit: target.emit });
    target.emit = function (event, payload) {
      if (failNext) {
        failNext = false;
        throw new Error("adapter down");
      }
      emits.push({ rooms: target.rooms, excluded: this.excluded ?? null, event, payload });
    };
    return target;
  },
};
const take = () => emits.splice(0, emits.length);

// Before the runtime is attached: service calls work and nothing is emitted.
const early = await itemService.createItem({ title: "early" }, 9);
assert.equal(early.title, "early");
assert.deepEqual(take(), []);

realtime.attach(io);

// created: fields (one of them a list) and a role, one emit, actor excluded, whitelist.
const item = await itemService.createItem({ title: "a", assignedTo: 2, watchers: [3, 2, null], secret: "x" }, 1);
assert.deepEqual(take(), [{
  rooms: ["rtgen:role:admin", "rtgen:user:2", "rtgen:user:3"], excluded: "rtgen:user:1", event: "item:created",
  payload: { item: { id: item.id, title: "a" } },
}]);

// Nobody to tell: no emit at all (socket.io would broadcast `to([])` to everyone).
const orphan = await itemService.createItem({ title: "b" }, undefined);
take();
await itemService.deleteItem(orphan.id, 5);
assert.deepEqual(take(), []);

// An update returning an array, status unchanged: `updated`, not statusChanged.
await itemService.updateItem(item.id, { title: "a2" }, 2);
let sent = take();
assert.equal(sent.length, 1);
assert.equal(sent[0].event, "item:updated");
assert.equal(sent[0].payload.item.title, "a2");

// Status changed: statusChanged with old and new status, and no `updated`.
await itemService.updateItem(item.id, { status: "sent" }, 2);
sent = take();
assert.deepEqual(sent.map((e) => e.event), ["item:statusChanged"]);
assert.equal(sent[0].payload.oldStatus, "draft");
assert.equal(sent[0].payload.newStatus, "sent");
assert.deepEqual(sent[0].rooms, ["rtgen:role:admin", "rtgen:role:super_admin", "rtgen:user:1"]);
assert.equal(sent[0].excluded, "rtgen:user:2");

// A delete returning nothing: the entity read before the call; the actor is not excluded here.
await itemService.deleteItem(item.id, 1);
sent = take();
assert.deepEqual(sent.map((e) => [e.event, e.excluded, e.payload.item.id]), [["item:deleted", null, item.id]]);

// A failing emit never fails the service call.
failNext = true;
const other = await itemService.createItem({ title: "c", assignedTo: 4 }, 1);
assert.equal(other.title, "c");

// Untouched methods run on the base itself: private fields work and state is shared.
const before = (await itemService.listItems()).length;
await itemService.createItem({ title: "d" }, 1);
assert.equal((await itemService.listItems()).length, before + 1);

// Chaining returns the wrapper, so the next call still emits.
take();
await itemService.use("x").createItem({ title: "chained", assignedTo: 2 }, 1);
assert.deepEqual(take().map((e) => e.event), ["item:created"]);

// One stable function per method: a listener added with it can be removed with it.
assert.equal(itemService.listItems, itemService.listItems);

// A test spy on an overridden method wraps the emitting method, once.
const emitting = itemService.createItem;
let spied = 0;
itemService.createItem = function (...args) {
  spied += 1;
  return emitting.apply(this, args);
};
await itemService.createItem({ title: "spied", assignedTo: 2 }, 1);
assert.equal(spied, 1);
assert.deepEqual(take().map((e) => e.event), ["item:created"]);
itemService.createItem = emitting;

// Methods the spec does not touch are the base service's own, errors included.
await assert.rejects(() => itemService.archiveItem(1, 1), /archive failed/);
assert.equal((await itemService.getItemById(other.id)).title, "c");

// The runtime joins a connected socket to rtgen's rooms for the user the host's auth set,
// once the host's own handlers have run; a socket with no user joins none.
const socket = (user) => ({ connected: true, user, joined: [], join(rooms) { this.joined.push(...rooms); } });
const alice = socket({ id: 5, role: "admin" });
const nobody = socket(undefined);
onConnection(alice);
onConnection(nobody);
assert.deepEqual(alice.joined, [], "joined before the host's handlers ran");
await Promise.resolve();
assert.deepEqual(alice.joined, ["rtgen:user:5", "rtgen:role:admin"]);
assert.deepEqual(nobody.joined, []);
// attach is idempotent: a second call registers nothing more.
onConnection = null;
realtime.attach(io);
assert.equal(onConnection, null);

// Roles within a tenant go to that tenant's role rooms only; a record of no known tenant reaches no role.
take();
realtime.emit({ users: [], roles: ["admin"], tenant: 7 }, "x:e", {});
realtime.emit({ users: [], roles: ["admin"], tenant: undefined }, "x:e", {});
realtime.emit({ users: [{ _id: { toHexString: () => "64b0" } }], roles: [], except: 3 }, "x:e", {});
assert.deepEqual(take().map((e) => [e.rooms, e.excluded]), [
  [["rtgen:tenant:7:role:admin"], null],
  [["rtgen:user:64b0"], "rtgen:user:3"],
]);
console.log("ok");
"#;

#[test]
fn generated_emitter_and_service_behave_at_runtime() {
    let project = Project::example();
    project.write("backend/src/services/itemService.js", ITEM_SERVICE);
    project.write(
        "backend/src/controllers/itemController.js",
        "import itemService from \"../services/itemService.js\";\n\nexport const list = async (req, res) => res.json(await itemService.getItemById(1));\n",
    );
    project.write(
        "front/src/admin/pages/Items.jsx",
        "import { useState } from \"react\";\n\nexport default function Items() {\n  const [items, setItems] = useState([]);\n  return <ul>{items.map((item) => <li key={item.id}>{item.title}</li>)}</ul>;\n}\n",
    );
    project.write("realtime/item.yaml", ITEM_SPEC);
    project.rtgen_ok(&["add", "item"]);
    let output = std::process::Command::new("node")
        .args(["--input-type=module", "-e", SCENARIOS])
        .current_dir(project.root().join("backend"))
        .output()
        .expect("node runs");
    assert!(
        output.status.success() && String::from_utf8_lossy(&output.stdout).trim() == "ok",
        "generated code misbehaved:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    // The page effect must not shadow the list's own `item`.
    let page = project.read("front/src/admin/pages/Items.jsx");
    assert!(page.contains("subscribe((event, { item: changed })"), "{page}");
}

/// A base service whose get-by-id returns the record inside a wrapper, as a
/// drizzle join does (`{ deal, owner }`), and whose writes return nothing.
const DEAL_SERVICE: &str = r#"class DealService {
  #rows = new Map();
  #next = 1;

  async getDealById(id) {
    const deal = this.#rows.get(Number(id));
    return deal ? { deal, owner: { id: deal.createdBy, name: "someone" } } : undefined;
  }

  async createDeal(data, userId) {
    const deal = { id: this.#next++, status: "open", createdBy: userId, ...data };
    this.#rows.set(deal.id, deal);
    return { deal, owner: { id: userId } };
  }

  async updateDeal(id, data, userId) {
    this.#rows.set(Number(id), { ...this.#rows.get(Number(id)), ...data });
  }

  async deleteDeal(id, userId) {
    this.#rows.delete(Number(id));
  }
}

export default new DealService();
"#;

const DEAL_SCENARIOS: &str = r#"
import assert from "node:assert/strict";
import * as realtime from "./src/socket/realtime.js";
import dealService from "./src/services/dealServiceWithSocket.js";

const emits = [];
const io = {
  on() {},
  to(rooms) {
    const target = { except: () => target, emit: (event, payload) => emits.push({ event, payload }) };
    return target;
  },
};
realtime.attach(io);
const take = () => emits.splice(0, emits.length);

const created = await dealService.createDeal({ title: "d", assignedTo: 2 }, 1);
assert.equal(created.deal.title, "d", "the caller still gets the wrapper");
assert.deepEqual(take().map((e) => [e.event, e.payload.deal.id]), [["deal:created", created.deal.id]]);

await dealService.updateDeal(created.deal.id, { status: "won" }, 2);
let sent = take();
assert.deepEqual(sent.map((e) => e.event), ["deal:statusChanged"]);
assert.deepEqual([sent[0].payload.oldStatus, sent[0].payload.newStatus], ["open", "won"]);
assert.equal(sent[0].payload.deal.title, "d");

await dealService.deleteDeal(created.deal.id, 2);
sent = take();
assert.deepEqual(sent.map((e) => [e.event, e.payload.deal.id]), [["deal:deleted", created.deal.id]]);
console.log("ok");
"#;

/// `entity: deal`: the record is taken out of the wrapper the service returns.
#[test]
fn a_wrapped_record_is_unwrapped_for_every_event() {
    let project = Project::example();
    project.write("backend/src/services/dealService.js", DEAL_SERVICE);
    project.write(
        "backend/src/controllers/dealController.js",
        "import dealService from \"../services/dealService.js\";\n\nexport const get = async (req, res) => res.json(await dealService.getDealById(1));\n",
    );
    project.write(
        "front/src/admin/pages/Deals.jsx",
        "import { useState } from \"react\";\n\nexport default function Deals() {\n  const [deals, setDeals] = useState([]);\n  return <ul>{deals.map((d) => <li key={d.id}>{d.title}</li>)}</ul>;\n}\n",
    );
    project.write(
        "realtime/deal.yaml",
        "module: deal\nentity: deal\nevents:\n  - name: created\n    recipients: { fields: [assignedTo] }\n  - name: statusChanged\n    recipients: { fields: [createdBy] }\n    excludeActor: false\n  - name: deleted\n    recipients: { fields: [createdBy] }\n    excludeActor: false\n",
    );
    project.rtgen_ok(&["add", "deal"]);
    let output = std::process::Command::new("node")
        .args(["--input-type=module", "-e", DEAL_SCENARIOS])
        .current_dir(project.root().join("backend"))
        .output()
        .expect("node runs");
    assert!(
        output.status.success() && String::from_utf8_lossy(&output.stdout).trim() == "ok",
        "generated code misbehaved:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}
