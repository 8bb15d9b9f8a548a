import { useState, type FormEvent } from "react";
import { useAuth } from "./contexts/AuthContext";
import ContractRequests from "./pages/ContractRequests";
import Proposals from "./pages/Proposals";

/** A login form, then the signed-in user's pages. */
export default function App() {
  const { user, login, logout } = useAuth();
  const [page, setPage] = useState<"proposals" | "contracts">("proposals");
  const [error, setError] = useState<string | null>(null);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    try {
      await login(String(form.get("email")), String(form.get("password")));
      setError(null);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };

  if (!user) {
    return (
      <form onSubmit={onSubmit}>
        <input name="email" type="email" aria-label="Email" />
        <input name="password" type="password" aria-label="Password" />
        <button type="submit">Sign in</button>
        {error && <p role="alert">{error}</p>}
      </form>
    );
  }
  return (
    <main>
      <header>
        <span data-testid="current-user">{user.email}</span>
        <button onClick={() => setPage("proposals")}>Proposals</button>
        <button onClick={() => setPage("contracts")}>Contracts</button>
        <button onClick={logout}>Sign out</button>
      </header>
      {page === "proposals" ? <Proposals /> : <ContractRequests />}
    </main>
  );
}
