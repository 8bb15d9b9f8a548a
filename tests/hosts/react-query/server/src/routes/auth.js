import { Router } from "express";
import { findUserByEmail, hashPassword } from "../db/index.js";
import { signToken } from "../middleware/auth.js";

const router = Router();

/** POST /api/auth/login {email, password} -> { token, user } */
router.post("/login", (req, res) => {
  const { email, password } = req.body ?? {};
  const user = findUserByEmail(String(email ?? "").toLowerCase());
  if (!user || user.passwordHash !== hashPassword(String(password ?? ""))) {
    return res.status(401).json({ message: "Invalid email or password" });
  }
  const { passwordHash, ...publicUser } = user;
  return res.json({ token: signToken(user), user: publicUser });
});

export default router;
