import express from "express";
import authRoutes from "./routes/auth.js";
import contractRoutes from "./routes/contracts.js";
import proposalRoutes from "./routes/proposals.js";

const app = express();

app.use(express.json());

// The client is served from its own origin: let it call the API with its bearer token.
app.use((req, res, next) => {
  res.set("Access-Control-Allow-Origin", "*");
  res.set("Access-Control-Allow-Headers", "Content-Type, Authorization");
  res.set("Access-Control-Allow-Methods", "GET, POST, PUT, DELETE");
  if (req.method === "OPTIONS") {
    return res.sendStatus(204);
  }
  next();
});

app.use("/api/auth", authRoutes);
app.use("/api/proposals", proposalRoutes);
app.use("/api/contracts", contractRoutes);

// Express recognises error handlers by their four parameters.
app.use((error, req, res, next) => {
  console.error(error);
  res.status(500).json({ message: "Server error" });
});

export default app;
