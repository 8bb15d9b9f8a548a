import { integer, pgTable, serial, text, timestamp } from "drizzle-orm/pg-core";

/** Application users. `passwordHash` never leaves the backend. */
export const users = pgTable("users", {
  id: serial("id").primaryKey(),
  email: text("email").notNull().unique(),
  name: text("name").notNull(),
  role: text("role").notNull(),
  passwordHash: text("password_hash").notNull(),
});

/** Sales proposals. `internalNotes` is staff-only data. */
export const proposals = pgTable("proposals", {
  id: serial("id").primaryKey(),
  title: text("title").notNull(),
  amount: integer("amount").notNull().default(0),
  status: text("status").notNull().default("draft"),
  createdBy: integer("created_by").notNull(),
  assignedTo: integer("assigned_to"),
  internalNotes: text("internal_notes"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

