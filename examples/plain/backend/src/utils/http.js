/**
 * Parses a route id parameter.
 * @param {string} value
 * @returns {number | null} the positive integer id, or null when invalid
 */
export const parseId = (value) => {
  const id = Number(value);
  return Number.isInteger(id) && id > 0 ? id : null;
};
