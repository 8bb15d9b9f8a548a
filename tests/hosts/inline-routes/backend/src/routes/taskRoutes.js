const express = require('express');
const Task = require('../models/Task');
const { protect } = require('../middleware/authMiddleware');

const router = express.Router();

// GET /api/tasks
router.get('/', protect, async (req, res, next) => {
    try {
        const tasks = await Task.find();
        res.status(200).json({ success: true, count: tasks.length, data: tasks });
    } catch (err) {
        next(err);
    }
});

// GET /api/tasks/:id
router.get('/:id', protect, async (req, res, next) => {
    try {
        const task = await Task.findById(req.params.id);
        if (!task) {
            return res.status(404).json({ success: false, message: 'Task not found' });
        }
        res.status(200).json({ success: true, data: task });
    } catch (err) {
        next(err);
    }
});

// POST /api/tasks
router.post('/', protect, async (req, res, next) => {
    try {
        const { title, assignee } = req.body || {};
        if (!title) {
            return res.status(400).json({ success: false, message: 'Title is required' });
        }
        const task = await Task.create({ title, assignee: assignee || null, reporter: String(req.user._id) });
        res.status(201).json({ success: true, data: task });
    } catch (err) {
        next(err);
    }
});

// PUT /api/tasks/:id (a done task is locked; the model throws on a field it does not know)
router.put('/:id', protect, async (req, res, next) => {
    try {
        const task = await Task.findById(req.params.id);
        if (!task) {
            return res.status(404).json({ success: false, message: 'Task not found' });
        }
        const { status } = req.body || {};
        if (task.status === 'done' && !status) {
            return res.status(409).json({ success: false, message: 'A done task is locked', data: task });
        }
        if (status && !Task.STATUSES.includes(status)) {
            return res.status(422).json({ success: false, message: `Status must be one of ${Task.STATUSES.join(', ')}` });
        }
        const updated = await Task.findByIdAndUpdate(req.params.id, req.body || {});
        res.status(200).json({ success: true, data: updated });
    } catch (err) {
        next(err);
    }
});

// DELETE /api/tasks/:id
router.delete('/:id', protect, async (req, res, next) => {
    try {
        const task = await Task.findById(req.params.id);
        if (!task) {
            return res.status(404).json({ success: false, message: 'Task not found' });
        }
        await Task.findByIdAndDelete(req.params.id);
        res.status(200).json({ success: true, message: 'Task deleted', data: task });
    } catch (err) {
        next(err);
    }
});

module.exports = router;
