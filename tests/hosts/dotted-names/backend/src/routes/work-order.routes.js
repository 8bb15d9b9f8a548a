import { Router } from "express";
import * as workOrderController from "../controllers/work-order.controller.js";
import { authenticate } from "../middleware/auth.js";

const router = Router();

router.use(authenticate);
router.get("/", workOrderController.list);
router.post("/", workOrderController.create);
router.get("/:id", workOrderController.get);
router.put("/:id", workOrderController.update);
router.delete("/:id", workOrderController.remove);

export default router;
