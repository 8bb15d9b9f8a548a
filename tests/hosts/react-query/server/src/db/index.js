import { createHash } from "crypto";
import { ROLES } from "../constants/roles.js";
import { ObjectId } from "./objectId.js";

/** @param {string} password @returns {string} its SHA-256, hex */
export const hashPassword = (password) => createHash("sha256").update(password).digest("hex");

/** The users collection, in memory. */
export const users = [];

/** Seeds the users (every password is "password"); stands in for a database connection. */
export async function connectDb() {
  const seed = [
    ["alice", ROLES.ADMIN],
    ["sam", ROLES.SUPER_ADMIN],
    ["carol", ROLES.MANAGER],
    ["dave", ROLES.USER],
    ["erin", ROLES.USER],
    ["frank", ROLES.USER],
  ];
  users.length = 0;
  seed.forEach(([name, role], index) => {
    users.push({
      _id: new ObjectId(`64b${String(index + 1).padStart(21, "0")}`),
      name,
      email: `${name}@example.com`,
      role,
      passwordHash: hashPassword("password"),
    });
  });
}

export const findUserByEmail = (email) => users.find((user) => user.email === email) ?? null;

export const findUserById = (id) => users.find((user) => user._id.equals(id)) ?? null;
