import { defineConfig } from "vite";

export default defineConfig({
  build: { outDir: "dist" },
  // `vite preview` serves the production build here; the container serves it on the same port.
  preview: { port: 3080 },
});
