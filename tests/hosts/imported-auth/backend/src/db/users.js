import { createHash } from "crypto";
import { ROLES } from "../constants/roles.js";

/** @param {string} password @returns {string} its SHA-256, hex */
export const hashPassword = (password) => createHash("sha256").update(password).digest("hex");

/** Seeded users, kept in memory; every password is "password". */
const users = [
  ["alice", ROLES.ADMIN],
  ["sam", ROLES.SUPER_ADMIN],
  ["carol", ROLES.MANAGER],
  ["dave", ROLES.USER],
  ["erin", ROLES.USER],
  ["frank", ROLES.USER],
].map(([name, role], index) => ({
  id: index + 1,
  name,
  email: `${name}@example.com`,
  role,
  passwordHash: hashPassword("password"),
}));

export const findUserByEmail = (email) => users.find((user) => user.email === email) ?? null;

export const findUserById = (id) => users.find((user) => user.id === Number(id)) ?? null;
