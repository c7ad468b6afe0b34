// The `switchboard chat` terminal loop: readline input, rendered events, /quit.
import { createInterface } from "node:readline";
import { type CliIo, EXIT, err } from "../cli-io.js";
import { ChatClient, type ChatNotice, type ChatStart } from "./chat-client.js";
import { ChatView } from "./chat-view.js";

/** Runs an interactive chat until the session ends, `/quit`, or the input closes. */
export async function runChatTerminal(io: CliIo, start: ChatStart): Promise<number> {
  const view = new ChatView((text) => io.stdout.write(text));
  let failure: string | null = null;
  let ended = false;
  const onNotice = (notice: ChatNotice) => {
    if (notice.kind === "event") view.show(notice.event);
    else if (notice.kind === "disconnected")
      view.line(`* connection lost (${notice.code}); reconnecting in ${notice.retryInMs} ms`);
    else if (notice.kind === "connected" && notice.reconnect) view.line("* reconnected");
    else if (notice.kind === "closed" && notice.reason === "ended") ended = true;
    else if (notice.kind === "closed" && notice.reason !== "left")
      failure = notice.detail ?? notice.reason;
  };
  const started = await ChatClient.start(start, onNotice);
  if (!started.ok) {
    err(io, `error: ${started.message}`);
    return EXIT.failure;
  }
  const client = started.value;
  view.line(`Session ${client.sessionId}. Type a message, a suggestion's number, or /quit to end.`);
  const input = createInterface({ input: io.stdin ?? process.stdin, terminal: false });
  input.on("line", (raw) => {
    const line = raw.trim();
    if (line === "") return;
    if (line === "/quit") return client.end();
    view.ownMessages.add(client.sendMessage(view.suggestion(line) ?? line));
  });
  input.on("close", () => client.leave());
  await client.finished;
  input.close();
  if (failure) {
    err(io, `error: ${failure}`);
    return EXIT.failure;
  }
  view.line(ended ? "Session ended." : resumeHint(start.url, client));
  return EXIT.ok;
}

function resumeHint(url: string, client: ChatClient): string {
  return `Session ${client.sessionId} (resume: switchboard chat --url ${url} --resume ${client.sessionId} --access-token ${client.accessToken})`;
}
