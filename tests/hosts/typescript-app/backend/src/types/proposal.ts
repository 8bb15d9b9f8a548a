export type ProposalStatus = "draft" | "sent" | "accepted" | "rejected";

export interface Proposal {
  id: number;
  title: string;
  status: ProposalStatus;
  amount: number;
  assignedTo: number | null;
  createdBy: number;
}

export type ProposalInput = Partial<Pick<Proposal, "title" | "status" | "amount" | "assignedTo">>;
