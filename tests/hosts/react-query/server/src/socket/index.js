import jwt from "jsonwebtoken";
import { JWT_SECRET } from "../middleware/auth.js";

/**
 * Authenticates sockets with `auth: { token }` and puts each in the rooms
 * `user-<id>` and `<role>`.
 * @param {import("socket.io").Server} io
 */
export default function setupSocket(io) {
  io.use((socket, next) => {
    try {
      const payload = jwt.verify(socket.handshake.auth?.token, JWT_SECRET);
      socket.data.user = { _id: payload.sub, role: payload.role };
      next();
    } catch {
      next(new Error("Not authorized"));
    }
  });

  io.on("connection", (socket) => {
    socket.join(`user-${socket.data.user._id}`);
    socket.join(socket.data.user.role);
  });
}
