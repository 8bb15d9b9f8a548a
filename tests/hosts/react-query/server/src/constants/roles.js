export const ROLES = { ADMIN: "admin", SUPER_ADMIN: "super_admin", MANAGER: "manager", USER: "user" };
