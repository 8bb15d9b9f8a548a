import { Router } from "express";
import * as proposalController from "../controllers/proposalController.js";
import { protect } from "../middleware/auth.js";

const router = Router();

router.use(protect);
router.get("/", proposalController.list);
router.post("/", proposalController.create);
router.get("/:id", proposalController.get);
router.put("/:id", proposalController.update);
router.delete("/:id", proposalController.remove);

export default router;
