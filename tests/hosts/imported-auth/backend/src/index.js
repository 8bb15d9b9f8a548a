import { createServer } from "http";
import app from "./app.js";
import { initSocket } from "./socket/socketServer.js";

const PORT = process.env.PORT ?? 4000;

const httpServer = createServer(app);
initSocket(httpServer);

httpServer.listen(PORT, () => {
  console.log(`Server listening on http://localhost:${httpServer.address().port}`);
});
