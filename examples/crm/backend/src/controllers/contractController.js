import { ContractService } from "../services/contractService.js";
import { parseId } from "../utils/http.js";

const contractService = new ContractService();

/** GET /api/contracts */
export const list = async (req, res, next) => {
  try {
    res.json(await contractService.getAll());
  } catch (error) {
    next(error);
  }
};

/** GET /api/contracts/:id */
export const get = async (req, res, next) => {
  try {
    const id = parseId(req.params.id);
    const contract = id ? await contractService.getById(id) : null;
    if (!contract) return res.status(404).json({ error: "contract not found" });
    return res.json(contract);
  } catch (error) {
    return next(error);
  }
};

/** POST /api/contracts */
export const create = async (req, res, next) => {
  try {
    if (!req.body?.title) return res.status(400).json({ error: "title is required" });
    const contract = await contractService.createContract(req.body, req.user.id);
    return res.status(201).json(contract);
  } catch (error) {
    return next(error);
  }
};

/** PUT /api/contracts/:id */
export const update = async (req, res, next) => {
  try {
    const id = parseId(req.params.id);
    const contract = id ? await contractService.updateContract(id, req.body, req.user.id) : null;
    if (!contract) return res.status(404).json({ error: "contract not found" });
    return res.json(contract);
  } catch (error) {
    return next(error);
  }
};

/** DELETE /api/contracts/:id */
export const remove = async (req, res, next) => {
  try {
    const id = parseId(req.params.id);
    const contract = id ? await contractService.deleteContract(id, req.user.id) : null;
    if (!contract) return res.status(404).json({ error: "contract not found" });
    return res.json(contract);
  } catch (error) {
    return next(error);
  }
};

/** POST /api/contracts/:id/sign */
export const sign = async (req, res, next) => {
  try {
    const id = parseId(req.params.id);
    const contract = id ? await contractService.signContract(id, req.user.id) : null;
    if (!contract) return res.status(404).json({ error: "contract not found" });
    return res.json(contract);
  } catch (error) {
    return next(error);
  }
};
