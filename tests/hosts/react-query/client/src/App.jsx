import { useState } from 'react'
import Proposals from './pages/Proposals'
import { useAuthStore } from './store/authStore'
import { useSocketStore } from './store/socketStore'

function Login() {
  const login = useAuthStore((state) => state.login)
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const [error, setError] = useState(null)

  const submit = async (event) => {
    event.preventDefault()
    try {
      await login(email, password)
    } catch (err) {
      setError(err.message)
    }
  }

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
  )
}

export default function App() {
  const user = useAuthStore((state) => state.user)
  const logout = useAuthStore((state) => state.logout)
  const connected = useSocketStore((state) => state.connected)
  if (!user) return <Login />
  return (
    <main>
      <p>{connected ? 'Live' : 'Offline'}</p>
      <button onClick={logout}>Sign out</button>
      <Proposals />
    </main>
  )
}
