import http from "node:http";
import app from "./app.js";
import { setupSockets } from "./sockets/index.js";

const server = http.createServer(app);
setupSockets(server);
server.listen(process.env.PORT || 4000);
