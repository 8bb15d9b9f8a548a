const { ObjectId } = require("../db/objectId");

/** Proposals, kept in memory. Stored documents are replaced, never mutated. */
const proposals = new Map();

/** A user reference from a request body as an ObjectId; null stays null. */
const toUserId = (value) => (value == null ? null : new ObjectId(value));

/** Copies the writable proposal fields present in `data`. */
const pickFields = (data = {}) => {
  const fields = {};
  if (data.title !== undefined) fields.title = String(data.title);
  if (data.status !== undefined) fields.status = String(data.status);
  if (data.amount !== undefined) fields.amount = Number(data.amount);
  if (data.assignedTo !== undefined) fields.assignedTo = toUserId(data.assignedTo);
  return fields;
};

async function getAllProposals() {
  return [...proposals.values()];
}

async function getProposalById(id) {
  return proposals.get(String(id)) || null;
}

async function createProposal(data, userId) {
  const proposal = {
    id: new ObjectId().toHexString(),
    title: "",
    status: "draft",
    amount: 0,
    assignedTo: null,
    ...pickFields(data),
    createdBy: new ObjectId(userId),
  };
  proposals.set(proposal.id, proposal);
  return proposal;
}

async function updateProposal(id, data, userId) {
  const current = await getProposalById(id);
  if (!current) return null;
  const proposal = { ...current, ...pickFields(data) };
  proposals.set(proposal.id, proposal);
  return proposal;
}

async function deleteProposal(id, userId) {
  const proposal = await getProposalById(id);
  if (proposal) proposals.delete(proposal.id);
  return proposal;
}

module.exports = { getAllProposals, getProposalById, createProposal, updateProposal, deleteProposal };
