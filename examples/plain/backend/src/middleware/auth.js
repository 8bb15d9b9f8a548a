import jwt from "jsonwebtoken";

export const JWT_SECRET = process.env.JWT_SECRET || "dev-secret";

/**
 * Verifies a JWT and returns the user it describes.
 * @param {string} token
 * @returns {{ id: number, role: string, email: string, name: string }}
 * @throws when the token is missing, expired or forged
 */
export const verifyToken = (token) => {
  const payload = jwt.verify(token, JWT_SECRET);
  return { id: payload.id, role: payload.role, email: payload.email, name: payload.name };
};

/**
 * Signs a token for a user row.
 * @param {{ id: number, role: string, email: string, name: string }} user
 * @returns {string}
 */
export const signToken = (user) =>
  jwt.sign({ id: user.id, role: user.role, email: user.email, name: user.name }, JWT_SECRET, {
    expiresIn: "12h",
  });

/** Express middleware: requires `Authorization: Bearer <jwt>` and sets `req.user`. */
export const authenticate = (req, res, next) => {
  const header = req.headers.authorization || "";
  const [scheme, token] = header.split(" ");
  if (scheme !== "Bearer" || !token) {
    return res.status(401).json({ error: "unauthorized" });
  }
  try {
    req.user = verifyToken(token);
    return next();
  } catch {
    return res.status(401).json({ error: "unauthorized" });
  }
};
