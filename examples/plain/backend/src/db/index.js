import { PGlite } from "@electric-sql/pglite";
import bcrypt from "bcryptjs";
import { drizzle } from "drizzle-orm/pglite";
import { ROLES } from "../constants/roles.js";
import * as schema from "./schema.js";
import { users } from "./schema.js";

/** In-memory embedded Postgres: every start begins with a fresh, seeded database. */
const client = new PGlite();

export const db = drizzle(client, { schema });

const CREATE_TABLES = `
  CREATE TABLE IF NOT EXISTS users (
    id serial PRIMARY KEY,
    email text NOT NULL UNIQUE,
    name text NOT NULL,
    role text NOT NULL,
    password_hash text NOT NULL
  );

  CREATE TABLE IF NOT EXISTS proposals (
    id serial PRIMARY KEY,
    title text NOT NULL,
    amount integer NOT NULL DEFAULT 0,
    status text NOT NULL DEFAULT 'draft',
    created_by integer NOT NULL,
    assigned_to integer,
    internal_notes text,
    created_at timestamptz NOT NULL DEFAULT now()
  );
`;

/** Seeded accounts, inserted in this order (ids 1..6). All use the password "password". */
const SEED_USERS = [
  { email: "alice@example.com", name: "Alice", role: ROLES.ADMIN },
  { email: "sam@example.com", name: "Sam", role: ROLES.SUPER_ADMIN },
  { email: "carol@example.com", name: "Carol", role: ROLES.MANAGER },
  { email: "dave@example.com", name: "Dave", role: ROLES.USER },
  { email: "erin@example.com", name: "Erin", role: ROLES.USER },
  { email: "frank@example.com", name: "Frank", role: ROLES.USER },
];

let ready = null;

/**
 * Creates the tables and seeds the users. Safe to call more than once.
 * @returns {Promise<void>}
 */
export async function initDb() {
  if (!ready) {
    ready = (async () => {
      await client.exec(CREATE_TABLES);
      const existing = await db.select({ id: users.id }).from(users).limit(1);
      if (existing.length > 0) return;
      const passwordHash = await bcrypt.hash("password", 10);
      await db.insert(users).values(SEED_USERS.map((user) => ({ ...user, passwordHash })));
    })();
  }
  return ready;
}
