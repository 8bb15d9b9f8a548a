import { Server } from "socket.io";
import { verifyToken } from "../middleware/auth.js";

let io = null;

/**
 * Attaches socket.io to the HTTP server. Each socket must authenticate with
 * `auth: { token }` and joins the rooms `user:<id>` and `role:<role>`.
 * @param {import("http").Server} httpServer
 * @returns {Server}
 */
export const initSocketServer = (httpServer) => {
  io = new Server(httpServer, { cors: { origin: "*" } });

  io.use((socket, next) => {
    try {
      socket.user = verifyToken(socket.handshake.auth?.token);
      next();
    } catch {
      next(new Error("unauthorized"));
    }
  });

  io.on("connection", (socket) => {
    socket.join(`user:${socket.user.id}`);
    socket.join(`role:${socket.user.role}`);
    socket.emit("connection:ready", { userId: socket.user.id });
  });

  return io;
};

/** @returns {Server | null} the socket.io server, or null before start-up */
export const getIO = () => io;

/** Emits `event` to every socket of one user. No-op without a socket server. */
export const emitToUser = (userId, event, data) => {
  if (!io) return;
  io.to(`user:${userId}`).emit(event, data);
};

/** Emits `event` to every socket of users holding `role`. No-op without a socket server. */
export const emitToRole = (role, event, data) => {
  if (!io) return;
  io.to(`role:${role}`).emit(event, data);
};
