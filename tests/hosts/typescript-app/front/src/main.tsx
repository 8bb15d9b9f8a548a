import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import App from "./admin/App";
import { AuthProvider } from "./admin/contexts/AuthContext";

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <AuthProvider>
      <App />
    </AuthProvider>
  </StrictMode>,
);
