import { AuthProvider, useAuth } from "./admin/contexts/AuthContext";
import Login from "./admin/pages/Login";
import Proposals from "./admin/pages/Proposals";

/** Login screen when signed out; the proposals page when signed in. */
function Shell() {
  const { user, logout } = useAuth();

  if (!user) return <Login />;

  return (
    <div className="app">
      <header className="app-header">
        <nav>
          <button type="button" aria-current="page">
            Proposals
          </button>
        </nav>
        <span className="current-user" data-testid="current-user">
          {user.name} ({user.role})
        </span>
        <button type="button" onClick={logout}>
          Log out
        </button>
      </header>
      <main>
        <Proposals />
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
