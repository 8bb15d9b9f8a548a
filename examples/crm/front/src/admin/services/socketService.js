import { io } from "socket.io-client";
import { API_URL } from "./api";

/**
 * The one socket.io connection of the admin app. Listeners registered with
 * `on` are remembered, so they work whether they were added before or after
 * `connect`, and survive a disconnect/connect cycle until removed with `off`.
 */
class SocketService {
  constructor() {
    this.socket = null;
    this.token = null;
    /** @type {Map<string, Set<Function>>} */
    this.listeners = new Map();
  }

  /**
   * Opens the connection; does nothing when a socket already exists.
   * The token is read again on every reconnection attempt.
   * @param {string | null} token
   */
  connect(token) {
    if (this.socket) return;
    this.token = token;
    this.socket = io(API_URL, {
      auth: (cb) => cb({ token: localStorage.getItem("token") || this.token }),
      transports: ["websocket"],
    });
    this.listeners.forEach((handlers, event) => {
      handlers.forEach((handler) => this.socket.on(event, handler));
    });
  }

  /** Closes the connection. Registered listeners are kept for the next `connect`. */
  disconnect() {
    if (!this.socket) return;
    this.socket.removeAllListeners();
    this.socket.disconnect();
    this.socket = null;
  }

  /**
   * Registers a listener; registering the same handler twice has no effect.
   * @param {string} event
   * @param {Function} handler
   */
  on(event, handler) {
    if (!handler) return;
    if (!this.listeners.has(event)) this.listeners.set(event, new Set());
    const handlers = this.listeners.get(event);
    if (handlers.has(handler)) return;
    handlers.add(handler);
    if (this.socket) this.socket.on(event, handler);
  }

  /**
   * Removes one listener. Without a handler it does nothing: socket.io's
   * `off(event, undefined)` would remove an unrelated listener.
   * @param {string} event
   * @param {Function} handler
   */
  off(event, handler) {
    if (!handler) return;
    const handlers = this.listeners.get(event);
    if (handlers) {
      handlers.delete(handler);
      if (handlers.size === 0) this.listeners.delete(event);
    }
    if (this.socket) this.socket.off(event, handler);
  }

  /** @returns {boolean} */
  isConnected() {
    return Boolean(this.socket?.connected);
  }
}

export default new SocketService();
