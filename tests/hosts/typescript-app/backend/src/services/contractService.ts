import type { Contract, ContractInput } from "../types/contract.js";

/** Copies the writable contract fields present in `data`. */
const pickFields = (data: Record<string, unknown> = {}): ContractInput => {
  const fields: ContractInput = {};
  if (data.title !== undefined) fields.title = String(data.title);
  if (data.status !== undefined) fields.status = String(data.status);
  if (data.amount !== undefined) fields.amount = Number(data.amount);
  if (data.assignedTo !== undefined) fields.assignedTo = data.assignedTo === null ? null : Number(data.assignedTo);
  if (Array.isArray(data.signers)) fields.signers = data.signers.map(Number);
  return fields;
};

/** Contracts, kept in memory. Stored rows are replaced, never mutated. */
class ContractService {
  private contracts = new Map<number, Contract>();
  private nextId = 1;

  async getAllContracts(): Promise<Contract[]> {
    return [...this.contracts.values()];
  }

  async getContractById(id: number | string): Promise<Contract | null> {
    return this.contracts.get(Number(id)) ?? null;
  }

  async createContract(data: Record<string, unknown>, userId: number): Promise<Contract> {
    const contract: Contract = {
      id: this.nextId++,
      title: "",
      status: "draft",
      amount: 0,
      assignedTo: null,
      signers: [],
      ...pickFields(data),
      createdBy: userId,
    };
    this.contracts.set(contract.id, contract);
    return contract;
  }

  async updateContract(id: number | string, data: Record<string, unknown>, userId: number): Promise<Contract | null> {
    const current = await this.getContractById(id);
    if (!current) return null;
    const contract: Contract = { ...current, ...pickFields(data) };
    this.contracts.set(contract.id, contract);
    return contract;
  }

  async deleteContract(id: number | string, userId: number): Promise<Contract | null> {
    const contract = await this.getContractById(id);
    if (contract) this.contracts.delete(contract.id);
    return contract;
  }

  async signContract(id: number | string, userId: number): Promise<Contract | null> {
    const current = await this.getContractById(id);
    if (!current) return null;
    const contract: Contract = { ...current, status: "signed" };
    this.contracts.set(contract.id, contract);
    return contract;
  }
}

export default new ContractService();
