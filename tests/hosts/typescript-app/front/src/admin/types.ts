export interface User {
  id: number;
  name: string;
  email: string;
  role: string;
}

export interface Proposal {
  id: number;
  title: string;
  status: string;
  amount: number;
  assignedTo: number | null;
  createdBy: number;
}

export interface Contract {
  id: number;
  title: string;
  status: string;
  signers: number[];
}
