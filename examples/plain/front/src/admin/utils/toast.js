const CONTAINER_ID = "toast-container";
const DURATION_MS = 4000;

/** Returns the toast container, creating it in document.body when missing. */
const getContainer = () => {
  let container = document.getElementById(CONTAINER_ID);
  if (!container) {
    container = document.createElement("div");
    container.id = CONTAINER_ID;
    container.className = "toast-container";
    container.setAttribute("aria-live", "polite");
    document.body.appendChild(container);
  }
  return container;
};

/**
 * Shows a message for a few seconds.
 * @param {"success" | "info" | "error"} type
 * @param {string} message
 * @returns {HTMLDivElement}
 */
const show = (type, message) => {
  const element = document.createElement("div");
  element.className = `toast toast-${type}`;
  element.setAttribute("data-testid", "toast");
  element.setAttribute("role", "status");
  element.textContent = message;
  getContainer().appendChild(element);
  setTimeout(() => element.remove(), DURATION_MS);
  return element;
};

export const toast = {
  success: (message) => show("success", message),
  info: (message) => show("info", message),
  error: (message) => show("error", message),
};
