// `switchboard context-key …` and `switchboard api-key …`: verified-context signing keys and Chat API keys.
import {
  addContextKey,
  apiKeyJson,
  contextKeyJson,
  contextKeySecretJson,
  createApiKey,
  deleteApiKey,
  deleteContextKey,
  listApiKeys,
  listContextKeys,
  rotateApiKey,
  rotateContextKey,
} from "../../admin/index.js";
import { type CliIo, EXIT, out, printJson } from "../cli-io.js";
import {
  type Command,
  type CommandGroup,
  done,
  type OptionValues,
  stringOption,
} from "../command.js";
import { withStore } from "../store-context.js";
import { printFailure } from "./failure.js";

/** `{overlap_seconds}` from `--overlap`, or the parse problem (a number is checked by the service). */
function overlapBody(values: OptionValues): Record<string, unknown> {
  const overlap = stringOption(values, "overlap");
  return overlap === undefined ? {} : { overlap_seconds: Number(overlap) };
}

function shownOnce(io: CliIo, value: unknown, what: string): number {
  printJson(io, value);
  out(io, `The ${what} is shown only now; store it safely.`);
  return EXIT.ok;
}

const contextAdd: Command = {
  name: "add",
  summary: "Add a verified-context signing key to a connector; prints its secret once.",
  usage: "switchboard context-key add CONNECTOR [--kid KID]",
  positionals: ["CONNECTOR"],
  options: { kid: { type: "string" } },
  run: (io, values, [connector]) =>
    withStore(io, async (deps) => {
      const kid = stringOption(values, "kid");
      const result = await addContextKey(
        deps,
        connector as string,
        kid === undefined ? {} : { kid },
      );
      return result.ok
        ? shownOnce(io, contextKeySecretJson(result.value), "secret")
        : printFailure(io, result.error);
    }),
};

const contextRotate: Command = {
  name: "rotate",
  summary:
    "Give a key a new secret; the previous one verifies for --overlap seconds (default 86400).",
  usage: "switchboard context-key rotate CONNECTOR KID [--overlap SECONDS]",
  positionals: ["CONNECTOR", "KID"],
  options: { overlap: { type: "string" } },
  run: (io, values, [connector, kid]) =>
    withStore(io, async (deps) => {
      const result = await rotateContextKey(
        deps,
        connector as string,
        kid as string,
        overlapBody(values),
      );
      return result.ok
        ? shownOnce(io, contextKeySecretJson(result.value), "secret")
        : printFailure(io, result.error);
    }),
};

const contextList: Command = {
  name: "list",
  summary: "List a connector's signing keys and their secrets' lifetimes (never the secrets).",
  usage: "switchboard context-key list CONNECTOR",
  positionals: ["CONNECTOR"],
  run: (io, _values, [connector]) =>
    withStore(io, async (deps) => {
      const result = await listContextKeys(deps, connector as string);
      if (!result.ok) return printFailure(io, result.error);
      printJson(io, result.value.map(contextKeyJson));
      return EXIT.ok;
    }),
};

const contextDelete: Command = {
  name: "delete",
  summary: "Remove a signing key and all its secrets at once.",
  usage: "switchboard context-key delete CONNECTOR KID",
  positionals: ["CONNECTOR", "KID"],
  run: (io, _values, [connector, kid]) =>
    withStore(io, async (deps) => {
      const result = await deleteContextKey(deps, connector as string, kid as string);
      return result.ok ? done(io, `Deleted context key ${kid}.`) : printFailure(io, result.error);
    }),
};

export const contextKeyGroup: CommandGroup = {
  name: "context-key",
  summary:
    "Manage connectors' verified-context signing keys (kid + secret, rotatable with overlap).",
  commands: [contextAdd, contextRotate, contextList, contextDelete],
};

const apiCreate: Command = {
  name: "create",
  summary: "Create a Chat API key for an account; prints it once.",
  usage: "switchboard api-key create ACCOUNT",
  positionals: ["ACCOUNT"],
  run: (io, _values, [account]) =>
    withStore(io, async (deps) => {
      const result = await createApiKey(deps, account as string);
      if (!result.ok) return printFailure(io, result.error);
      return shownOnce(io, { ...apiKeyJson(result.value.record), key: result.value.key }, "key");
    }),
};

const apiRotate: Command = {
  name: "rotate",
  summary: "Replace an API key; the old one works for --overlap seconds more (default 3600).",
  usage: "switchboard api-key rotate ACCOUNT ID [--overlap SECONDS]",
  positionals: ["ACCOUNT", "ID"],
  options: { overlap: { type: "string" } },
  run: (io, values, [account, id]) =>
    withStore(io, async (deps) => {
      const result = await rotateApiKey(deps, account as string, id as string, overlapBody(values));
      if (!result.ok) return printFailure(io, result.error);
      return shownOnce(io, { ...apiKeyJson(result.value.record), key: result.value.key }, "key");
    }),
};

const apiList: Command = {
  name: "list",
  summary: "List an account's API keys (never the keys).",
  usage: "switchboard api-key list ACCOUNT",
  positionals: ["ACCOUNT"],
  run: (io, _values, [account]) =>
    withStore(io, async (deps) => {
      const result = await listApiKeys(deps, account as string);
      if (!result.ok) return printFailure(io, result.error);
      printJson(io, result.value.map(apiKeyJson));
      return EXIT.ok;
    }),
};

const apiDelete: Command = {
  name: "delete",
  summary: "Revoke an API key at once.",
  usage: "switchboard api-key delete ACCOUNT ID",
  positionals: ["ACCOUNT", "ID"],
  run: (io, _values, [account, id]) =>
    withStore(io, async (deps) => {
      const result = await deleteApiKey(deps, account as string, id as string);
      return result.ok ? done(io, `Deleted API key ${id}.`) : printFailure(io, result.error);
    }),
};

export const apiKeyGroup: CommandGroup = {
  name: "api-key",
  summary: "Manage the Chat API keys of accounts (shown once, stored hashed).",
  commands: [apiCreate, apiRotate, apiList, apiDelete],
};
