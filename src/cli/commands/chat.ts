// `switchboard chat`: a terminal chat client for a running server.
import { runChatTerminal } from "../chat/chat-terminal.js";
import type { Command } from "../command.js";
import { stringOption, usageError } from "../command.js";

export const chatCommand: Command = {
  name: "chat",
  summary: "Chat with an agent from the terminal over the Messaging protocol.",
  usage:
    "switchboard chat --url URL --token CONNECTOR_TOKEN --host HOST [--stream]\n" +
    "       switchboard chat --url URL --resume SESSION_ID --access-token T",
  help: [
    "--url URL            Base URL of the server (http://localhost:8080)",
    "--token T            Connector token (X-Token)",
    "--host H             Host identifier registered for the connector (X-Host)",
    "--stream             Ask for streamed replies",
    "--resume ID          Reconnect to an existing session",
    "--access-token T     The access token that created that session",
  ],
  options: {
    url: { type: "string" },
    token: { type: "string" },
    host: { type: "string" },
    stream: { type: "boolean" },
    resume: { type: "string" },
    "access-token": { type: "string" },
  },
  run(io, values) {
    const url = stringOption(values, "url");
    const token = stringOption(values, "token");
    const host = stringOption(values, "host");
    const resume = stringOption(values, "resume");
    const accessToken = stringOption(values, "access-token");
    const streaming = values.stream === true;
    if (!url) return Promise.resolve(usageError(io, chatCommand, "--url is required"));
    if (resume !== undefined || accessToken !== undefined) {
      if (!resume || !accessToken) {
        return Promise.resolve(
          usageError(io, chatCommand, "--resume and --access-token go together"),
        );
      }
      return runChatTerminal(io, { url, streaming, resume: { sessionId: resume, accessToken } });
    }
    if (!token || !host)
      return Promise.resolve(usageError(io, chatCommand, "--token and --host are required"));
    return runChatTerminal(io, { url, streaming, connector: { token, host } });
  },
};
