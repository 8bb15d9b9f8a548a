const express = require("express");
const { sessionMiddleware } = require("./config/session");
const passport = require("./config/passport");
const authRoutes = require("./routes/auth");
const ticketRoutes = require("./routes/tickets");

const app = express();
app.use(express.json());
app.use(sessionMiddleware);
app.use(passport.initialize());
app.use(passport.session());
app.use("/auth", authRoutes);
app.use("/api/tickets", ticketRoutes);

module.exports = app;
