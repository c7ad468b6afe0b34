// Builds the widget into one self-contained script, dist/public/widget/switchboard.js (served at /widget/),
// and copies the demo page and its script to dist/public/demo/. Runs in Node, so not part of the widget tsconfig.
import { copyFileSync, mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  root: here("."),
  publicDir: false,
  define: { "process.env.NODE_ENV": JSON.stringify("production") },
  build: {
    outDir: here("../../dist/public/widget"),
    emptyOutDir: true,
    target: "es2021",
    minify: true,
    sourcemap: false,
    lib: {
      entry: here("./loader.ts"),
      name: "SwitchboardWidget",
      formats: ["iife"],
      fileName: () => "switchboard.js",
    },
  },
  plugins: [
    {
      name: "switchboard-demo-page",
      closeBundle() {
        mkdirSync(here("../../dist/public/demo"), { recursive: true });
        copyFileSync(here("./demo/index.html"), here("../../dist/public/demo/index.html"));
        copyFileSync(here("./demo/demo.js"), here("../../dist/public/demo/demo.js"));
      },
    },
  ],
});
