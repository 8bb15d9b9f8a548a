const { Server } = require('socket.io');
const jwt = require('jsonwebtoken');
const { JWT_SECRET } = require('../middleware/authMiddleware');

let io = null;

// Sockets authenticate with `auth: { token }` and join `user:<id>` and `role:<role>`.
const initSocket = (server) => {
    io = new Server(server, {
        cors: { origin: '*' }
    });

    io.use((socket, next) => {
        try {
            const decoded = jwt.verify(socket.handshake.auth.token, JWT_SECRET);
            socket.user = { id: decoded.id, role: decoded.role };
            next();
        } catch (err) {
            next(new Error('Not authorized'));
        }
    });

    io.on('connection', (socket) => {
        socket.join(`user:${socket.user.id}`);
        socket.join(`role:${socket.user.role}`);
    });

    return io;
};

const getIO = () => io;

module.exports = { initSocket, getIO };
