import { Router } from "express";
import * as taskController from "../controllers/task.controller.js";
import { authenticate } from "../middleware/auth.js";

const router = Router();

router.use(authenticate);
router.get("/", taskController.list);
router.post("/", taskController.create);
router.get("/:id", taskController.get);
router.put("/:id", taskController.update);
router.delete("/:id", taskController.remove);

export default router;
