export interface Contract {
  id: number;
  title: string;
  status: string;
  amount: number;
  assignedTo: number | null;
  signers: number[];
  createdBy: number;
}

export type ContractInput = Partial<Pick<Contract, "title" | "status" | "amount" | "assignedTo" | "signers">>;
