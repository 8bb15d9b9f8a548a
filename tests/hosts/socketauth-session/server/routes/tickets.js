const express = require("express");
const ensureAuthenticated = require("../middleware/ensureAuthenticated");

const router = express.Router();
const tickets = [];

router.get("/", ensureAuthenticated, (req, res) => {
  res.json(req.user.role === "agent" ? tickets : tickets.filter((t) => t.author === req.user.id));
});

router.post("/", ensureAuthenticated, (req, res) => {
  const ticket = { id: tickets.length + 1, title: req.body.title, author: req.user.id };
  tickets.push(ticket);
  res.status(201).json(ticket);
});

module.exports = router;
