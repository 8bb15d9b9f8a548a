import { toast } from "../utils/toast";
import socketService from "./socketService";

export const TICKET_EVENTS = {
  CREATED: "ticket:created",
  UPDATED: "ticket:updated",
  STATUS_CHANGED: "ticket:statusChanged",
  DELETED: "ticket:deleted",
};

/**
 * Listens to ticket events on the shared socket, shows a toast and passes each
 * event on to the handlers that pages register with `on`.
 */
class TicketSocketService {
  constructor() {
    this.initialized = false;
    /** @type {Map<string, Set<Function>>} */
    this.handlers = new Map();
    // Bound once, so `off` receives the same references as `on`.
    this.handleCreated = this.handleCreated.bind(this);
    this.handleUpdated = this.handleUpdated.bind(this);
    this.handleStatusChanged = this.handleStatusChanged.bind(this);
    this.handleDeleted = this.handleDeleted.bind(this);
  }

  /** Subscribes to the ticket events. Calling it again (on reconnect) is harmless. */
  initialize() {
    if (this.initialized) return;
    this.initialized = true;
    socketService.on(TICKET_EVENTS.CREATED, this.handleCreated);
    socketService.on(TICKET_EVENTS.UPDATED, this.handleUpdated);
    socketService.on(TICKET_EVENTS.STATUS_CHANGED, this.handleStatusChanged);
    socketService.on(TICKET_EVENTS.DELETED, this.handleDeleted);
  }

  /** Unsubscribes from the ticket events. Page handlers stay registered. */
  cleanup() {
    if (!this.initialized) return;
    this.initialized = false;
    socketService.off(TICKET_EVENTS.CREATED, this.handleCreated);
    socketService.off(TICKET_EVENTS.UPDATED, this.handleUpdated);
    socketService.off(TICKET_EVENTS.STATUS_CHANGED, this.handleStatusChanged);
    socketService.off(TICKET_EVENTS.DELETED, this.handleDeleted);
  }

  /**
   * @param {string} event one of TICKET_EVENTS
   * @param {Function} handler called with the event payload
   */
  on(event, handler) {
    if (!handler) return;
    if (!this.handlers.has(event)) this.handlers.set(event, new Set());
    this.handlers.get(event).add(handler);
  }

  /** @param {string} event @param {Function} handler */
  off(event, handler) {
    if (!handler) return;
    this.handlers.get(event)?.delete(handler);
  }

  notify(event, data) {
    this.handlers.get(event)?.forEach((handler) => {
      try {
        handler(data);
      } catch (error) {
        console.error(`[ticket] handler for ${event} failed:`, error);
      }
    });
  }

  handleCreated(data) {
    toast.info(`New ticket: ${data.ticket.title}`);
    this.notify(TICKET_EVENTS.CREATED, data);
  }

  handleUpdated(data) {
    this.notify(TICKET_EVENTS.UPDATED, data);
  }

  handleStatusChanged(data) {
    toast.info(`Ticket "${data.ticket.title}" is now ${data.newStatus}`);
    this.notify(TICKET_EVENTS.STATUS_CHANGED, data);
  }

  handleDeleted(data) {
    toast.info(`Ticket deleted: ${data.ticket?.title ?? data.ticketId}`);
    this.notify(TICKET_EVENTS.DELETED, data);
  }
}

export default new TicketSocketService();
