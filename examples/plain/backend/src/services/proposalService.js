import { desc, eq } from "drizzle-orm";
import { db } from "../db/index.js";
import { proposals } from "../db/schema.js";

/** Copies the writable proposal fields present in `data`. */
const pickProposalFields = (data = {}) => {
  const fields = {};
  if (data.title !== undefined) fields.title = String(data.title);
  if (data.amount !== undefined) fields.amount = Math.round(Number(data.amount) || 0);
  if (data.status !== undefined) fields.status = String(data.status);
  if (data.internalNotes !== undefined) fields.internalNotes = data.internalNotes;
  if (data.assignedTo !== undefined) {
    fields.assignedTo = data.assignedTo === null ? null : Number(data.assignedTo);
  }
  return fields;
};

class ProposalService {
  async getAllProposals() {
    return db.select().from(proposals).orderBy(desc(proposals.id));
  }

  async getProposalById(id) {
    const [proposal] = await db.select().from(proposals).where(eq(proposals.id, id));
    return proposal ?? null;
  }

  async createProposal(data, userId) {
    const [proposal] = await db
      .insert(proposals)
      .values({ ...pickProposalFields(data), createdBy: userId })
      .returning();
    return proposal;
  }

  async updateProposal(id, data, userId) {
    const fields = pickProposalFields(data);
    if (Object.keys(fields).length === 0) return this.getProposalById(id);
    const [proposal] = await db
      .update(proposals)
      .set(fields)
      .where(eq(proposals.id, id))
      .returning();
    return proposal ?? null;
  }

  async deleteProposal(id, userId) {
    const [proposal] = await db.delete(proposals).where(eq(proposals.id, id)).returning();
    return proposal ?? null;
  }

  async approveProposal(id, userId) {
    const [proposal] = await db
      .update(proposals)
      .set({ status: "approved" })
      .where(eq(proposals.id, id))
      .returning();
    return proposal ?? null;
  }
}

export default new ProposalService();
