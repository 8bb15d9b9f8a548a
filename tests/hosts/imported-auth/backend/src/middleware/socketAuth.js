import jwt from "jsonwebtoken";
import { JWT_SECRET } from "./auth.js";

/** Socket.io middleware: the handshake's token, verified, names the socket's user. */
export const verifySocketToken = (socket, next) => {
  try {
    const payload = jwt.verify(socket.handshake.auth?.token, JWT_SECRET);
    socket.data.user = { id: payload.id, role: payload.role, email: payload.email };
    next();
  } catch {
    next(new Error("unauthorized"));
  }
};
