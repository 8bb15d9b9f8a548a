import { useEffect, useState } from "react";
import { api } from "../services/api";
import ticketSocketService, { TICKET_EVENTS } from "../services/ticketSocketService";
import { toast } from "../utils/toast";

const STATUSES = ["open", "in_progress", "closed"];

/** Replaces the ticket with the same id, or puts it first when new. */
const upsert = (list, ticket) =>
  list.some((item) => item.id === ticket.id)
    ? list.map((item) => (item.id === ticket.id ? ticket : item))
    : [ticket, ...list];

export default function Tickets() {
  const [tickets, setTickets] = useState([]);
  const [users, setUsers] = useState([]);
  const [title, setTitle] = useState("");
  const [assignedTo, setAssignedTo] = useState("");

  const fetchTickets = async () => {
    const data = await api.get("/api/tickets");
    setTickets(data);
  };

  useEffect(() => {
    fetchTickets();
  }, []);

  useEffect(() => {
    api.get("/api/users").then(setUsers, () => setUsers([]));
  }, []);

  useEffect(() => {
    const handleCreated = ({ ticket }) => setTickets((prev) => upsert(prev, ticket));
    const handleUpdated = ({ ticket }) => setTickets((prev) => upsert(prev, ticket));
    const handleDeleted = ({ ticketId }) =>
      setTickets((prev) => prev.filter((ticket) => ticket.id !== ticketId));

    ticketSocketService.on(TICKET_EVENTS.CREATED, handleCreated);
    ticketSocketService.on(TICKET_EVENTS.UPDATED, handleUpdated);
    ticketSocketService.on(TICKET_EVENTS.STATUS_CHANGED, handleUpdated);
    ticketSocketService.on(TICKET_EVENTS.DELETED, handleDeleted);

    return () => {
      ticketSocketService.off(TICKET_EVENTS.CREATED, handleCreated);
      ticketSocketService.off(TICKET_EVENTS.UPDATED, handleUpdated);
      ticketSocketService.off(TICKET_EVENTS.STATUS_CHANGED, handleUpdated);
      ticketSocketService.off(TICKET_EVENTS.DELETED, handleDeleted);
    };
  }, []);

  const userName = (id) => users.find((user) => user.id === id)?.name ?? id ?? "-";

  const handleCreate = async (event) => {
    event.preventDefault();
    try {
      const ticket = await api.post("/api/tickets", {
        title,
        assignedTo: assignedTo ? Number(assignedTo) : null,
      });
      setTickets((prev) => upsert(prev, ticket));
      setTitle("");
      setAssignedTo("");
    } catch (err) {
      toast.error(err.message);
    }
  };

  const handleStatus = async (id, status) => {
    try {
      const ticket = await api.put(`/api/tickets/${id}`, { status });
      setTickets((prev) => upsert(prev, ticket));
    } catch (err) {
      toast.error(err.message);
    }
  };

  const handleDelete = async (id) => {
    try {
      await api.delete(`/api/tickets/${id}`);
      setTickets((prev) => prev.filter((ticket) => ticket.id !== id));
    } catch (err) {
      toast.error(err.message);
    }
  };

  return (
    <section>
      <h1>Tickets</h1>
      <form className="create-form" onSubmit={handleCreate}>
        <input
          name="title"
          placeholder="Title"
          value={title}
          onChange={(event) => setTitle(event.target.value)}
          required
        />
        <select
          name="assignedTo"
          value={assignedTo}
          onChange={(event) => setAssignedTo(event.target.value)}
        >
          <option value="">Unassigned</option>
          {users.map((user) => (
            <option key={user.id} value={user.id}>
              {user.name}
            </option>
          ))}
        </select>
        <button type="submit">Create ticket</button>
      </form>
      <table>
        <thead>
          <tr>
            <th>Title</th>
            <th>Assigned to</th>
            <th>Status</th>
            <th>Actions</th>
          </tr>
        </thead>
        <tbody>
          {tickets.map((ticket) => (
            <tr key={ticket.id} data-testid={`ticket-row-${ticket.id}`}>
              <td>{ticket.title}</td>
              <td>{userName(ticket.assignedTo)}</td>
              <td data-testid="ticket-status">{ticket.status}</td>
              <td>
                <select
                  aria-label="Change status"
                  value={ticket.status}
                  onChange={(event) => handleStatus(ticket.id, event.target.value)}
                >
                  {STATUSES.map((status) => (
                    <option key={status} value={status}>
                      {status}
                    </option>
                  ))}
                </select>
                <button type="button" onClick={() => handleDelete(ticket.id)}>
                  Delete
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
