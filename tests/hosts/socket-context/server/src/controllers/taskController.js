import Task, { STATUSES } from "../models/Task.js";

/** GET /api/tasks */
export const getTasks = async (req, res, next) => {
  try {
    const tasks = await Task.find();
    res.status(200).json({ success: true, count: tasks.length, data: tasks });
  } catch (error) {
    next(error);
  }
};

/** GET /api/tasks/:id */
export const getTask = async (req, res, next) => {
  try {
    const task = await Task.findById(req.params.id);
    if (!task) {
      return res.status(404).json({ success: false, message: "Task not found" });
    }
    res.status(200).json({ success: true, data: task });
  } catch (error) {
    next(error);
  }
};

/** POST /api/tasks */
export const createTask = async (req, res, next) => {
  try {
    const { title, assignee } = req.body ?? {};
    if (!title) {
      return res.status(400).json({ success: false, message: "Title is required" });
    }
    const task = await Task.create({ title, assignee: assignee ?? null, reporter: String(req.user._id) });
    res.status(201).json({ success: true, data: task });
  } catch (error) {
    next(error);
  }
};

/** PUT /api/tasks/:id: a done task is locked; the model throws on a field it does not know. */
export const updateTask = async (req, res, next) => {
  try {
    const task = await Task.findById(req.params.id);
    if (!task) {
      return res.status(404).json({ success: false, message: "Task not found" });
    }
    if (task.status === "done" && !req.body?.status) {
      return res.status(409).json({ success: false, message: "A done task is locked", data: task });
    }
    if (req.body?.status && !STATUSES.includes(req.body.status)) {
      return res.status(422).json({ success: false, message: `Status must be one of ${STATUSES.join(", ")}` });
    }
    const updated = await Task.findByIdAndUpdate(req.params.id, req.body ?? {});
    res.status(200).json({ success: true, data: updated });
  } catch (error) {
    next(error);
  }
};

/** DELETE /api/tasks/:id */
export const deleteTask = async (req, res, next) => {
  try {
    const task = await Task.findById(req.params.id);
    if (!task) {
      return res.status(404).json({ success: false, message: "Task not found" });
    }
    await Task.findByIdAndDelete(req.params.id);
    res.status(200).json({ success: true, message: "Task deleted" });
  } catch (error) {
    next(error);
  }
};
