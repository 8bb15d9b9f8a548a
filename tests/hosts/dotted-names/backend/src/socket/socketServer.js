import jwt from "jsonwebtoken";
import { Server } from "socket.io";
import { JWT_SECRET } from "../middleware/auth.js";

/**
 * The app's socket.io server. Sockets authenticate with `auth: { token }` and join
 * the rooms `user:<id>` and `role:<role>`.
 */
class SocketServer {
  constructor() {
    this.io = null;
  }

  /** Attaches socket.io to the HTTP server. */
  initialize(httpServer) {
    this.io = new Server(httpServer, { cors: { origin: "*" } });

    this.io.use((socket, next) => {
      try {
        const { id, role, email } = jwt.verify(socket.handshake.auth?.token, JWT_SECRET);
        socket.user = { id, role, email };
        next();
      } catch {
        next(new Error("unauthorized"));
      }
    });

    this.io.on("connection", (socket) => {
      socket.join(`user:${socket.user.id}`);
      socket.join(`role:${socket.user.role}`);
      socket.emit("connection:ready", { userId: socket.user.id });
    });
  }

  /** Emits to every socket of the given users; nothing for an empty list. */
  emitToUsers(userIds, event, data) {
    if (!this.io || userIds.length === 0) return;
    this.io.to(userIds.map((id) => `user:${id}`)).emit(event, data);
  }

  /** Emits to every socket of users holding one of `roles`; nothing for an empty list. */
  emitToRoles(roles, event, data) {
    if (!this.io || roles.length === 0) return;
    this.io.to(roles.map((role) => `role:${role}`)).emit(event, data);
  }

  getIO() {
    return this.io;
  }
}

export default new SocketServer();
