import { Router } from "express";
import * as ticketController from "../controllers/ticketController.js";
import { authenticate } from "../middleware/auth.js";

const router = Router();

router.use(authenticate);

router.get("/", ticketController.list);
router.get("/:id", ticketController.get);
router.post("/", ticketController.create);
router.put("/:id", ticketController.update);
router.delete("/:id", ticketController.remove);

export default router;
