import { io } from 'socket.io-client';

const socket = io(import.meta.env.VITE_SOCKET_URL, {
  autoConnect: false,
  transports: ['websocket'],
});

export const registerUser = (userId) => socket.emit('register_user', userId);

export default socket;
