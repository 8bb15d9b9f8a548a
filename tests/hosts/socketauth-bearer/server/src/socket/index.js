const { Server } = require('socket.io');

// The sockets are not authenticated: a client registers the id it claims.
const initSocket = (server) => {
  const io = new Server(server, { cors: { origin: '*' } });
  io.on('connection', (socket) => {
    socket.on('register_user', (userId) => {
      socket.join(userId);
    });
  });
  return io;
};

module.exports = { initSocket };
