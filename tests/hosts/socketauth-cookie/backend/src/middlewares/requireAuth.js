import { verifyAccessToken } from "../utils/tokens.js";

export default function requireAuth(req, res, next) {
  const token = req.cookies?.accessToken;
  if (!token) return res.status(401).json({ error: "unauthenticated" });
  try {
    req.user = verifyAccessToken(token);
    return next();
  } catch {
    return res.status(401).json({ error: "session expired" });
  }
}
