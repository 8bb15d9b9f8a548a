import { asc } from "drizzle-orm";
import { Router } from "express";
import { db } from "../db/index.js";
import { users } from "../db/schema.js";
import { authenticate } from "../middleware/auth.js";

const router = Router();

router.use(authenticate);

/** GET /api/users -> [{ id, name, role, email }] (never the password hash) */
router.get("/", async (req, res, next) => {
  try {
    const rows = await db
      .select({ id: users.id, name: users.name, role: users.role, email: users.email })
      .from(users)
      .orderBy(asc(users.id));
    res.json(rows);
  } catch (error) {
    next(error);
  }
});

export default router;
