import { useEffect, useState } from "react";
import { api } from "../services/api";
import { toast } from "../utils/toast";

export default function Tasks() {
  const [tasks, setTasks] = useState([]);

  const fetchTasks = async () => {
    try {
      setTasks(await api.get("/api/tasks"));
    } catch (err) {
      toast.error(err.message);
    }
  };

  useEffect(() => {
    fetchTasks();
  }, []);

  return (
    <section>
      <h1>Tasks</h1>
      <ul>
        {tasks.map((task) => (
          <li key={task.id}>
            {task.title} ({task.status}) {task.amount}
          </li>
        ))}
      </ul>
    </section>
  );
}
