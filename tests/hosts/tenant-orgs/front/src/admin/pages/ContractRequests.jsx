import { useEffect, useState } from "react";
import { api } from "../services/api";
import { toast } from "../utils/toast";

export default function ContractRequests() {
  const [contracts, setContracts] = useState([]);

  const fetchContracts = async () => {
    try {
      setContracts(await api.get("/api/contracts"));
    } catch (err) {
      toast.error(err.message);
    }
  };

  useEffect(() => {
    fetchContracts();
  }, []);

  const handleSign = async (id) => {
    await api.post(`/api/contracts/${id}/sign`);
    await fetchContracts();
  };

  return (
    <section>
      <h1>Contract requests</h1>
      <ul>
        {contracts.map((contract) => (
          <li key={contract.id}>
            {contract.title} ({contract.status})
            {contract.status !== "signed" && (
              <button type="button" onClick={() => handleSign(contract.id)}>
                Sign
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
