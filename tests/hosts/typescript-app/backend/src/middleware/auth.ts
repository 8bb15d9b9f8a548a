import type { NextFunction, Request, Response } from "express";
import jwt from "jsonwebtoken";
import type { AuthUser } from "../types/user.js";

export const JWT_SECRET = process.env.JWT_SECRET || "dev-secret";

/** A 12-hour JWT for `user`. */
export const signToken = (user: AuthUser): string =>
  jwt.sign({ id: user.id, role: user.role, email: user.email }, JWT_SECRET, { expiresIn: "12h" });

/** The user a token names; throws when it is not valid. */
export const verifyToken = (token: unknown): AuthUser => {
  const { id, role, email } = jwt.verify(String(token), JWT_SECRET) as AuthUser;
  return { id, role, email };
};

/** Requires `Authorization: Bearer <jwt>` and sets `req.user`. */
export const authenticate = (req: Request, res: Response, next: NextFunction) => {
  const [scheme, token] = (req.headers.authorization || "").split(" ");
  try {
    if (scheme !== "Bearer") throw new Error("no bearer token");
    req.user = verifyToken(token);
    next();
  } catch {
    res.status(401).json({ error: "unauthorized" });
  }
};
