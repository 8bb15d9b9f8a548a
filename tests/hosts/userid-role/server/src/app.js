const express = require("express");
const authRoutes = require("./routes/auth");
const contractRoutes = require("./routes/contracts");
const proposalRoutes = require("./routes/proposals");

const app = express();

app.use(express.json());

app.use("/api/auth", authRoutes);
app.use("/api/proposals", proposalRoutes);
app.use("/api/contracts", contractRoutes);

// Express recognises error handlers by their four parameters.
app.use((error, req, res, next) => {
  console.error(error);
  res.status(500).json({ message: "Server error" });
});

module.exports = app;
