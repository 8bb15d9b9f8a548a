import { useState } from 'react';
import { useAuth } from './context/AuthContext';
import Tasks from './pages/Tasks';

function Login() {
  const { login } = useAuth();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState(null);

  const submit = async (event) => {
    event.preventDefault();
    try {
      await login(email, password);
    } catch (err) {
      setError(err.message);
    }
  };

  return (
    <form onSubmit={submit}>
      <label>
        Email
        <input value={email} onChange={(e) => setEmail(e.target.value)} />
      </label>
      <label>
        Password
        <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} />
      </label>
      <button type="submit">Sign in</button>
      {error && <p role="alert">{error}</p>}
    </form>
  );
}

export default function App() {
  const { token, logout } = useAuth();
  if (!token) return <Login />;
  return (
    <main>
      <button onClick={logout}>Sign out</button>
      <Tasks />
    </main>
  );
}
