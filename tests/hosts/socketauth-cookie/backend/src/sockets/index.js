import { Server } from "socket.io";

// Broadcast only: the sockets are not authenticated.
export function setupSockets(httpServer) {
  const io = new Server(httpServer, { cors: { origin: process.env.CLIENT_URL, credentials: true } });
  io.on("connection", (socket) => {
    socket.on("typing", (noteId) => socket.broadcast.emit("typing", noteId));
  });
  return io;
}
