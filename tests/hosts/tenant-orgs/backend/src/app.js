import express from "express";
import authRoutes from "./routes/auth.js";
import contractRoutes from "./routes/contracts.js";
import proposalRoutes from "./routes/proposals.js";

const app = express();

app.use(express.json());

app.use("/api/auth", authRoutes);
app.use("/api/proposals", proposalRoutes);
app.use("/api/contracts", contractRoutes);

// Express recognises error handlers by their four parameters.
app.use((error, req, res, next) => {
  console.error(error);
  res.status(500).json({ error: "internal server error" });
});

export default app;
