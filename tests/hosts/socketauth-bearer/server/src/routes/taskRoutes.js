const express = require('express');
const { protect, adminOnly } = require('../middleware/authMiddleware');
const { getTasks, createTask, deleteTask } = require('../controllers/taskController');

const router = express.Router();

router.use(protect);
router.route('/').get(getTasks).post(createTask);
router.delete('/:id', adminOnly, deleteTask);

module.exports = router;
