import { createContext, useContext, useEffect, useState } from "react";
import { api } from "../services/api";
import socketService from "../services/socketService";

const AuthContext = createContext(null);

/** The user saved by the last `login`; the session itself lives in an HttpOnly cookie. */
const readStoredUser = () => {
  try {
    return JSON.parse(localStorage.getItem("user"));
  } catch {
    return null;
  }
};

export function AuthProvider({ children }) {
  const [user, setUser] = useState(readStoredUser);

  useEffect(() => {
    if (!user) {
      socketService.disconnect();
      return;
    }

    const handleReady = () => {
      console.debug("socket connected as", user.email);
    };

    socketService.on("connection:success", handleReady);
    socketService.connect();

    return () => {
      socketService.off("connection:success", handleReady);
      socketService.disconnect();
    };
  }, [user]);

  const login = async (email, password) => {
    const { user: signedIn } = await api.post("/api/auth/login", { email, password });
    localStorage.setItem("user", JSON.stringify(signedIn));
    setUser(signedIn);
  };

  const logout = async () => {
    try {
      await api.post("/api/auth/logout");
    } finally {
      socketService.disconnect();
      localStorage.removeItem("user");
      setUser(null);
    }
  };

  return <AuthContext.Provider value={{ user, login, logout }}>{children}</AuthContext.Provider>;
}

export const useAuth = () => useContext(AuthContext);
