import { getUserRoom, rooms } from "./rooms.js";

/** What every authenticated socket does once connected. */
export function registerConnection(socket) {
  const { user } = socket.data;
  socket.join(getUserRoom(user.id));
  socket.join(rooms.role(user.role));
  socket.emit("connection:ready", { userId: user.id });
}
