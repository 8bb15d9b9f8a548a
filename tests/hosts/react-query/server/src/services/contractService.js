import { ObjectId } from "../db/objectId.js";

/** A user reference from a request body as an ObjectId; null stays null. */
const toUserId = (value) => (value == null ? null : new ObjectId(value));

/** Copies the writable contract fields present in `data`. */
const pickFields = (data = {}) => {
  const fields = {};
  if (data.title !== undefined) fields.title = String(data.title);
  if (data.status !== undefined) fields.status = String(data.status);
  if (data.amount !== undefined) fields.amount = Number(data.amount);
  if (data.assignedTo !== undefined) fields.assignedTo = toUserId(data.assignedTo);
  if (Array.isArray(data.signers)) fields.signers = data.signers.map((id) => new ObjectId(id));
  return fields;
};

/** Contracts, kept in memory. Stored documents are replaced, never mutated. */
class ContractService {
  constructor() {
    /** @type {Map<string, object>} */
    this.contracts = new Map();
  }

  async getAllContracts() {
    return [...this.contracts.values()];
  }

  async getContractById(id) {
    return this.contracts.get(String(id)) ?? null;
  }

  async createContract(data, userId) {
    const contract = {
      id: new ObjectId().toHexString(),
      title: "",
      status: "draft",
      amount: 0,
      assignedTo: null,
      signers: [],
      ...pickFields(data),
      createdBy: new ObjectId(userId),
    };
    this.contracts.set(contract.id, contract);
    return contract;
  }

  async updateContract(id, data, userId) {
    const current = await this.getContractById(id);
    if (!current) return null;
    const contract = { ...current, ...pickFields(data) };
    this.contracts.set(contract.id, contract);
    return contract;
  }

  async deleteContract(id, userId) {
    const contract = await this.getContractById(id);
    if (contract) this.contracts.delete(contract.id);
    return contract;
  }

  async signContract(id, userId) {
    const current = await this.getContractById(id);
    if (!current) return null;
    const contract = { ...current, status: "signed" };
    this.contracts.set(contract.id, contract);
    return contract;
  }
}

export default new ContractService();
