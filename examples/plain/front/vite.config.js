import { defineConfig } from "vite";

// No @vitejs/plugin-react (it does not install on this machine): esbuild's
// automatic JSX runtime compiles .jsx files instead.
export default defineConfig({
  esbuild: {
    jsx: "automatic",
  },
  optimizeDeps: {
    include: [
      "react",
      "react-dom/client",
      "react/jsx-runtime",
      "react/jsx-dev-runtime",
      "socket.io-client",
    ],
    esbuildOptions: {
      jsx: "automatic",
    },
  },
  server: {
    port: 5173,
  },
});
