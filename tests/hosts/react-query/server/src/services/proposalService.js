import { ObjectId } from "../db/objectId.js";

/** A user reference from a request body as an ObjectId; null stays null. */
const toUserId = (value) => (value == null ? null : new ObjectId(value));

/** Copies the writable proposal fields present in `data`. */
const pickFields = (data = {}) => {
  const fields = {};
  if (data.title !== undefined) fields.title = String(data.title);
  if (data.status !== undefined) fields.status = String(data.status);
  if (data.amount !== undefined) fields.amount = Number(data.amount);
  if (data.assignedTo !== undefined) fields.assignedTo = toUserId(data.assignedTo);
  return fields;
};

/** Proposals, kept in memory. Stored documents are replaced, never mutated. */
class ProposalService {
  constructor() {
    /** @type {Map<string, object>} */
    this.proposals = new Map();
  }

  async getAllProposals() {
    return [...this.proposals.values()];
  }

  async getProposalById(id) {
    return this.proposals.get(String(id)) ?? null;
  }

  async createProposal(data, userId) {
    const proposal = {
      id: new ObjectId().toHexString(),
      title: "",
      status: "draft",
      amount: 0,
      assignedTo: null,
      ...pickFields(data),
      createdBy: new ObjectId(userId),
    };
    this.proposals.set(proposal.id, proposal);
    return proposal;
  }

  async updateProposal(id, data, userId) {
    const current = await this.getProposalById(id);
    if (!current) return null;
    const proposal = { ...current, ...pickFields(data) };
    this.proposals.set(proposal.id, proposal);
    return proposal;
  }

  async deleteProposal(id, userId) {
    const proposal = await this.getProposalById(id);
    if (proposal) this.proposals.delete(proposal.id);
    return proposal;
  }
}

export default new ProposalService();
