const ObjectId = require('../utils/objectId');

const STATUSES = ['todo', 'in_progress', 'review', 'done'];
const COLUMNS = ['title', 'status', 'assignee', 'reporter'];

/** The tasks collection, in memory. */
const rows = new Map();

/** Fails like a database refusing a field it does not know. */
const checkFields = (data) => {
    for (const key of Object.keys(data)) {
        if (!COLUMNS.includes(key)) throw new Error(`unknown field "${key}"`);
    }
};

/** A model shaped like Mongoose's: static reads and writes that resolve. */
const Task = {
    STATUSES,

    async find() {
        return [...rows.values()].map((row) => ({ ...row }));
    },

    async findById(id) {
        const row = rows.get(String(id));
        return row ? { ...row } : null;
    },

    async create(data) {
        checkFields(data);
        const row = { id: new ObjectId().toHexString(), status: 'todo', assignee: null, ...data };
        rows.set(row.id, row);
        return { ...row };
    },

    async findByIdAndUpdate(id, changes) {
        checkFields(changes);
        const row = rows.get(String(id));
        if (!row) return null;
        Object.assign(row, changes);
        return { ...row };
    },

    async findByIdAndDelete(id) {
        const row = rows.get(String(id));
        rows.delete(String(id));
        return row ? { ...row } : null;
    }
};

module.exports = Task;
