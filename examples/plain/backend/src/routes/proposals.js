import { Router } from "express";
import * as proposalController from "../controllers/proposalController.js";
import { authenticate } from "../middleware/auth.js";

const router = Router();

router.use(authenticate);

router.get("/", proposalController.list);
router.get("/:id", proposalController.get);
router.post("/", proposalController.create);
router.put("/:id", proposalController.update);
router.delete("/:id", proposalController.remove);
router.post("/:id/approve", proposalController.approve);

export default router;
