import { createServer } from "http";
import app from "./app.js";
import socketServer from "./socket/socketServer.js";

const PORT = process.env.PORT ?? 4000;

const httpServer = createServer(app);
socketServer.initialize(httpServer);

async function startServer() {
  httpServer.listen(PORT, () => {
    console.log(`Server listening on http://localhost:${httpServer.address().port}`);
  });
}

startServer();
