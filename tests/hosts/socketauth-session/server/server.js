const http = require("http");
const app = require("./app");
const { attachSockets } = require("./socket");

const server = http.createServer(app);
attachSockets(server);
server.listen(process.env.PORT || 3000);
