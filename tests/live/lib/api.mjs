// A minimal REST client for the CRM backend (Node 20's global fetch).

import { PASSWORD, USERS } from "./app.mjs";

/**
 * Sends one JSON request; throws with the method, path, status and body when it is not 2xx.
 * @returns {Promise<any>} the parsed JSON body
 */
export async function request(baseUrl, method, path, { token, body } = {}) {
  const headers = {};
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) {
    throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
  }
  return text ? JSON.parse(text) : null;
}

/** Logs a seeded user in. @returns {Promise<{ token: string, user: object }>} */
export function login(baseUrl, name) {
  return request(baseUrl, "POST", "/api/auth/login", {
    body: { email: USERS[name].email, password: PASSWORD },
  });
}

/** The REST API as one user: `as.get(path)`, `as.post(path, body)`, ... */
export function apiAs(baseUrl, token) {
  return {
    get: (path) => request(baseUrl, "GET", path, { token }),
    post: (path, body = {}) => request(baseUrl, "POST", path, { token, body }),
    put: (path, body = {}) => request(baseUrl, "PUT", path, { token, body }),
    delete: (path) => request(baseUrl, "DELETE", path, { token }),
  };
}

/** Logs in every named user. @returns {Promise<Record<string, { token, user, api }>>} */
export async function loginAll(baseUrl, names) {
  const entries = await Promise.all(
    names.map(async (name) => {
      const { token, user } = await login(baseUrl, name);
      return [name, { token, user, api: apiAs(baseUrl, token) }];
    }),
  );
  return Object.fromEntries(entries);
}
