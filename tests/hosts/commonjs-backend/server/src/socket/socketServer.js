const { Server } = require("socket.io");
const jwt = require("jsonwebtoken");
const { JWT_SECRET } = require("../middleware/auth");

let io = null;

/**
 * Creates the socket.io server on `httpServer`: sockets authenticate with
 * `auth: { token }` and join `user-<id>` and their role's room.
 */
function initSocketServer(httpServer) {
  io = new Server(httpServer, { cors: { origin: "*" } });

  io.use((socket, next) => {
    try {
      const payload = jwt.verify(socket.handshake.auth && socket.handshake.auth.token, JWT_SECRET);
      socket.user = { id: payload.sub, role: payload.role };
      next();
    } catch (error) {
      next(new Error("Not authorized"));
    }
  });

  io.on("connection", (socket) => {
    socket.join(`user-${socket.user.id}`);
    socket.join(`role-${socket.user.role}`);
  });
}

/** The server, once `initSocketServer` ran. */
const getIO = () => io;

module.exports = { initSocketServer, getIO };
