import { defineConfig } from 'vite'

// No React plugin: esbuild's automatic JSX runtime compiles the .jsx files.
export default defineConfig({
  esbuild: { jsx: 'automatic' },
  build: { outDir: 'dist', emptyOutDir: true },
})
