const { Router } = require("express");
const contractController = require("../controllers/contractController");
const { protect } = require("../middleware/auth");

const router = Router();

router.use(protect);
router.get("/", contractController.list);
router.post("/", contractController.create);
router.get("/:id", contractController.get);
router.put("/:id", contractController.update);
router.delete("/:id", contractController.remove);
router.post("/:id/sign", contractController.sign);

module.exports = router;
