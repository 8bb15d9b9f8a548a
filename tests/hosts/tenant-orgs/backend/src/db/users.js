import { createHash } from "crypto";
import { ROLES } from "../constants/roles.js";

/** @param {string} password @returns {string} its SHA-256, hex */
export const hashPassword = (password) => createHash("sha256").update(password).digest("hex");

/** Seeded users, kept in memory; every password is "password". */
/** Two organisations: alice, carol, dave and erin work for 1; sam and frank for 2. */
const users = [
  ["alice", ROLES.ADMIN, 1],
  ["sam", ROLES.ADMIN, 2],
  ["carol", ROLES.MANAGER, 1],
  ["dave", ROLES.USER, 1],
  ["erin", ROLES.USER, 1],
  ["frank", ROLES.USER, 2],
].map(([name, role, organizationId], index) => ({
  id: index + 1,
  name,
  email: `${name}@example.com`,
  role,
  organizationId,
  passwordHash: hashPassword("password"),
}));

export const findUserByEmail = (email) => users.find((user) => user.email === email) ?? null;

export const findUserById = (id) => users.find((user) => user.id === Number(id)) ?? null;
