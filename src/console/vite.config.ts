// Builds the live-agent console into dist/public/console, served by the server at /console/.
// Not part of src/console/tsconfig.json: this file runs in Node, the console in browsers.
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  root: here("."),
  base: "/console/",
  build: {
    outDir: here("../../dist/public/console"),
    emptyOutDir: true,
    target: "es2022",
    sourcemap: true,
  },
});
