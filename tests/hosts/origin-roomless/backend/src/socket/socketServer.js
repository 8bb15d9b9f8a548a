import { Server } from "socket.io";
import { userFromCookie } from "../middleware/auth.js";

/**
 * The app's socket.io server. Sockets authenticate with the `auth_session` cookie.
 * No rooms: it keeps the socket ids of each connected user and finds role holders
 * by looking at every socket.
 */
class SocketServer {
  constructor() {
    this.io = null;
    /** @type {Map<number, Set<string>>} user id -> socket ids */
    this.connectedUsers = new Map();
  }

  /** Attaches socket.io to the HTTP server. */
  initialize(httpServer) {
    this.io = new Server(httpServer, { cors: { origin: true, credentials: true } });
    this.setupMiddleware();
    this.setupConnectionHandlers();
  }

  setupMiddleware() {
    this.io.use(async (socket, next) => {
      const user = userFromCookie(socket.handshake.headers.cookie);
      if (!user) return next(new Error("Authentication required"));
      socket.user = { id: user.id, email: user.email, role: user.role };
      return next();
    });
  }

  setupConnectionHandlers() {
    this.io.on("connection", (socket) => {
      const userId = socket.user.id;
      if (!this.connectedUsers.has(userId)) this.connectedUsers.set(userId, new Set());
      this.connectedUsers.get(userId).add(socket.id);

      socket.emit("connection:success", { user: socket.user, socketId: socket.id });

      socket.on("disconnect", () => {
        const socketIds = this.connectedUsers.get(userId);
        socketIds?.delete(socket.id);
        if (socketIds?.size === 0) this.connectedUsers.delete(userId);
      });
    });
  }

  /** Emits to every socket of one user. */
  emitToUser(userId, event, data) {
    if (!this.io) return;
    for (const socketId of this.connectedUsers.get(userId) ?? []) {
      this.io.to(socketId).emit(event, data);
    }
  }

  /** Emits to every socket of each user. */
  emitToUsers(userIds, event, data) {
    for (const userId of userIds) this.emitToUser(userId, event, data);
  }

  /** Emits to every socket whose user holds one of `roles`. */
  emitToRoles(roles, event, data) {
    if (!this.io) return;
    for (const socket of this.io.sockets.sockets.values()) {
      if (roles.includes(socket.user?.role)) socket.emit(event, data);
    }
  }

  getIO() {
    return this.io;
  }
}

export default new SocketServer();
