import { findUserById } from "../db/users.js";

export const SESSION_COOKIE = "auth_session";

/** Open sessions: session id -> user id. */
export const sessions = new Map();

/** @param {string | undefined} header a Cookie header @returns {Record<string, string>} */
export const parseCookies = (header = "") =>
  Object.fromEntries(
    header
      .split(";")
      .filter((part) => part.includes("="))
      .map((part) => {
        const at = part.indexOf("=");
        return [part.slice(0, at).trim(), decodeURIComponent(part.slice(at + 1).trim())];
      }),
  );

/** The user of the session named by a Cookie header, or null. */
export const userFromCookie = (header) => {
  const sessionId = parseCookies(header)[SESSION_COOKIE];
  return sessionId ? findUserById(sessions.get(sessionId)) : null;
};

/** Requires a valid `auth_session` cookie and sets `req.user` to `{ id, role, email }`. */
export const authenticate = (req, res, next) => {
  const user = userFromCookie(req.headers.cookie);
  if (!user) return res.status(401).json({ error: "unauthorized" });
  req.user = { id: user.id, role: user.role, email: user.email };
  return next();
};
