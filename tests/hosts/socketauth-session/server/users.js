module.exports = [
  { id: "m-1", email: "mia@example.com", role: "agent" },
  { id: "n-2", email: "noah@example.com", role: "customer" },
];
