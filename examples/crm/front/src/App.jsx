import { useState } from "react";
import { AuthProvider, useAuth } from "./admin/contexts/AuthContext";
import ContractRequests from "./admin/pages/ContractRequests";
import Login from "./admin/pages/Login";
import Proposals from "./admin/pages/Proposals";
import Tickets from "./admin/pages/Tickets";

const PAGES = [
  { key: "tickets", label: "Tickets", Component: Tickets },
  { key: "proposals", label: "Proposals", Component: Proposals },
  { key: "contracts", label: "Contract Requests", Component: ContractRequests },
];

/** Login screen when signed out; navigation and the current page when signed in. */
function Shell() {
  const { user, logout } = useAuth();
  const [page, setPage] = useState(PAGES[0].key);

  if (!user) return <Login />;

  const Page = PAGES.find((entry) => entry.key === page).Component;

  return (
    <div className="app">
      <header className="app-header">
        <nav>
          {PAGES.map((entry) => (
            <button
              key={entry.key}
              type="button"
              aria-current={entry.key === page ? "page" : undefined}
              onClick={() => setPage(entry.key)}
            >
              {entry.label}
            </button>
          ))}
        </nav>
        <span className="current-user" data-testid="current-user">
          {user.name} ({user.role})
        </span>
        <button type="button" onClick={logout}>
          Log out
        </button>
      </header>
      <main>
        <Page />
      </main>
    </div>
  );
}

export default function App() {
  return (
    <AuthProvider>
      <Shell />
      <div id="toast-container" className="toast-container" aria-live="polite" />
    </AuthProvider>
  );
}
