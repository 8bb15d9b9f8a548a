const Task = require('../models/Task');

const getTasks = async (req, res) => {
  res.json(await Task.find({ owner: req.user.id }));
};

const createTask = async (req, res) => {
  const task = await Task.create({ ...req.body, owner: req.user.id });
  res.status(201).json(task);
};

const deleteTask = async (req, res) => {
  await Task.deleteOne({ _id: req.params.id });
  res.status(204).end();
};

module.exports = { getTasks, createTask, deleteTask };
