import ticketEvents from "../socket/events/ticketEvents.js";
import ticketService from "./ticketService.js";

/**
 * The ticket service with real-time notifications. Wraps the service instance
 * (composition) and emits after each successful write. Emitting never fails the call.
 */
class TicketServiceWithSocket {
  constructor(service) {
    this.service = service;
  }

  /** Runs an emit, logging instead of throwing. */
  safeEmit(emit) {
    try {
      emit();
    } catch (error) {
      console.error("[ticket] socket emit failed:", error);
    }
  }

  async getAllTickets() {
    return this.service.getAllTickets();
  }

  async getTicketById(id) {
    return this.service.getTicketById(id);
  }

  async createTicket(data, userId) {
    const ticket = await this.service.createTicket(data, userId);
    this.safeEmit(() => ticketEvents.ticketCreated(ticket, userId));
    return ticket;
  }

  async updateTicket(id, data, userId) {
    const before = await this.service.getTicketById(id);
    const ticket = await this.service.updateTicket(id, data, userId);
    if (!ticket) return ticket;
    this.safeEmit(() => {
      ticketEvents.ticketUpdated(ticket, userId);
      if (before && before.status !== ticket.status) {
        ticketEvents.ticketStatusChanged(ticket, before.status, ticket.status, userId);
      }
    });
    return ticket;
  }

  async deleteTicket(id, userId) {
    const ticket = await this.service.deleteTicket(id, userId);
    if (ticket) this.safeEmit(() => ticketEvents.ticketDeleted(ticket, userId));
    return ticket;
  }
}

export default new TicketServiceWithSocket(ticketService);
