import { createContext, useContext, useEffect, useState, type ReactNode } from "react";
import { api } from "../services/api";
import socketService from "../services/socketService";
import type { User } from "../types";

interface AuthValue {
  user: User | null;
  login: (email: string, password: string) => Promise<void>;
  logout: () => void;
}

const AuthContext = createContext<AuthValue | null>(null);

/** The user saved by the last `login`, if a token is stored too. */
const readStoredUser = (): User | null => {
  if (!localStorage.getItem("token")) return null;
  try {
    return JSON.parse(localStorage.getItem("user") ?? "null") as User | null;
  } catch {
    return null;
  }
};

export const AuthProvider = ({ children }: { children: ReactNode }) => {
  const [user, setUser] = useState<User | null>(readStoredUser);

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

  const login = async (email: string, password: string) => {
    const { token, user: signedIn } = await api.post<{ token: string; user: User }>("/api/auth/login", {
      email,
      password,
    });
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

export const useAuth = (): AuthValue => {
  const value = useContext(AuthContext);
  if (!value) throw new Error("useAuth outside <AuthProvider>");
  return value;
};
