import http from "http";
import app from "./app.js";
import { initDb } from "./db/index.js";
import { initSocketServer } from "./socket/socketServer.js";
import ticketEvents from "./socket/events/ticketEvents.js";

const PORT = process.env.PORT || 4000;

const startServer = async () => {
  await initDb();
  const server = http.createServer(app);
  const io = initSocketServer(server);
  ticketEvents.initialize(io);

  server.listen(PORT, () => {
    console.log(`CRM backend listening on http://localhost:${server.address().port}`);
  });
  return server;
};

startServer();
