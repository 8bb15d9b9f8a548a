/** Copies the writable workOrder fields present in `data`. */
const pickFields = (data = {}) => {
  const fields = {};
  if (data.title !== undefined) fields.title = String(data.title);
  if (data.status !== undefined) fields.status = String(data.status);
  if (data.amount !== undefined) fields.amount = Number(data.amount);
  if (data.assignedTo !== undefined) fields.assignedTo = data.assignedTo === null ? null : Number(data.assignedTo);
  return fields;
};

/** WorkOrders, kept in memory. Stored rows are replaced, never mutated. */
class WorkOrderService {
  constructor() {
    this.workOrders = new Map();
    this.nextId = 1;
  }

  async getAllWorkOrders() {
    return [...this.workOrders.values()];
  }

  async getWorkOrderById(id) {
    return this.workOrders.get(Number(id)) ?? null;
  }

  async createWorkOrder(data, userId) {
    const workOrder = {
      id: this.nextId++,
      title: "",
      status: "draft",
      amount: 0,
      assignedTo: null,
      ...pickFields(data),
      createdBy: userId,
    };
    this.workOrders.set(workOrder.id, workOrder);
    return workOrder;
  }

  async updateWorkOrder(id, data, userId) {
    const current = await this.getWorkOrderById(id);
    if (!current) return null;
    const workOrder = { ...current, ...pickFields(data) };
    this.workOrders.set(workOrder.id, workOrder);
    return workOrder;
  }

  async deleteWorkOrder(id, userId) {
    const workOrder = await this.getWorkOrderById(id);
    if (workOrder) this.workOrders.delete(workOrder.id);
    return workOrder;
  }
}

export default new WorkOrderService();
