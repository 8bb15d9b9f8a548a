import { io, type Socket } from "socket.io-client";
import { API_URL } from "./api";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Handler = (...args: any[]) => void;

/**
 * The admin app's one socket.io connection. Listeners given to `on` are kept here, so
 * they apply to a socket opened later and survive a disconnect until `off` removes them.
 */
class SocketService {
  private socket: Socket | null = null;
  private handlers = new Map<string, Set<Handler>>();

  /** Opens the connection with the stored token, unless one is open. */
  connect(): void {
    if (this.socket) return;
    const socket = io(API_URL, {
      auth: (cb) => cb({ token: localStorage.getItem("token") }),
      transports: ["websocket"],
    });
    for (const [event, handlers] of this.handlers) {
      for (const handler of handlers) socket.on(event, handler);
    }
    this.socket = socket;
  }

  /** Closes the connection; registered listeners stay for the next `connect`. */
  disconnect(): void {
    if (!this.socket) return;
    this.socket.removeAllListeners();
    this.socket.disconnect();
    this.socket = null;
  }

  /** Adds a listener once, however often it is registered. */
  on(event: string, handler: Handler): void {
    if (typeof handler !== "function") return;
    const handlers = this.handlers.get(event) ?? new Set<Handler>();
    if (handlers.has(handler)) return;
    handlers.add(handler);
    this.handlers.set(event, handlers);
    this.socket?.on(event, handler);
  }

  /** Removes one listener; without a handler it removes nothing. */
  off(event: string, handler: Handler): void {
    if (typeof handler !== "function") return;
    this.handlers.get(event)?.delete(handler);
    this.socket?.off(event, handler);
  }
}

export default new SocketService();
