// In-memory users (the fixture stands in for a database model).
const users = [
  { id: 'u1', name: 'Alice', email: 'alice@example.com', role: 'admin' },
  { id: 'u2', name: 'Bob', email: 'bob@example.com', role: 'member' },
];

module.exports = {
  findOne: async ({ email }) => users.find((u) => u.email === email) || null,
  findById: async (id) => users.find((u) => u.id === id) || null,
};
