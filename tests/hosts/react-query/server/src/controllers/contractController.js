import contractService from "../services/contractService.js";

/** Answers with the contract, or 404 when there is none. */
const send = (res, contract, status = 200) =>
  contract ? res.status(status).json(contract) : res.status(404).json({ message: "Contract not found" });

/** GET /api/contracts */
export const list = async (req, res, next) => {
  try {
    res.json(await contractService.getAllContracts());
  } catch (error) {
    next(error);
  }
};

/** GET /api/contracts/:id */
export const get = async (req, res, next) => {
  try {
    send(res, await contractService.getContractById(req.params.id));
  } catch (error) {
    next(error);
  }
};

/** POST /api/contracts */
export const create = async (req, res, next) => {
  try {
    if (!req.body?.title) return res.status(400).json({ message: "Title is required" });
    return send(res, await contractService.createContract(req.body, req.user._id), 201);
  } catch (error) {
    return next(error);
  }
};

/** PUT /api/contracts/:id */
export const update = async (req, res, next) => {
  try {
    send(res, await contractService.updateContract(req.params.id, req.body ?? {}, req.user._id));
  } catch (error) {
    next(error);
  }
};

/** DELETE /api/contracts/:id */
export const remove = async (req, res, next) => {
  try {
    send(res, await contractService.deleteContract(req.params.id, req.user._id));
  } catch (error) {
    next(error);
  }
};

/** POST /api/contracts/:id/sign */
export const sign = async (req, res, next) => {
  try {
    send(res, await contractService.signContract(req.params.id, req.user._id));
  } catch (error) {
    next(error);
  }
};
