import ticketService from "../services/ticketServiceWithSocket.js";

/** POST /api/tickets */
export const create = async (req, res, next) => {
  try {
    res.status(201).json(await ticketService.createTicket(req.body ?? {}, req.user.id));
  } catch (error) {
    next(error);
  }
};

/** PUT /api/tickets/:id */
export const update = async (req, res, next) => {
  try {
    const ticket = await ticketService.updateTicket(req.params.id, req.body ?? {}, req.user.id);
    if (!ticket) return res.status(404).json({ error: "ticket not found" });
    return res.json(ticket);
  } catch (error) {
    return next(error);
  }
};
