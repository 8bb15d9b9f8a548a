const {
  getAllProposals,
  getProposalById,
  createProposal,
  updateProposal,
  deleteProposal,
} = require("../services/proposalService");

/** Answers with the proposal, or 404 when there is none. */
const send = (res, proposal, status = 200) =>
  proposal ? res.status(status).json(proposal) : res.status(404).json({ message: "Proposal not found" });

/** GET /api/proposals */
exports.list = async (req, res, next) => {
  try {
    res.json(await getAllProposals());
  } catch (error) {
    next(error);
  }
};

/** GET /api/proposals/:id */
exports.get = async (req, res, next) => {
  try {
    send(res, await getProposalById(req.params.id));
  } catch (error) {
    next(error);
  }
};

/** POST /api/proposals */
exports.create = async (req, res, next) => {
  try {
    if (!req.body || !req.body.title) return res.status(400).json({ message: "Title is required" });
    return send(res, await createProposal(req.body, req.user._id), 201);
  } catch (error) {
    return next(error);
  }
};

/** PUT /api/proposals/:id */
exports.update = async (req, res, next) => {
  try {
    send(res, await updateProposal(req.params.id, req.body || {}, req.user._id));
  } catch (error) {
    next(error);
  }
};

/** DELETE /api/proposals/:id */
exports.remove = async (req, res, next) => {
  try {
    send(res, await deleteProposal(req.params.id, req.user._id));
  } catch (error) {
    next(error);
  }
};
