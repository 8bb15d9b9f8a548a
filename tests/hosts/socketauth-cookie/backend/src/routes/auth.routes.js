import { Router } from "express";
import { signAccessToken } from "../utils/tokens.js";

const users = [
  { id: "7", email: "ann@example.com", role: "editor" },
  { id: "8", email: "ben@example.com", role: "viewer" },
];
const router = Router();

router.post("/login", (req, res) => {
  const user = users.find((u) => u.email === req.body.email);
  if (!user) return res.status(401).json({ error: "invalid credentials" });
  res.cookie("accessToken", signAccessToken(user), { httpOnly: true, sameSite: "lax" });
  res.json({ id: user.id, role: user.role });
});

export default router;
