import { Router } from "express";
import * as contractController from "../controllers/contractController.js";
import { protect } from "../middleware/auth.js";

const router = Router();

router.use(protect);
router.get("/", contractController.list);
router.post("/", contractController.create);
router.get("/:id", contractController.get);
router.put("/:id", contractController.update);
router.delete("/:id", contractController.remove);
router.post("/:id/sign", contractController.sign);

export default router;
