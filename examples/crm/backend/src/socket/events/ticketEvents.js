import { ROLES } from "../../constants/roles.js";
import { emitToRole, emitToUser } from "../socketServer.js";

export const TICKET_EVENTS = {
  CREATED: "ticket:created",
  UPDATED: "ticket:updated",
  STATUS_CHANGED: "ticket:statusChanged",
  DELETED: "ticket:deleted",
};

/** Roles that hear about every ticket. */
const ADMIN_ROLES = [ROLES.ADMIN, ROLES.SUPER_ADMIN];

/**
 * Decides who hears about ticket changes: the creator and the assignee,
 * then every admin role (hand-written recipe style, two emits).
 */
class TicketEventEmitter {
  constructor() {
    this.io = null;
  }

  /** @param {import("socket.io").Server} io */
  initialize(io) {
    this.io = io;
  }

  /** Users directly involved with a ticket, without duplicates. */
  getRecipients(ticket) {
    const ids = [ticket.createdBy, ticket.assignedTo].filter(
      (id) => id !== null && id !== undefined,
    );
    return [...new Set(ids)];
  }

  emit(ticket, event, data) {
    this.getRecipients(ticket).forEach((userId) => emitToUser(userId, event, data));
    ADMIN_ROLES.forEach((role) => emitToRole(role, event, data));
  }

  ticketCreated(ticket, actorId) {
    this.emit(ticket, TICKET_EVENTS.CREATED, { ticket, actorId });
  }

  ticketUpdated(ticket, actorId) {
    this.emit(ticket, TICKET_EVENTS.UPDATED, { ticket, actorId });
  }

  ticketStatusChanged(ticket, oldStatus, newStatus, actorId) {
    this.emit(ticket, TICKET_EVENTS.STATUS_CHANGED, { ticket, oldStatus, newStatus, actorId });
  }

  ticketDeleted(ticket, actorId) {
    this.emit(ticket, TICKET_EVENTS.DELETED, { ticketId: ticket.id, ticket, actorId });
  }
}

export default new TicketEventEmitter();
