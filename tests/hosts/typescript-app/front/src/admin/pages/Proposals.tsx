import { useEffect, useState } from "react";
import { api } from "../services/api";
import type { Proposal } from "../types";
import { toast } from "../utils/toast";

export default function Proposals() {
  const [proposals, setProposals] = useState<Proposal[]>([]);

  const fetchProposals = async () => {
    try {
      setProposals(await api.get<Proposal[]>("/api/proposals"));
    } catch (err) {
      toast.error(err instanceof Error ? err.message : String(err));
    }
  };

  useEffect(() => {
    fetchProposals();
  }, []);

  return (
    <section>
      <h1>Proposals</h1>
      <ul>
        {proposals.map((proposal) => (
          <li key={proposal.id} data-testid={`proposal-row-${proposal.id}`}>
            {proposal.title} ({proposal.status}) {proposal.amount}
          </li>
        ))}
      </ul>
    </section>
  );
}
