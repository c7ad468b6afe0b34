// `switchboard migrate`: applies pending schema migrations to the configured store.
import { migrateStore } from "../../app.js";
import { EXIT, err, out } from "../cli-io.js";
import type { Command } from "../command.js";
import { configFrom } from "../store-context.js";

export const migrateCommand: Command = {
  name: "migrate",
  summary:
    "Apply pending schema migrations to the configured store (the server also does on start).",
  usage: "switchboard migrate",
  async run(io) {
    const config = configFrom(io);
    if (!config) return EXIT.failure;
    try {
      const { where, applied } = await migrateStore(config);
      out(
        io,
        applied.length === 0
          ? `${where}: schema is up to date`
          : `${where}: applied migration${applied.length === 1 ? "" : "s"} ${applied.join(", ")}`,
      );
      return EXIT.ok;
    } catch (error) {
      err(io, `error: migration failed: ${(error as Error).message}`);
      return EXIT.failure;
    }
  },
};
