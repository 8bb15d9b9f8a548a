import { useEffect, useState } from "react";
import { api } from "../services/api";
import { toast } from "../utils/toast";

const ContractRequests = () => {
  const [contracts, setContracts] = useState([]);
  const [users, setUsers] = useState([]);
  const [title, setTitle] = useState("");
  const [signers, setSigners] = useState([]);

  const loadContracts = async () => {
    const data = await api.get("/api/contracts");
    setContracts(data);
  };

  useEffect(() => {
    loadContracts();
  }, []);

  useEffect(() => {
    api.get("/api/users").then(setUsers, () => setUsers([]));
  }, []);

  const userName = (id) => users.find((user) => user.id === id)?.name ?? id;

  const toggleSigner = (id) => {
    setSigners((prev) => (prev.includes(id) ? prev.filter((item) => item !== id) : [...prev, id]));
  };

  const handleCreate = async (event) => {
    event.preventDefault();
    try {
      await api.post("/api/contracts", { title, signers });
      setTitle("");
      setSigners([]);
      await loadContracts();
    } catch (err) {
      toast.error(err.message);
    }
  };

  const handleSign = async (id) => {
    try {
      await api.post(`/api/contracts/${id}/sign`);
      await loadContracts();
    } catch (err) {
      toast.error(err.message);
    }
  };

  const handleDelete = async (id) => {
    try {
      await api.delete(`/api/contracts/${id}`);
      await loadContracts();
    } catch (err) {
      toast.error(err.message);
    }
  };

  return (
    <section>
      <h1>Contract Requests</h1>
      <form className="create-form" onSubmit={handleCreate}>
        <input
          name="title"
          placeholder="Title"
          value={title}
          onChange={(event) => setTitle(event.target.value)}
          required
        />
        <fieldset>
          <legend>Signers</legend>
          {users.map((user) => (
            <label key={user.id}>
              <input
                type="checkbox"
                name="signers"
                value={user.id}
                checked={signers.includes(user.id)}
                onChange={() => toggleSigner(user.id)}
              />
              {user.name}
            </label>
          ))}
        </fieldset>
        <button type="submit">Request contract</button>
      </form>
      <table>
        <thead>
          <tr>
            <th>Title</th>
            <th>Signers</th>
            <th>Status</th>
            <th>Actions</th>
          </tr>
        </thead>
        <tbody>
          {contracts.map((contract) => (
            <tr key={contract.id} data-testid={`contract-row-${contract.id}`}>
              <td>{contract.title}</td>
              <td>{contract.signers.map(userName).join(", ")}</td>
              <td data-testid="contract-status">{contract.status}</td>
              <td>
                {contract.status !== "signed" && (
                  <button type="button" onClick={() => handleSign(contract.id)}>
                    Sign
                  </button>
                )}
                <button type="button" onClick={() => handleDelete(contract.id)}>
                  Delete
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
};

export default ContractRequests;
