import { createContext, useContext, useEffect, useState } from "react";
import { api } from "../services/api";
import socketService from "../services/socketService";

const AuthContext = createContext(null);

/** The user saved by the last `login`, if a token is stored too. */
const readStoredUser = () => {
  if (!localStorage.getItem("token")) return null;
  try {
    return JSON.parse(localStorage.getItem("user"));
  } catch {
    return null;
  }
};

export const AuthProvider = ({ children }) => {
  const [user, setUser] = useState(readStoredUser);

  useEffect(() => {
    if (!user) {
      socketService.disconnect();
      return;
    }

    const handleReady = () => {
      console.debug("socket ready");
    };

    socketService.on("connection:ready", handleReady);
    socketService.connect();

    return () => {
      socketService.off("connection:ready", handleReady);
      socketService.disconnect();
    };
  }, [user]);

  const login = async (email, password) => {
    const { token, user: signedIn } = await api.post("/api/auth/login", { email, password });
    localStorage.setItem("token", token);
    localStorage.setItem("user", JSON.stringify(signedIn));
    setUser(signedIn);
  };

  const logout = () => {
    socketService.disconnect();
    localStorage.removeItem("token");
    localStorage.removeItem("user");
    setUser(null);
  };

  return <AuthContext.Provider value={{ user, login, logout }}>{children}</AuthContext.Provider>;
};

export const useAuth = () => useContext(AuthContext);
