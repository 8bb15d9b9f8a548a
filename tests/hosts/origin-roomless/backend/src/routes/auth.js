import { randomUUID } from "crypto";
import { Router } from "express";
import { findUserByEmail, hashPassword } from "../db/users.js";
import { parseCookies, SESSION_COOKIE, sessions } from "../middleware/auth.js";

const router = Router();

/** POST /api/auth/login {email, password} -> { user }, with the session cookie set */
router.post("/login", (req, res) => {
  const { email, password } = req.body ?? {};
  const user = findUserByEmail(String(email ?? "").toLowerCase());
  if (!user || user.passwordHash !== hashPassword(String(password ?? ""))) {
    return res.status(401).json({ error: "invalid credentials" });
  }
  const sessionId = randomUUID();
  sessions.set(sessionId, user.id);
  res.setHeader("Set-Cookie", `${SESSION_COOKIE}=${sessionId}; HttpOnly; Path=/`);
  const { passwordHash, ...publicUser } = user;
  return res.json({ user: publicUser });
});

/** POST /api/auth/logout: ends the session and clears its cookie */
router.post("/logout", (req, res) => {
  sessions.delete(parseCookies(req.headers.cookie)[SESSION_COOKIE]);
  res.setHeader("Set-Cookie", `${SESSION_COOKIE}=; HttpOnly; Path=/; Max-Age=0`);
  res.json({ ok: true });
});

export default router;
