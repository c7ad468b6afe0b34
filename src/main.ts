// Entry point: `node dist/src/main.js <command>`; see `switchboard --help`.
import { runCli } from "./cli/index.js";

process.exitCode = await runCli(process.argv.slice(2));
