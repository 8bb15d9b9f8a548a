import proposalService from "../services/proposalService.js";

/** Answers with the proposal, or 404 when there is none. */
const send = (res, proposal, status = 200) =>
  proposal ? res.status(status).json(proposal) : res.status(404).json({ message: "Proposal not found" });

/** GET /api/proposals */
export const list = async (req, res, next) => {
  try {
    res.json(await proposalService.getAllProposals());
  } catch (error) {
    next(error);
  }
};

/** GET /api/proposals/:id */
export const get = async (req, res, next) => {
  try {
    send(res, await proposalService.getProposalById(req.params.id));
  } catch (error) {
    next(error);
  }
};

/** POST /api/proposals */
export const create = async (req, res, next) => {
  try {
    if (!req.body?.title) return res.status(400).json({ message: "Title is required" });
    return send(res, await proposalService.createProposal(req.body, req.user._id), 201);
  } catch (error) {
    return next(error);
  }
};

/** PUT /api/proposals/:id */
export const update = async (req, res, next) => {
  try {
    send(res, await proposalService.updateProposal(req.params.id, req.body ?? {}, req.user._id));
  } catch (error) {
    next(error);
  }
};

/** DELETE /api/proposals/:id */
export const remove = async (req, res, next) => {
  try {
    send(res, await proposalService.deleteProposal(req.params.id, req.user._id));
  } catch (error) {
    next(error);
  }
};
