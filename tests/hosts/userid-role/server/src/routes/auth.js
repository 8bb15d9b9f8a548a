const { Router } = require("express");
const { findUserByEmail, hashPassword } = require("../db");
const { signToken } = require("../middleware/auth");

const router = Router();

/** POST /api/auth/login {email, password} -> { token, user } */
router.post("/login", (req, res) => {
  const { email, password } = req.body || {};
  const user = findUserByEmail(String(email || "").toLowerCase());
  if (!user || user.passwordHash !== hashPassword(String(password || ""))) {
    return res.status(401).json({ message: "Invalid email or password" });
  }
  const { passwordHash, ...publicUser } = user;
  return res.json({ token: signToken(user), user: publicUser });
});

module.exports = router;
