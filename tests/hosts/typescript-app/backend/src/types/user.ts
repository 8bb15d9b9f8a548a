import type { Role } from "../constants/roles.js";

/** The signed-in user, as the JWT carries it. */
export interface AuthUser {
  id: number;
  role: Role;
  email: string;
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      user?: AuthUser;
    }
  }
}
