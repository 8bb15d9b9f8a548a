import type { Proposal, ProposalInput, ProposalStatus } from "../types/proposal.js";

/** Copies the writable proposal fields present in `data`. */
const pickFields = (data: Record<string, unknown> = {}): ProposalInput => {
  const fields: ProposalInput = {};
  if (data.title !== undefined) fields.title = String(data.title);
  if (data.status !== undefined) fields.status = String(data.status) as ProposalStatus;
  if (data.amount !== undefined) fields.amount = Number(data.amount);
  if (data.assignedTo !== undefined) fields.assignedTo = data.assignedTo === null ? null : Number(data.assignedTo);
  return fields;
};

/** Proposals, kept in memory. Stored rows are replaced, never mutated. */
class ProposalService {
  private proposals = new Map<number, Proposal>();
  private nextId = 1;

  async getAllProposals(): Promise<Proposal[]> {
    return [...this.proposals.values()];
  }

  async getProposalById(id: number | string): Promise<Proposal | null> {
    return this.proposals.get(Number(id)) ?? null;
  }

  async createProposal(data: Record<string, unknown>, userId: number): Promise<Proposal> {
    const proposal: Proposal = {
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

  async updateProposal(id: number | string, data: Record<string, unknown>, userId: number): Promise<Proposal | null> {
    const current = await this.getProposalById(id);
    if (!current) return null;
    const proposal: Proposal = { ...current, ...pickFields(data) };
    this.proposals.set(proposal.id, proposal);
    return proposal;
  }

  async deleteProposal(id: number | string, userId: number): Promise<Proposal | null> {
    const proposal = await this.getProposalById(id);
    if (proposal) this.proposals.delete(proposal.id);
    return proposal;
  }
}

export default new ProposalService();
