const app = require("./src/app");
const { connectDb } = require("./src/db");

const PORT = process.env.PORT || 5000;

connectDb().then(() => {
  const server = app.listen(PORT, () => {
    console.log(`API listening on http://localhost:${server.address().port}`);
  });
});
