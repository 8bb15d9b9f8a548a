export const API_URL = import.meta.env.VITE_API_URL || "http://localhost:4000";

/**
 * Sends a JSON request to the backend with the stored bearer token.
 * @param {string} method
 * @param {string} path e.g. "/api/proposals"
 * @param {unknown} [body]
 * @returns {Promise<any>} the parsed JSON response
 * @throws {Error} with `status` set when the response is not 2xx
 */
const request = async (method, path, body) => {
  const headers = {};
  const token = localStorage.getItem("token");
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";

  const response = await fetch(`${API_URL}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = await response.json().catch(() => null);
  if (!response.ok) {
    const error = new Error(data?.error || `Request failed with status ${response.status}`);
    error.status = response.status;
    throw error;
  }
  return data;
};

export const api = {
  get: (path) => request("GET", path),
  post: (path, body) => request("POST", path, body ?? {}),
  put: (path, body) => request("PUT", path, body ?? {}),
  delete: (path) => request("DELETE", path),
};
