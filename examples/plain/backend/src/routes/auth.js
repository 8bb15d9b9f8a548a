import bcrypt from "bcryptjs";
import { eq } from "drizzle-orm";
import { Router } from "express";
import { db } from "../db/index.js";
import { users } from "../db/schema.js";
import { authenticate, signToken } from "../middleware/auth.js";

const router = Router();

/** POST /api/auth/login {email, password} -> { token, user } */
router.post("/login", async (req, res, next) => {
  try {
    const { email, password } = req.body ?? {};
    if (typeof email !== "string" || typeof password !== "string") {
      return res.status(400).json({ error: "email and password are required" });
    }
    const [row] = await db.select().from(users).where(eq(users.email, email.trim().toLowerCase()));
    if (!row || !(await bcrypt.compare(password, row.passwordHash))) {
      return res.status(401).json({ error: "invalid credentials" });
    }
    const user = { id: row.id, email: row.email, name: row.name, role: row.role };
    return res.json({ token: signToken(user), user });
  } catch (error) {
    return next(error);
  }
});

/** GET /api/auth/me -> the user described by the bearer token */
router.get("/me", authenticate, (req, res) => {
  res.json({ user: req.user });
});

export default router;
