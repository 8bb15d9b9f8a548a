import { createServer } from "http";
import app from "./app.js";
import socketServer from "./socket/socketServer.js";

const PORT = process.env.PORT ?? 4000;

const httpServer = createServer(app);
socketServer.initialize(httpServer);

const startServer = async () => {
  try {
    const ticketService = (await import("./services/ticketServiceWithSocket.js")).default;
    ticketService.initializeSocketEvents();

    httpServer.listen(PORT, () => {
      console.log(`Server listening on http://localhost:${httpServer.address().port}`);
    });
  } catch (error) {
    console.error("Failed to start the server:", error);
    process.exit(1);
  }
};

startServer();
