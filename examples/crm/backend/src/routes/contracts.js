import { Router } from "express";
import * as contractController from "../controllers/contractController.js";
import { authenticate } from "../middleware/auth.js";

const router = Router();

router.use(authenticate);

router.get("/", contractController.list);
router.get("/:id", contractController.get);
router.post("/", contractController.create);
router.put("/:id", contractController.update);
router.delete("/:id", contractController.remove);
router.post("/:id/sign", contractController.sign);

export default router;
