import { useEffect, useState } from "react";
import { api } from "../services/api";
import { toast } from "../utils/toast";

export default function WorkOrders() {
  const [workOrders, setWorkOrders] = useState([]);

  const fetchWorkOrders = async () => {
    try {
      setWorkOrders(await api.get("/api/work-orders"));
    } catch (err) {
      toast.error(err.message);
    }
  };

  useEffect(() => {
    fetchWorkOrders();
  }, []);

  return (
    <section>
      <h1>WorkOrders</h1>
      <ul>
        {workOrders.map((workOrder) => (
          <li key={workOrder.id}>
            {workOrder.title} ({workOrder.status}) {workOrder.amount}
          </li>
        ))}
      </ul>
    </section>
  );
}
