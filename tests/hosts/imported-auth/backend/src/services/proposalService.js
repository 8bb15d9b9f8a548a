/** Copies the writable proposal fields present in `data`. */
const pickFields = (data = {}) => {
  const fields = {};
  if (data.title !== undefined) fields.title = String(data.title);
  if (data.status !== undefined) fields.status = String(data.status);
  if (data.amount !== undefined) fields.amount = Number(data.amount);
  if (data.assignedTo !== undefined) fields.assignedTo = data.assignedTo === null ? null : Number(data.assignedTo);
  return fields;
};

/** Proposals, kept in memory. Stored rows are replaced, never mutated. */
class ProposalService {
  constructor() {
    this.proposals = new Map();
    this.nextId = 1;
  }

  async getAllProposals() {
    return [...this.proposals.values()];
  }

  async getProposalById(id) {
    return this.proposals.get(Number(id)) ?? null;
  }

  async createProposal(data, userId) {
    const proposal = {
      id: this.nextId++,
      title: "",
      status: "draft",
      amount: 0,
      assignedTo: null,
      ...pickFields(data),
      createdBy: userId,
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
