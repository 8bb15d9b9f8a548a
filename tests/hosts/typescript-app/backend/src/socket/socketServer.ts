import type { Server as HttpServer } from "http";
import { Server } from "socket.io";
import { verifyToken } from "../middleware/auth.js";

/**
 * The app's socket.io server. Sockets authenticate with `auth: { token }` and join
 * the rooms `user:<id>` and `role:<role>`.
 */
class SocketServer {
  private io: Server | null = null;

  /** Attaches socket.io to the HTTP server. */
  initialize(httpServer: HttpServer): void {
    this.io = new Server(httpServer, { cors: { origin: "*" } });

    this.io.use((socket, next) => {
      try {
        socket.data.user = verifyToken(socket.handshake.auth?.token);
        next();
      } catch {
        next(new Error("unauthorized"));
      }
    });

    this.io.on("connection", (socket) => {
      socket.join(`user:${socket.data.user.id}`);
      socket.join(`role:${socket.data.user.role}`);
      socket.emit("connection:ready", { userId: socket.data.user.id });
    });
  }

  getIO(): Server | null {
    return this.io;
  }
}

export default new SocketServer();
