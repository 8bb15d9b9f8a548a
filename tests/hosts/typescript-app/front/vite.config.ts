import { defineConfig } from "vite";

// No React plugin: esbuild compiles the TSX with the automatic runtime (tsconfig `jsx`).
export default defineConfig({
  build: { outDir: "dist", emptyOutDir: true },
});
