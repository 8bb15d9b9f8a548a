import jwt from "jsonwebtoken";
import { findUserById } from "../db/index.js";

export const JWT_SECRET = process.env.JWT_SECRET || "dev-secret";

/** @param {{ _id: import("../db/objectId.js").ObjectId, role: string }} user @returns {string} */
export const signToken = (user) =>
  jwt.sign({ sub: user._id.toHexString(), role: user.role }, JWT_SECRET, { expiresIn: "12h" });

/** Requires `Authorization: Bearer <jwt>` and sets `req.user` to `{ _id, role, email }`. */
export const protect = (req, res, next) => {
  const [scheme, token] = (req.headers.authorization || "").split(" ");
  try {
    if (scheme !== "Bearer") throw new Error("no bearer token");
    const user = findUserById(jwt.verify(token, JWT_SECRET).sub);
    if (!user) throw new Error("no such user");
    req.user = { _id: user._id, role: user.role, email: user.email };
    return next();
  } catch {
    return res.status(401).json({ message: "Not authorized" });
  }
};
