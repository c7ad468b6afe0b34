// `switchboard serve [--seed FILE]` (the server) and `switchboard keys rotate` (signing keys).
import { startServer } from "../../app.js";
import { KeyRing } from "../../auth/index.js";
import { EXIT, err, out } from "../cli-io.js";
import type { Command, CommandGroup } from "../command.js";
import { stringOption } from "../command.js";
import { configFrom, withStore } from "../store-context.js";

export const serveCommand: Command = {
  name: "serve",
  summary: "Start the server (configured by the environment) and run until SIGTERM or SIGINT.",
  usage: "switchboard serve [--seed FILE]",
  help: ["--seed FILE  A provisioning file applied at start (like SWITCHBOARD_SEED_FILE)"],
  options: { seed: { type: "string" } },
  async run(io, values) {
    const seed = stringOption(values, "seed");
    const config = configFrom(
      io,
      seed === undefined ? io.env : { ...io.env, SWITCHBOARD_SEED_FILE: seed },
    );
    if (!config) return EXIT.failure;
    try {
      await startServer(config, { print: (line) => out(io, line) });
    } catch (error) {
      err(io, `error: could not start: ${(error as Error).message}`);
      return EXIT.failure;
    }
    // startServer's signal handlers shut down gracefully and exit the process.
    return new Promise<number>(() => undefined);
  },
};

const rotate: Command = {
  name: "rotate",
  summary:
    "Add a new access-token signing key; tokens signed by older keys stay valid until they expire.",
  usage: "switchboard keys rotate",
  run: (io) =>
    withStore(io, async ({ store }) => {
      const keys = new KeyRing(store);
      await keys.refresh();
      const { kid } = await keys.rotate();
      out(io, `New signing key: ${kid} (running servers pick it up within a minute)`);
      return EXIT.ok;
    }),
};

export const keysGroup: CommandGroup = {
  name: "keys",
  summary: "Manage the access-token signing keys.",
  commands: [rotate],
};
