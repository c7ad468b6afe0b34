// `switchboard chat --api chat`: a conversation over the Chat API's three REST calls, one line per turn.
import { createInterface } from "node:readline";
import { type CliIo, EXIT, err, out } from "../cli-io.js";

/** Where and as whom the terminal talks to the Chat API. */
export interface ChatApiStart {
  url: string;
  account: string;
  project: string;
  apiKey: string;
  connectorToken: string;
  attributes?: Record<string, unknown>;
}

type Answer = { ok: true; body: Record<string, unknown> } | { ok: false; message: string };

/** Creates a conversation, then sends each input line as a `respond`; `/quit` closes it. */
export async function runChatApiTerminal(io: CliIo, start: ChatApiStart): Promise<number> {
  const call = caller(start);
  const created = await call(
    "POST",
    "create",
    start.attributes ? { integration_attributes: start.attributes } : {},
  );
  if (!created.ok) {
    err(io, `error: ${created.message}`);
    return EXIT.failure;
  }
  const id = String(created.body.conversation_id);
  out(
    io,
    `Conversation ${id}. Type a message (an empty line lets the agent go on), or /quit to end.`,
  );
  show(io, created.body);
  const input = createInterface({ input: io.stdin ?? process.stdin, terminal: false });
  let turns: Promise<boolean> = Promise.resolve(false);
  const done = new Promise<void>((resolve) => {
    input.on("line", (raw) => {
      turns = turns.then(async (ended) => {
        if (ended) return true;
        const line = raw.trim();
        if (line === "/quit") {
          await call("PUT", "close", { conversation_id: id });
          out(io, "Conversation closed.");
          input.close();
          return true;
        }
        const answer = await call(
          "POST",
          "respond",
          line === "" ? { conversation_id: id } : { conversation_id: id, message: line },
        );
        if (!answer.ok) {
          err(io, `error: ${answer.message}`);
          return false;
        }
        show(io, answer.body);
        if (answer.body.end_conversation === true) {
          out(io, "Conversation ended.");
          input.close();
          return true;
        }
        return false;
      });
    });
    input.on("close", () => void turns.then(() => resolve()));
  });
  await done;
  return EXIT.ok;
}

function show(io: CliIo, body: Record<string, unknown>): void {
  const response = typeof body.response === "string" ? body.response : "";
  for (const message of response.split("\n\n").filter((m) => m !== ""))
    out(io, `agent: ${message}`);
  const handoff = body.handoff as { destination?: unknown; reason?: unknown } | undefined;
  if (handoff)
    out(io, `* handed off to ${String(handoff.destination)} (${String(handoff.reason)})`);
}

function caller(start: ChatApiStart) {
  const base = `${start.url.replace(/\/+$/, "")}/v1/${encodeURIComponent(start.account)}/${encodeURIComponent(start.project)}/chat`;
  return async (method: "POST" | "PUT", action: string, body: unknown): Promise<Answer> => {
    try {
      const response = await fetch(`${base}/${action}`, {
        method,
        headers: {
          "Content-Type": "application/json",
          "X-API-KEY": start.apiKey,
          "X-TOKEN": start.connectorToken,
        },
        body: JSON.stringify(body),
      });
      const json = (await response.json().catch(() => ({}))) as Record<string, unknown>;
      if (response.ok) return { ok: true, body: json };
      return {
        ok: false,
        message: `${String(json.error_code ?? response.status)}: ${String(json.error_message ?? "")}`,
      };
    } catch (error) {
      return { ok: false, message: `cannot reach ${base}: ${(error as Error).message}` };
    }
  };
}
