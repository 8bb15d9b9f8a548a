import { useEffect, useState } from "react";
import { api } from "../services/api";
import { toast } from "../utils/toast";

export default function Proposals() {
  const [proposals, setProposals] = useState([]);
  const [title, setTitle] = useState("");
  const [amount, setAmount] = useState("");

  const fetchProposals = async () => {
    const data = await api.get("/api/proposals");
    setProposals(data);
  };

  useEffect(() => {
    fetchProposals();
  }, []);

  const handleCreate = async (event) => {
    event.preventDefault();
    try {
      await api.post("/api/proposals", { title, amount: Number(amount) || 0 });
      setTitle("");
      setAmount("");
      await fetchProposals();
    } catch (err) {
      toast.error(err.message);
    }
  };

  const handleApprove = async (id) => {
    try {
      await api.post(`/api/proposals/${id}/approve`);
      await fetchProposals();
    } catch (err) {
      toast.error(err.message);
    }
  };

  const handleDelete = async (id) => {
    try {
      await api.delete(`/api/proposals/${id}`);
      await fetchProposals();
    } catch (err) {
      toast.error(err.message);
    }
  };

  return (
    <section>
      <h1>Proposals</h1>
      <form className="create-form" onSubmit={handleCreate}>
        <input
          name="title"
          placeholder="Title"
          value={title}
          onChange={(event) => setTitle(event.target.value)}
          required
        />
        <input
          name="amount"
          type="number"
          min="0"
          placeholder="Amount"
          value={amount}
          onChange={(event) => setAmount(event.target.value)}
        />
        <button type="submit">Create proposal</button>
      </form>
      <table>
        <thead>
          <tr>
            <th>Title</th>
            <th>Amount</th>
            <th>Status</th>
            <th>Actions</th>
          </tr>
        </thead>
        <tbody>
          {proposals.map((proposal) => (
            <tr key={proposal.id} data-testid={`proposal-row-${proposal.id}`}>
              <td>{proposal.title}</td>
              <td>{proposal.amount}</td>
              <td data-testid="proposal-status">{proposal.status}</td>
              <td>
                {proposal.status !== "approved" && (
                  <button type="button" onClick={() => handleApprove(proposal.id)}>
                    Approve
                  </button>
                )}
                <button type="button" onClick={() => handleDelete(proposal.id)}>
                  Delete
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
