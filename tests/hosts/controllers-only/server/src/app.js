import express from "express";
import authRoutes from "./routes/auth.js";
import taskRoutes from "./routes/tasks.js";

const app = express();

app.use(express.json());

app.use("/api/auth", authRoutes);
app.use("/api/tasks", taskRoutes);

// Express recognises error handlers by their four parameters.
app.use((error, req, res, next) => {
  console.error(error.message);
  res.status(500).json({ success: false, message: "Server error" });
});

export default app;
