// Makes sure dist/public/console is built from the current src/console before a browser test loads it.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const ROOT = process.cwd();
const SOURCE = join(ROOT, "src", "console");
export const CONSOLE_DIST = join(ROOT, "dist", "public", "console");

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Runs `vite build` for the console when its output is missing or older than its sources. */
export function ensureConsoleBuilt(): void {
  const index = join(CONSOLE_DIST, "index.html");
  if (existsSync(index) && statSync(index).mtimeMs >= newestSource(SOURCE)) return;
  execFileSync(
    join(ROOT, "node_modules", ".bin", "vite"),
    ["build", "--config", "src/console/vite.config.ts", "--logLevel", "warn"],
    { cwd: ROOT, stdio: "inherit" },
  );
}
