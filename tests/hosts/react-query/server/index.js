import http from "http";
import { Server } from "socket.io";
import app from "./src/app.js";
import { connectDb } from "./src/db/index.js";
import setupSocket from "./src/socket/index.js";

const server = http.createServer(app);
const io = new Server(server, { cors: { origin: "*" } });
setupSocket(io);

const PORT = process.env.PORT ?? 5000;

connectDb().then(() => {
  server.listen(PORT, () => console.log(`API listening on http://localhost:${server.address().port}`));
});
