import socketServer from "../socket/socketServer.js";
import TicketEventEmitter from "../socket/events/ticketEvents.js";
import ticketService from "./ticketService.js";

/** The ticket service, emitting after each change once `initializeSocketEvents` ran. */
class TicketServiceWithSocket {
  constructor() {
    this.ticketEvents = null;
  }

  initializeSocketEvents() {
    this.ticketEvents = new TicketEventEmitter(socketServer);
  }

  async createTicket(data, userId) {
    const ticket = await ticketService.createTicket(data, userId);
    this.ticketEvents?.emitTicketCreated(ticket, userId);
    return ticket;
  }

  async updateTicket(id, data, userId) {
    const ticket = await ticketService.updateTicket(id, data, userId);
    if (ticket) this.ticketEvents?.emitTicketUpdated(ticket, userId);
    return ticket;
  }
}

export default new TicketServiceWithSocket();
