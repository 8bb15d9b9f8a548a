import { Router } from "express";
import requireAuth from "../middlewares/requireAuth.js";

const notes = [];
const router = Router();

router.get("/", requireAuth, (req, res) => {
  res.json(notes.filter((n) => n.userId === req.user.userId));
});

router.post("/", requireAuth, (req, res) => {
  const note = { id: String(notes.length + 1), text: req.body.text, userId: req.user.userId };
  notes.push(note);
  res.status(201).json(note);
});

export default router;
