const roomOf = (kind, value) => `${kind}/${value}`;

/** Joins each authenticated socket to its user's and its role's rooms. */
function onConnection(socket) {
  socket.join(roomOf("user", socket.userId));
  socket.join(roomOf("role", socket.role));
}

module.exports = { onConnection };
