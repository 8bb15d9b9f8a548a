import { desc, eq } from "drizzle-orm";
import { db } from "../db/index.js";
import { contracts } from "../db/schema.js";

/** Copies the writable contract fields present in `data`. */
const pickContractFields = (data = {}) => {
  const fields = {};
  if (data.title !== undefined) fields.title = String(data.title);
  if (data.status !== undefined) fields.status = String(data.status);
  if (data.assignedTo !== undefined) {
    fields.assignedTo = data.assignedTo === null ? null : Number(data.assignedTo);
  }
  if (Array.isArray(data.signers)) fields.signers = data.signers.map(Number);
  return fields;
};

export class ContractService {
  async getAll() {
    return db.select().from(contracts).orderBy(desc(contracts.id));
  }

  async getById(id) {
    const [contract] = await db.select().from(contracts).where(eq(contracts.id, id));
    return contract ?? null;
  }

  async createContract(data, userId) {
    const [contract] = await db
      .insert(contracts)
      .values({ ...pickContractFields(data), createdBy: userId })
      .returning();
    return contract;
  }

  async updateContract(id, data, userId) {
    const fields = pickContractFields(data);
    if (Object.keys(fields).length === 0) return this.getById(id);
    const [contract] = await db
      .update(contracts)
      .set(fields)
      .where(eq(contracts.id, id))
      .returning();
    return contract ?? null;
  }

  async deleteContract(id, userId) {
    const [contract] = await db.delete(contracts).where(eq(contracts.id, id)).returning();
    return contract ?? null;
  }

  async signContract(id, userId) {
    const [contract] = await db
      .update(contracts)
      .set({ status: "signed" })
      .where(eq(contracts.id, id))
      .returning();
    return contract ?? null;
  }
}
