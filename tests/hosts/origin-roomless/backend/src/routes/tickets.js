import { Router } from "express";
import * as ticketController from "../controllers/ticketController.js";
import { authenticate } from "../middleware/auth.js";

const router = Router();

router.use(authenticate);
router.post("/", ticketController.create);
router.put("/:id", ticketController.update);

export default router;
