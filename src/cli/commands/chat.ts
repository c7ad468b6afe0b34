// `switchboard chat`: a terminal chat client for a running server.
import { runChatApiTerminal } from "../chat/chat-api-terminal.js";
import { runChatTerminal } from "../chat/chat-terminal.js";
import type { Command } from "../command.js";
import { stringOption, usageError } from "../command.js";

export const chatCommand: Command = {
  name: "chat",
  summary: "Chat with an agent from the terminal over the Messaging protocol or the Chat API.",
  usage:
    "switchboard chat --url URL --token CONNECTOR_TOKEN --host HOST [--stream]\n" +
    "       switchboard chat --url URL --resume SESSION_ID --access-token T\n" +
    "       switchboard chat --api chat --url URL --account ID --project ID [--token T] [--api-key K] [--attributes JSON]",
  help: [
    "--url URL            Base URL of the server (http://localhost:8080)",
    "--token T            Connector token (X-Token)",
    "--host H             Host identifier registered for the connector (X-Host)",
    "--stream             Ask for streamed replies",
    "--resume ID          Reconnect to an existing session",
    "--access-token T     The access token that created that session",
    "--api messaging|chat The Messaging protocol over a WebSocket (default) or the Chat API over REST",
    "--account ID         Chat API: the account id (SWITCHBOARD_CHAT_ACCOUNTS)",
    "--project ID         Chat API: the connector's id or name",
    "--api-key K          Chat API: an API key of the account (default $SWITCHBOARD_API_KEY)",
    '--attributes JSON    Chat API: integration_attributes for create, e.g. \'{"tier":"gold"}\'',
    "                     (--token defaults to $SWITCHBOARD_CONNECTOR_TOKEN with --api chat)",
  ],
  options: {
    url: { type: "string" },
    token: { type: "string" },
    host: { type: "string" },
    stream: { type: "boolean" },
    resume: { type: "string" },
    "access-token": { type: "string" },
    api: { type: "string" },
    account: { type: "string" },
    project: { type: "string" },
    "api-key": { type: "string" },
    attributes: { type: "string" },
  },
  run(io, values) {
    const api = stringOption(values, "api") ?? "messaging";
    if (api === "chat") return chatApi(io, values);
    if (api !== "messaging")
      return Promise.resolve(usageError(io, chatCommand, "--api must be messaging or chat"));
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

/** `--api chat`: the options of a Chat API conversation, checked. */
function chatApi(io: Parameters<Command["run"]>[0], values: Parameters<Command["run"]>[1]) {
  const url = stringOption(values, "url");
  const account = stringOption(values, "account");
  const project = stringOption(values, "project");
  const apiKey = stringOption(values, "api-key") ?? io.env.SWITCHBOARD_API_KEY;
  const connectorToken = stringOption(values, "token") ?? io.env.SWITCHBOARD_CONNECTOR_TOKEN;
  if (!url || !account || !project)
    return Promise.resolve(
      usageError(io, chatCommand, "--url, --account and --project are required with --api chat"),
    );
  if (!apiKey || !connectorToken)
    return Promise.resolve(
      usageError(
        io,
        chatCommand,
        "an API key (--api-key) and a connector token (--token) are required",
      ),
    );
  const text = stringOption(values, "attributes");
  let attributes: Record<string, unknown> | undefined;
  if (text !== undefined) {
    try {
      attributes = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return Promise.resolve(usageError(io, chatCommand, "--attributes must be a JSON object"));
    }
  }
  return runChatApiTerminal(io, {
    url,
    account,
    project,
    apiKey,
    connectorToken,
    ...(attributes ? { attributes } : {}),
  });
}
