/** Role names stored in `users.role` and used for the `role:<role>` socket rooms. */
export const ROLES = {
  ADMIN: "admin",
  SUPER_ADMIN: "super_admin",
  MANAGER: "manager",
  USER: "user",
};
