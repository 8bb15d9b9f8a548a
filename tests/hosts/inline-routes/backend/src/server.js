const http = require('http');
const app = require('./app');
const connectDB = require('./config/db');
const { initSocket } = require('./socket/socketManager');

const PORT = process.env.PORT || 5000;

connectDB().then(() => {
    const server = http.createServer(app);
    initSocket(server);
    server.listen(PORT, () => {
        console.log(`Server listening on http://localhost:${server.address().port}`);
    });
});
