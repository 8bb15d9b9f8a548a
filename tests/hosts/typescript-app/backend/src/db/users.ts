import { createHash } from "crypto";
import { ROLES, type Role } from "../constants/roles.js";

export interface StoredUser {
  id: number;
  name: string;
  email: string;
  role: Role;
  passwordHash: string;
}

/** The SHA-256 of `password`, hex. */
export const hashPassword = (password: string): string => createHash("sha256").update(password).digest("hex");

/** Seeded users, kept in memory; every password is "password". */
const users: StoredUser[] = (
  [
    ["alice", ROLES.ADMIN],
    ["sam", ROLES.SUPER_ADMIN],
    ["carol", ROLES.MANAGER],
    ["dave", ROLES.USER],
    ["erin", ROLES.USER],
    ["frank", ROLES.USER],
  ] as const
).map(([name, role], index) => ({
  id: index + 1,
  name,
  email: `${name}@example.com`,
  role,
  passwordHash: hashPassword("password"),
}));

export const findUserByEmail = (email: string): StoredUser | null => users.find((user) => user.email === email) ?? null;
