import { create } from 'zustand'
import { api } from '../api/client'
import { useSocketStore } from './socketStore'

/** The signed-in user; signing in opens the socket, signing out closes it. */
export const useAuthStore = create((set) => ({
  user: null,

  login: async (email, password) => {
    const { token, user } = await api.post('/api/auth/login', { email, password })
    localStorage.setItem('token', token)
    set({ user })
    useSocketStore.getState().connect(token)
  },

  logout: () => {
    useSocketStore.getState().disconnect()
    localStorage.removeItem('token')
    set({ user: null })
  },
}))
