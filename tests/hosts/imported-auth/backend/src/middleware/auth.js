import jwt from "jsonwebtoken";

export const JWT_SECRET = process.env.JWT_SECRET || "dev-secret";

/** @param {{ id: number, role: string, email: string }} user @returns {string} a 12-hour JWT */
export const signToken = (user) =>
  jwt.sign({ id: user.id, role: user.role, email: user.email }, JWT_SECRET, { expiresIn: "12h" });

/** Requires `Authorization: Bearer <jwt>` and sets `req.user` to `{ id, role, email }`. */
export const authenticate = (req, res, next) => {
  const [scheme, token] = (req.headers.authorization || "").split(" ");
  try {
    if (scheme !== "Bearer") throw new Error("no bearer token");
    const { id, role, email } = jwt.verify(token, JWT_SECRET);
    req.user = { id, role, email };
    return next();
  } catch {
    return res.status(401).json({ error: "unauthorized" });
  }
};
