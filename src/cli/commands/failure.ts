// Prints an admin operation's failure the way every store command does.
import type { AdminError } from "../../admin/index.js";
import { type CliIo, EXIT, err } from "../cli-io.js";

/** Prints `error: message` (and each detail) and returns the failure exit code. */
export function printFailure(io: CliIo, error: AdminError): number {
  if (error.details && error.details.length > 0) {
    err(io, "error: invalid request:");
    for (const detail of error.details) err(io, `  ${detail}`);
  } else {
    err(io, `error: ${error.message}`);
  }
  return EXIT.failure;
}
