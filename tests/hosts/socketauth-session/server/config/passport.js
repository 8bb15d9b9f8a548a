const passport = require("passport");
const users = require("../users");

passport.serializeUser((user, done) => done(null, user.id));
passport.deserializeUser((id, done) => done(null, users.find((u) => u.id === id) || false));

module.exports = passport;
