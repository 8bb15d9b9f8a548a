import { useEffect, useState } from "react";
import { api } from "../services/api";
import { toast } from "../utils/toast";

export default function Proposals() {
  const [proposals, setProposals] = useState([]);

  const fetchProposals = async () => {
    try {
      setProposals(await api.get("/api/proposals"));
    } catch (err) {
      toast.error(err.message);
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
          <li key={proposal.id}>
            {proposal.title} ({proposal.status}) {proposal.amount}
          </li>
        ))}
      </ul>
    </section>
  );
}
