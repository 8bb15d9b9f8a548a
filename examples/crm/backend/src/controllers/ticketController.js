import ticketService from "../services/ticketServiceWithSocket.js";
import { parseId } from "../utils/http.js";

/** GET /api/tickets */
export const list = async (req, res, next) => {
  try {
    res.json(await ticketService.getAllTickets());
  } catch (error) {
    next(error);
  }
};

/** GET /api/tickets/:id */
export const get = async (req, res, next) => {
  try {
    const id = parseId(req.params.id);
    const ticket = id ? await ticketService.getTicketById(id) : null;
    if (!ticket) return res.status(404).json({ error: "ticket not found" });
    return res.json(ticket);
  } catch (error) {
    return next(error);
  }
};

/** POST /api/tickets */
export const create = async (req, res, next) => {
  try {
    if (!req.body?.title) return res.status(400).json({ error: "title is required" });
    const ticket = await ticketService.createTicket(req.body, req.user.id);
    return res.status(201).json(ticket);
  } catch (error) {
    return next(error);
  }
};

/** PUT /api/tickets/:id */
export const update = async (req, res, next) => {
  try {
    const id = parseId(req.params.id);
    const ticket = id ? await ticketService.updateTicket(id, req.body, req.user.id) : null;
    if (!ticket) return res.status(404).json({ error: "ticket not found" });
    return res.json(ticket);
  } catch (error) {
    return next(error);
  }
};

/** DELETE /api/tickets/:id */
export const remove = async (req, res, next) => {
  try {
    const id = parseId(req.params.id);
    const ticket = id ? await ticketService.deleteTicket(id, req.user.id) : null;
    if (!ticket) return res.status(404).json({ error: "ticket not found" });
    return res.json(ticket);
  } catch (error) {
    return next(error);
  }
};
