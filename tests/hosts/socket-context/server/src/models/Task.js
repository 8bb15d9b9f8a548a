import { ObjectId } from "../db/objectId.js";

export const STATUSES = ["todo", "in_progress", "review", "done"];

/** The tasks table, in memory. */
const rows = new Map();

/** Fails like a database refusing a column it does not know. */
const checkColumns = (data) => {
  for (const key of Object.keys(data)) {
    if (!["title", "status", "assignee", "reporter"].includes(key)) throw new Error(`unknown column "${key}"`);
  }
};

/** A model in the shape of Mongoose's and Sequelize's: static reads and writes that resolve. */
const Task = {
  async find() {
    return [...rows.values()].map((row) => ({ ...row }));
  },

  async findById(id) {
    const row = rows.get(String(id));
    return row ? { ...row } : null;
  },

  async create(data) {
    checkColumns(data);
    const row = { id: new ObjectId().toHexString(), status: "todo", assignee: null, ...data };
    rows.set(row.id, row);
    return { ...row };
  },

  async findByIdAndUpdate(id, changes) {
    checkColumns(changes);
    const row = rows.get(String(id));
    if (!row) return null;
    Object.assign(row, changes);
    return { ...row };
  },

  async findByIdAndDelete(id) {
    const row = rows.get(String(id));
    rows.delete(String(id));
    return row ? { ...row } : null;
  },
};

export default Task;
