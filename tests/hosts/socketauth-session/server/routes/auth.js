const express = require("express");
const users = require("../users");

const router = express.Router();

router.post("/login", (req, res, next) => {
  const user = users.find((u) => u.email === req.body.email);
  if (!user) return res.status(401).json({ error: "unknown user" });
  req.login(user, (err) => (err ? next(err) : res.json({ id: user.id, role: user.role })));
});

module.exports = router;
