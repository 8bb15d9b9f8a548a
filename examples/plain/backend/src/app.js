import express from "express";
import authRoutes from "./routes/auth.js";
import proposalRoutes from "./routes/proposals.js";
import userRoutes from "./routes/users.js";

const app = express();

/** CORS for any origin, including the Authorization header; answers preflights. */
app.use((req, res, next) => {
  res.setHeader("Access-Control-Allow-Origin", "*");
  res.setHeader("Access-Control-Allow-Headers", "Content-Type, Authorization");
  res.setHeader("Access-Control-Allow-Methods", "GET, POST, PUT, DELETE, OPTIONS");
  if (req.method === "OPTIONS") return res.sendStatus(204);
  return next();
});

app.use(express.json());

app.get("/api/health", (req, res) => {
  res.json({ ok: true });
});

app.use("/api/auth", authRoutes);
app.use("/api/users", userRoutes);
app.use("/api/proposals", proposalRoutes);

app.use((req, res) => {
  res.status(404).json({ error: "not found" });
});

// Express recognises error handlers by their four parameters.
app.use((error, req, res, next) => {
  if (error.type === "entity.parse.failed") {
    return res.status(400).json({ error: "invalid JSON body" });
  }
  console.error(error);
  return res.status(500).json({ error: "internal server error" });
});

export default app;
