export const ROLES = { ADMIN: "ADMIN", MANAGER: "MANAGER", USER: "USER" };
