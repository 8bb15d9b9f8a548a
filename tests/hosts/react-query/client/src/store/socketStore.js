import { create } from 'zustand'
import { io } from 'socket.io-client'
import { API_URL } from '../api/client'

/** The app's socket.io connection, opened at sign-in and closed at sign-out. */
export const useSocketStore = create((set, get) => ({
  socket: null,
  connected: false,

  connect: (token) => {
    if (get().socket) return
    const socket = io(API_URL, { auth: { token }, transports: ['websocket'] })
    socket.on('connect', () => set({ connected: true }))
    socket.on('disconnect', () => set({ connected: false }))
    set({ socket })
  },

  disconnect: () => {
    get().socket?.disconnect()
    set({ socket: null, connected: false })
  },
}))
