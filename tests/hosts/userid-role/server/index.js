const http = require("http");
const app = require("./src/app");
const { connectDb } = require("./src/db");
const { initSocketServer } = require("./src/socket/socketServer");

const server = http.createServer(app);
initSocketServer(server);

const PORT = process.env.PORT || 5000;

connectDb().then(() => {
  server.listen(PORT, () => console.log(`API listening on http://localhost:${server.address().port}`));
});
