const { Server } = require("socket.io");

// No socket auth: clients join the rooms they name.
function attachSockets(httpServer) {
  const io = new Server(httpServer);
  io.on("connection", (socket) => {
    socket.on("ping:room", (room) => socket.broadcast.emit("ping:room", room));
  });
  return io;
}

module.exports = { attachSockets };
