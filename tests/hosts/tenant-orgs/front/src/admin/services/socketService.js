import { io } from "socket.io-client";
import { API_URL } from "./api";

/**
 * The admin app's one socket.io connection. Listeners given to `on` are kept here, so
 * they apply to a socket opened later and survive a disconnect until `off` removes them.
 */
class SocketService {
  constructor() {
    this.socket = null;
    /** @type {Map<string, Set<Function>>} */
    this.handlers = new Map();
  }

  /** Opens the connection with the stored token, unless one is open. */
  connect() {
    if (this.socket) return;
    this.socket = io(API_URL, {
      auth: (cb) => cb({ token: localStorage.getItem("token") }),
      transports: ["websocket"],
    });
    for (const [event, handlers] of this.handlers) {
      for (const handler of handlers) this.socket.on(event, handler);
    }
  }

  /** Closes the connection; registered listeners stay for the next `connect`. */
  disconnect() {
    if (!this.socket) return;
    this.socket.removeAllListeners();
    this.socket.disconnect();
    this.socket = null;
  }

  /** Adds a listener once, however often it is registered. */
  on(event, handler) {
    if (typeof handler !== "function") return;
    const handlers = this.handlers.get(event) ?? new Set();
    if (handlers.has(handler)) return;
    handlers.add(handler);
    this.handlers.set(event, handlers);
    this.socket?.on(event, handler);
  }

  /** Removes one listener; without a handler it removes nothing. */
  off(event, handler) {
    if (typeof handler !== "function") return;
    this.handlers.get(event)?.delete(handler);
    this.socket?.off(event, handler);
  }
}

export default new SocketService();
