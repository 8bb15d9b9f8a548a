const Task = require('../models/Task');

// @route GET /api/tasks
exports.getTasks = async (req, res, next) => {
    try {
        const tasks = await Task.find();
        res.status(200).json({ success: true, count: tasks.length, data: tasks });
    } catch (err) {
        next(err);
    }
};

// @route GET /api/tasks/:id
exports.getTask = async (req, res, next) => {
    try {
        const task = await Task.findById(req.params.id);
        if (!task) {
            return res.status(404).json({ success: false, message: 'Task not found' });
        }
        res.status(200).json({ success: true, data: task });
    } catch (err) {
        next(err);
    }
};

// @route POST /api/tasks
exports.createTask = async (req, res, next) => {
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
};

// @route PUT /api/tasks/:id (a done task is locked; the model throws on a field it does not know)
exports.updateTask = async (req, res, next) => {
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
};

// @route DELETE /api/tasks/:id
exports.deleteTask = async (req, res, next) => {
    try {
        const task = await Task.findById(req.params.id);
        if (!task) {
            return res.status(404).json({ success: false, message: 'Task not found' });
        }
        await Task.findByIdAndDelete(req.params.id);
        res.status(200).json({ success: true, message: 'Task deleted' });
    } catch (err) {
        next(err);
    }
};
