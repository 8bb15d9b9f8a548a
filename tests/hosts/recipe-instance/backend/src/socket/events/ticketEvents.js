import { ROLES } from "../../constants/roles.js";

/** Decides who hears about ticket changes (the recipe's hand-written emitter). */
class TicketEventEmitter {
  constructor(socketServer) {
    this.socketServer = socketServer;
  }

  /** A new ticket: every admin. */
  emitTicketCreated(ticket, userId) {
    this.socketServer.emitToRoles([ROLES.ADMIN, ROLES.SUPER_ADMIN], "ticket:created", { ticket });
  }

  /** A changed ticket: its creator and assignee. */
  emitTicketUpdated(ticket, userId) {
    const userIds = [ticket.createdBy, ticket.assignedTo].filter((id) => id != null);
    this.socketServer.emitToUsers([...new Set(userIds)], "ticket:updated", { ticket });
  }
}

export default TicketEventEmitter;
