import { createServer } from "http";
import type { AddressInfo } from "net";
import app from "./app.js";
import socketServer from "./socket/socketServer.js";

const PORT = Number(process.env.PORT ?? 4000);

const httpServer = createServer(app);
socketServer.initialize(httpServer);

async function startServer(): Promise<void> {
  httpServer.listen(PORT, () => {
    const { port } = httpServer.address() as AddressInfo;
    console.log(`Server listening on http://localhost:${port}`);
  });
}

startServer();
