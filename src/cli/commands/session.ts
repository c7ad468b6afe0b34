// `switchboard session list|show|export|delete`: conversations in the store.
import {
  getSessionWithEvents,
  listSessions,
  parseSessionQuery,
  sessionJson,
  wireEvent,
} from "../../admin/index.js";
import { openBlobStore } from "../../app/open-blobs.js";
import { ratingJson, type SessionRating } from "../../core/index.js";
import { EXIT, out, printJson, printTable } from "../cli-io.js";
import { type Command, type CommandGroup, done, stringOption, usageError } from "../command.js";
import { withStore } from "../store-context.js";
import { transcriptLines } from "../transcript.js";
import { printFailure } from "./failure.js";

const list: Command = {
  name: "list",
  summary: "List sessions, newest first.",
  usage: "switchboard session list [--state active|ended] [--connector ID] [--limit N]",
  help: [
    "--state S       active or ended",
    "--connector ID  Only this connector's sessions",
    "--limit N       At most N (default 50, at most 500)",
  ],
  options: { state: { type: "string" }, connector: { type: "string" }, limit: { type: "string" } },
  run: (io, values) => {
    const query: Record<string, string> = {};
    for (const [flag, key] of [
      ["state", "state"],
      ["connector", "connector_id"],
      ["limit", "limit"],
    ] as const) {
      const value = stringOption(values, flag);
      if (value !== undefined) query[key] = value;
    }
    const filter = parseSessionQuery(query);
    if (!filter.ok)
      return Promise.resolve(usageError(io, list, (filter.error.details ?? []).join("; ")));
    return withStore(io, async (deps) => {
      const page = await listSessions(deps, filter.value);
      if (!page.ok) return printFailure(io, page.error);
      const rows = page.value.sessions.map((s) => [
        s.id,
        s.connectorId,
        s.state,
        new Date(s.createdAt).toISOString(),
        String(s.lastSequence),
      ]);
      printTable(io, ["ID", "CONNECTOR", "STATE", "CREATED", "EVENTS"], rows, "No sessions.");
      return EXIT.ok;
    });
  },
};

const show: Command = {
  name: "show",
  summary: "Print a session with its full event log as JSON.",
  usage: "switchboard session show ID",
  positionals: ["ID"],
  run: (io, _values, [id]) => exportSession(io, id as string, "json"),
};

const exportCommand: Command = {
  name: "export",
  summary: "Export a session as JSON or as a readable transcript.",
  usage: "switchboard session export ID --format json|text",
  help: ["--format F  json (the session and its events) or text (a transcript); default json"],
  options: { format: { type: "string" } },
  positionals: ["ID"],
  run: (io, values, [id]) => {
    const format = stringOption(values, "format") ?? "json";
    if (format !== "json" && format !== "text") {
      return Promise.resolve(
        usageError(io, exportCommand, `--format must be json or text, not "${format}"`),
      );
    }
    return exportSession(io, id as string, format);
  },
};

function exportSession(io: Parameters<Command["run"]>[0], id: string, format: "json" | "text") {
  return withStore(io, async (deps) => {
    const result = await getSessionWithEvents(deps, id);
    if (!result.ok) return printFailure(io, result.error);
    const events = result.value.events.map(wireEvent);
    const { session, rating } = result.value;
    if (format === "json")
      printJson(io, { ...sessionJson(session), events, rating: rating && ratingJson(rating) });
    else for (const line of [...transcriptLines(events), ...ratingLines(rating)]) out(io, line);
    return EXIT.ok;
  });
}

/** The rating as the transcript's last line: `[…] * rated 4/5: "Quick"`. */
function ratingLines(rating: SessionRating | null): string[] {
  if (!rating) return [];
  const at = new Date(rating.ratedAt)
    .toISOString()
    .replace(/\.\d{3}Z$/, "Z")
    .replace("T", " ");
  const score = rating.scale === "five" ? `${rating.score}/5` : `thumbs ${rating.score}`;
  const comment = rating.comment === null ? "" : `: ${JSON.stringify(rating.comment)}`;
  return [`[${at}] * rated ${score}${comment}`];
}

const remove: Command = {
  name: "delete",
  summary: "Erase a session and all its events (use the admin API to also close live sockets).",
  usage: "switchboard session delete ID",
  positionals: ["ID"],
  run: (io, _values, [id]) =>
    withStore(io, async (deps, config) => {
      // The bytes of its files first, as the server does.
      if (await deps.store.getSession(id as string))
        await (await openBlobStore(config)).deleteSession(id as string);
      if (await deps.store.deleteSession(id as string)) return done(io, `Erased session ${id}.`);
      return printFailure(io, {
        code: "admin_not_found",
        message: `Not found: no session "${id}"`,
      });
    }),
};

export const sessionGroup: CommandGroup = {
  name: "session",
  summary: "Inspect, export and erase conversations.",
  commands: [list, show, exportCommand, remove],
};
