const express = require('express');
const authRoutes = require('./routes/authRoutes');
const taskRoutes = require('./routes/taskRoutes');

const app = express();

app.use(express.json());

app.use('/api/auth', authRoutes);
app.use('/api/tasks', taskRoutes);

// Express tells error handlers by their four parameters.
app.use((err, req, res, next) => {
    console.error(err.message);
    res.status(500).json({ success: false, message: 'Server error' });
});

module.exports = app;
