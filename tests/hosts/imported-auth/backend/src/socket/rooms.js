/** The app's room names, in one place. */
export const getUserRoom = (id) => `u.${id}`;

export const rooms = {
  role: (role) => `r.${role}`,
};
