/** Support tickets, kept in memory. */
class TicketService {
  constructor() {
    this.tickets = new Map();
    this.nextId = 1;
  }

  async createTicket(data, userId) {
    const ticket = {
      id: this.nextId++,
      subject: String(data.subject ?? ""),
      status: "open",
      createdBy: userId,
      assignedTo: data.assignedTo ?? null,
    };
    this.tickets.set(ticket.id, ticket);
    return ticket;
  }

  async updateTicket(id, data, userId) {
    const current = this.tickets.get(Number(id));
    if (!current) return null;
    const ticket = { ...current };
    for (const key of ["subject", "status", "assignedTo"]) if (data[key] !== undefined) ticket[key] = data[key];
    this.tickets.set(ticket.id, ticket);
    return ticket;
  }
}

export default new TicketService();
