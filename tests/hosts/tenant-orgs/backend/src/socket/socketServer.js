import { Server } from "socket.io";
import { verifySocketToken } from "../middleware/socketAuth.js";
import { registerConnection } from "./connection.js";

let io = null;

/** Creates the socket.io server on `httpServer`; sockets authenticate with `auth: { token }`. */
export const initSocket = (httpServer) => {
  io = new Server(httpServer, { cors: { origin: "*" } });
  io.use(verifySocketToken);
  io.on("connection", registerConnection);
  return io;
};

export const getIO = () => io;
