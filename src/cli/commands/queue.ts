// `switchboard queue create|list|show|delete`: live-agent queues in the store.
import { createQueue, deleteQueue, getQueue, queueJson } from "../../admin/index.js";
import type { OpeningHours } from "../../core/index.js";
import { EXIT, printJson, printTable } from "../cli-io.js";
import {
  type Command,
  type CommandGroup,
  done,
  usageError,
  wholeNumberOption,
} from "../command.js";
import { withStore } from "../store-context.js";
import { printFailure } from "./failure.js";

const create: Command = {
  name: "create",
  summary: "Create a live-agent queue (opening hours: use apply or the admin API).",
  usage: "switchboard queue create NAME [--max-wait S] [--status-interval S]",
  help: [
    "NAME                 Lower-case letters, digits, '_' or '-' (e.g. support)",
    "--max-wait S         Seconds a conversation may wait before it times out (10-86400, default 600)",
    "--status-interval S  Seconds between queue-status updates to the user (5-3600, default 30)",
  ],
  options: { "max-wait": { type: "string" }, "status-interval": { type: "string" } },
  positionals: ["NAME"],
  async run(io, values, [name]) {
    const maxWait = wholeNumberOption(values, "max-wait");
    if (!maxWait.ok) return usageError(io, create, maxWait.problem);
    const interval = wholeNumberOption(values, "status-interval");
    if (!interval.ok) return usageError(io, create, interval.problem);
    const body = {
      name,
      max_wait_seconds: maxWait.value,
      status_interval_seconds: interval.value,
    };
    return withStore(io, async (deps) => {
      const result = await createQueue(deps, body);
      if (!result.ok) return printFailure(io, result.error);
      printJson(io, queueJson(result.value));
      return EXIT.ok;
    });
  },
};

const list: Command = {
  name: "list",
  summary: "List queues with the desk users serving each.",
  usage: "switchboard queue list",
  run: (io) =>
    withStore(io, async (deps) => {
      const users = await deps.store.listDeskUsers();
      const rows = (await deps.store.listQueues()).map((q) => [
        q.name,
        String(q.maxWaitSeconds),
        String(q.statusIntervalSeconds),
        hoursLabel(q.openingHours),
        String(users.filter((u) => u.queues.includes(q.name)).length),
      ]);
      const headers = ["NAME", "MAX WAIT", "STATUS EVERY", "HOURS", "DESK USERS"];
      printTable(io, headers, rows, "No queues.");
      return EXIT.ok;
    }),
};

function hoursLabel(hours: OpeningHours | null): string {
  return hours ? hours.timezone : "always open";
}

const show: Command = {
  name: "show",
  summary: "Print a queue as JSON.",
  usage: "switchboard queue show NAME",
  positionals: ["NAME"],
  run: (io, _values, [name]) =>
    withStore(io, async (deps) => {
      const result = await getQueue(deps, name as string);
      if (!result.ok) return printFailure(io, result.error);
      printJson(io, queueJson(result.value));
      return EXIT.ok;
    }),
};

const remove: Command = {
  name: "delete",
  summary: "Delete a queue (refused while desk users serve it or conversations wait in it).",
  usage: "switchboard queue delete NAME",
  positionals: ["NAME"],
  run: (io, _values, [name]) =>
    withStore(io, async (deps) => {
      const result = await deleteQueue(deps, name as string);
      return result.ok ? done(io, `Deleted queue ${name}.`) : printFailure(io, result.error);
    }),
};

export const queueGroup: CommandGroup = {
  name: "queue",
  summary: "Manage live-agent queues.",
  commands: [create, list, show, remove],
};
