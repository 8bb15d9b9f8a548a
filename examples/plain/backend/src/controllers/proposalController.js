import proposalService from "../services/proposalService.js";
import { parseId } from "../utils/http.js";

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
    const id = parseId(req.params.id);
    const proposal = id ? await proposalService.getProposalById(id) : null;
    if (!proposal) return res.status(404).json({ error: "proposal not found" });
    return res.json(proposal);
  } catch (error) {
    return next(error);
  }
};

/** POST /api/proposals */
export const create = async (req, res, next) => {
  try {
    if (!req.body?.title) return res.status(400).json({ error: "title is required" });
    const proposal = await proposalService.createProposal(req.body, req.user.id);
    return res.status(201).json(proposal);
  } catch (error) {
    return next(error);
  }
};

/** PUT /api/proposals/:id */
export const update = async (req, res, next) => {
  try {
    const id = parseId(req.params.id);
    const proposal = id ? await proposalService.updateProposal(id, req.body, req.user.id) : null;
    if (!proposal) return res.status(404).json({ error: "proposal not found" });
    return res.json(proposal);
  } catch (error) {
    return next(error);
  }
};

/** DELETE /api/proposals/:id */
export const remove = async (req, res, next) => {
  try {
    const id = parseId(req.params.id);
    const proposal = id ? await proposalService.deleteProposal(id, req.user.id) : null;
    if (!proposal) return res.status(404).json({ error: "proposal not found" });
    return res.json(proposal);
  } catch (error) {
    return next(error);
  }
};

/** POST /api/proposals/:id/approve */
export const approve = async (req, res, next) => {
  try {
    const id = parseId(req.params.id);
    const proposal = id ? await proposalService.approveProposal(id, req.user.id) : null;
    if (!proposal) return res.status(404).json({ error: "proposal not found" });
    return res.json(proposal);
  } catch (error) {
    return next(error);
  }
};
