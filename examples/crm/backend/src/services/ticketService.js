import { desc, eq } from "drizzle-orm";
import { db } from "../db/index.js";
import { tickets } from "../db/schema.js";

/** Copies the writable ticket fields present in `data`. */
const pickTicketFields = (data = {}) => {
  const fields = {};
  if (data.title !== undefined) fields.title = String(data.title);
  if (data.status !== undefined) fields.status = String(data.status);
  if (data.assignedTo !== undefined) {
    fields.assignedTo = data.assignedTo === null ? null : Number(data.assignedTo);
  }
  return fields;
};

class TicketService {
  async getAllTickets() {
    return db.select().from(tickets).orderBy(desc(tickets.id));
  }

  async getTicketById(id) {
    const [ticket] = await db.select().from(tickets).where(eq(tickets.id, id));
    return ticket ?? null;
  }

  async createTicket(data, userId) {
    const [ticket] = await db
      .insert(tickets)
      .values({ ...pickTicketFields(data), createdBy: userId })
      .returning();
    return ticket;
  }

  async updateTicket(id, data, userId) {
    const fields = pickTicketFields(data);
    if (Object.keys(fields).length === 0) return this.getTicketById(id);
    const [ticket] = await db.update(tickets).set(fields).where(eq(tickets.id, id)).returning();
    return ticket ?? null;
  }

  async deleteTicket(id, userId) {
    const [ticket] = await db.delete(tickets).where(eq(tickets.id, id)).returning();
    return ticket ?? null;
  }
}

export default new TicketService();
