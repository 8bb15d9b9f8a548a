import app from "./app.js";
import { initDb } from "./db/index.js";

const PORT = process.env.PORT || 4000;

const startServer = async () => {
  await initDb();
  const server = app.listen(PORT, () => {
    console.log(`Plain backend listening on http://localhost:${server.address().port}`);
  });
  return server;
};

startServer();
