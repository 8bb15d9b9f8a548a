const { Server } = require("socket.io");
const jwt = require("jsonwebtoken");
const { JWT_SECRET } = require("../middleware/auth");
const { onConnection } = require("./handlers");

let io = null;

/**
 * Creates the socket.io server on `httpServer`: sockets authenticate with
 * `auth: { token }`; the token's subject and role are kept on the socket.
 */
function initSocketServer(httpServer) {
  io = new Server(httpServer, { cors: { origin: "*" } });

  io.use((socket, next) => {
    try {
      const payload = jwt.verify(socket.handshake.auth && socket.handshake.auth.token, JWT_SECRET);
      socket.userId = payload.sub;
      socket.role = payload.role;
      next();
    } catch (error) {
      next(new Error("Not authorized"));
    }
  });

  io.on("connection", onConnection);
}

/** The server, once `initSocketServer` ran. */
const getIO = () => io;

module.exports = { initSocketServer, getIO };
