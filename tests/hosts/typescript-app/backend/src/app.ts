import express, { type NextFunction, type Request, type Response } from "express";
import authRoutes from "./routes/auth.js";
import contractRoutes from "./routes/contracts.js";
import proposalRoutes from "./routes/proposals.js";

const app = express();

app.use(express.json());

// The admin front is served from another origin.
app.use((req: Request, res: Response, next: NextFunction) => {
  res.setHeader("Access-Control-Allow-Origin", "*");
  res.setHeader("Access-Control-Allow-Headers", "Content-Type, Authorization");
  res.setHeader("Access-Control-Allow-Methods", "GET, POST, PUT, DELETE, OPTIONS");
  if (req.method === "OPTIONS") {
    res.sendStatus(204);
    return;
  }
  next();
});

app.use("/api/auth", authRoutes);
app.use("/api/proposals", proposalRoutes);
app.use("/api/contracts", contractRoutes);

// Express recognises error handlers by their four parameters.
app.use((error: unknown, req: Request, res: Response, next: NextFunction) => {
  console.error(error);
  res.status(500).json({ error: "internal server error" });
});

export default app;
