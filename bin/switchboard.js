#!/usr/bin/env node
// The `switchboard` command: runs the compiled CLI (`npm run build` first).
import { runCli } from "../dist/src/cli/index.js";

// exitCode rather than process.exit(), so a graceful shutdown still in progress can finish.
process.exitCode = await runCli(process.argv.slice(2));
