const tasks = [];

module.exports = {
  find: async (filter) => tasks.filter((t) => t.owner === filter.owner),
  create: async (fields) => {
    const task = { _id: String(tasks.length + 1), ...fields };
    tasks.push(task);
    return task;
  },
  deleteOne: async ({ _id }) => {
    const i = tasks.findIndex((t) => t._id === _id);
    if (i >= 0) tasks.splice(i, 1);
  },
};
