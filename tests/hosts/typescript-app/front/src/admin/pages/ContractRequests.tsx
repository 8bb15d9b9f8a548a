import { useCallback, useEffect, useState } from "react";
import { api } from "../services/api";
import type { Contract } from "../types";

/** Contract requests: the list, reloaded by `loadContracts`. */
const ContractRequests = () => {
  const [contracts, setContracts] = useState<Contract[]>([]);
  const [error, setError] = useState<string | null>(null);

  const loadContracts = useCallback(async () => {
    try {
      setContracts(await api.get<Contract[]>("/api/contracts"));
      setError(null);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  }, []);

  useEffect(() => {
    loadContracts();
  }, [loadContracts]);

  return (
    <section>
      <h1>Contract requests</h1>
      {error && <p role="alert">{error}</p>}
      <ul>
        {contracts.map((contract) => (
          <li key={contract.id}>
            {contract.title} ({contract.status}) signers: {contract.signers.length}
          </li>
        ))}
      </ul>
    </section>
  );
};

export default ContractRequests;
