import workOrderService from "../services/work-order.service.js";

/** Answers with the workOrder, or 404 when there is none. */
const send = (res, workOrder, status = 200) =>
  workOrder ? res.status(status).json(workOrder) : res.status(404).json({ error: "workOrder not found" });

/** GET /api/work-orders */
export const list = async (req, res, next) => {
  try {
    res.json(await workOrderService.getAllWorkOrders());
  } catch (error) {
    next(error);
  }
};

/** GET /api/work-orders/:id */
export const get = async (req, res, next) => {
  try {
    send(res, await workOrderService.getWorkOrderById(req.params.id));
  } catch (error) {
    next(error);
  }
};

/** POST /api/work-orders */
export const create = async (req, res, next) => {
  try {
    if (!req.body?.title) return res.status(400).json({ error: "title is required" });
    return send(res, await workOrderService.createWorkOrder(req.body, req.user.id), 201);
  } catch (error) {
    return next(error);
  }
};

/** PUT /api/work-orders/:id */
export const update = async (req, res, next) => {
  try {
    send(res, await workOrderService.updateWorkOrder(req.params.id, req.body ?? {}, req.user.id));
  } catch (error) {
    next(error);
  }
};

/** DELETE /api/work-orders/:id */
export const remove = async (req, res, next) => {
  try {
    send(res, await workOrderService.deleteWorkOrder(req.params.id, req.user.id));
  } catch (error) {
    next(error);
  }
};
