import { Router } from "express";
import * as proposalController from "../controllers/proposalController.js";
import { authenticate } from "../middleware/auth.js";

const router = Router();

router.use(authenticate);
router.get("/", proposalController.list);
router.post("/", proposalController.create);
router.get("/:id", proposalController.get);
router.put("/:id", proposalController.update);
router.delete("/:id", proposalController.remove);

export default router;
