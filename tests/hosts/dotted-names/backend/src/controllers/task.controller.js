import taskService from "../services/task.service.js";

/** Answers with the task, or 404 when there is none. */
const send = (res, task, status = 200) =>
  task ? res.status(status).json(task) : res.status(404).json({ error: "task not found" });

/** GET /api/tasks */
export const list = async (req, res, next) => {
  try {
    res.json(await taskService.getAllTasks());
  } catch (error) {
    next(error);
  }
};

/** GET /api/tasks/:id */
export const get = async (req, res, next) => {
  try {
    send(res, await taskService.getTaskById(req.params.id));
  } catch (error) {
    next(error);
  }
};

/** POST /api/tasks */
export const create = async (req, res, next) => {
  try {
    if (!req.body?.title) return res.status(400).json({ error: "title is required" });
    return send(res, await taskService.createTask(req.body, req.user.id), 201);
  } catch (error) {
    return next(error);
  }
};

/** PUT /api/tasks/:id */
export const update = async (req, res, next) => {
  try {
    send(res, await taskService.updateTask(req.params.id, req.body ?? {}, req.user.id));
  } catch (error) {
    next(error);
  }
};

/** DELETE /api/tasks/:id */
export const remove = async (req, res, next) => {
  try {
    send(res, await taskService.deleteTask(req.params.id, req.user.id));
  } catch (error) {
    next(error);
  }
};
