/** The app's room names, in one place. */
export const getUserRoom = (id) => `u.${id}`;

export const rooms = {
  org: (organizationId) => `org.${organizationId}`,
};
