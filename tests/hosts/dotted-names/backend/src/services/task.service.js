/** Copies the writable task fields present in `data`. */
const pickFields = (data = {}) => {
  const fields = {};
  if (data.title !== undefined) fields.title = String(data.title);
  if (data.status !== undefined) fields.status = String(data.status);
  if (data.amount !== undefined) fields.amount = Number(data.amount);
  if (data.assignedTo !== undefined) fields.assignedTo = data.assignedTo === null ? null : Number(data.assignedTo);
  return fields;
};

/** Tasks, kept in memory. Stored rows are replaced, never mutated. */
class TaskService {
  constructor() {
    this.tasks = new Map();
    this.nextId = 1;
  }

  async getAllTasks() {
    return [...this.tasks.values()];
  }

  async getTaskById(id) {
    return this.tasks.get(Number(id)) ?? null;
  }

  async createTask(data, userId) {
    const task = {
      id: this.nextId++,
      title: "",
      status: "draft",
      amount: 0,
      assignedTo: null,
      ...pickFields(data),
      createdBy: userId,
    };
    this.tasks.set(task.id, task);
    return task;
  }

  async updateTask(id, data, userId) {
    const current = await this.getTaskById(id);
    if (!current) return null;
    const task = { ...current, ...pickFields(data) };
    this.tasks.set(task.id, task);
    return task;
  }

  async deleteTask(id, userId) {
    const task = await this.getTaskById(id);
    if (task) this.tasks.delete(task.id);
    return task;
  }
}

export default new TaskService();
