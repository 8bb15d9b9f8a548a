import type { NextFunction, Request, Response } from "express";
import proposalService from "../services/proposalService.js";
import type { Proposal } from "../types/proposal.js";

/** Answers with the proposal, or 404 when there is none. */
const send = (res: Response, proposal: Proposal | null, status = 200) => {
  if (proposal) res.status(status).json(proposal);
  else res.status(404).json({ error: "proposal not found" });
};

/** GET /api/proposals */
export const list = async (req: Request, res: Response, next: NextFunction) => {
  try {
    res.json(await proposalService.getAllProposals());
  } catch (error) {
    next(error);
  }
};

/** GET /api/proposals/:id */
export const get = async (req: Request, res: Response, next: NextFunction) => {
  try {
    send(res, await proposalService.getProposalById(req.params.id));
  } catch (error) {
    next(error);
  }
};

/** POST /api/proposals */
export const create = async (req: Request, res: Response, next: NextFunction) => {
  try {
    if (!req.body?.title) {
      res.status(400).json({ error: "title is required" });
      return;
    }
    send(res, await proposalService.createProposal(req.body, req.user!.id), 201);
  } catch (error) {
    next(error);
  }
};

/** PUT /api/proposals/:id */
export const update = async (req: Request, res: Response, next: NextFunction) => {
  try {
    send(res, await proposalService.updateProposal(req.params.id, req.body ?? {}, req.user!.id));
  } catch (error) {
    next(error);
  }
};

/** DELETE /api/proposals/:id */
export const remove = async (req: Request, res: Response, next: NextFunction) => {
  try {
    send(res, await proposalService.deleteProposal(req.params.id, req.user!.id));
  } catch (error) {
    next(error);
  }
};
