const { Router } = require("express");
const proposalController = require("../controllers/proposalController");
const { protect } = require("../middleware/auth");

const router = Router();

router.use(protect);
router.get("/", proposalController.list);
router.post("/", proposalController.create);
router.get("/:id", proposalController.get);
router.put("/:id", proposalController.update);
router.delete("/:id", proposalController.remove);

module.exports = router;
