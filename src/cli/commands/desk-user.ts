// `switchboard desk-user create|list|show|rotate-token|delete`: human agents and their desk tokens.
import {
  createDeskUser,
  type DeskUserWithToken,
  deleteDeskUser,
  deskLoginJson,
  deskUserAdminJson,
  getDeskUser,
  putDeskLogin,
  rotateDeskUserToken,
} from "../../admin/index.js";
import { type CliIo, EXIT, out, printJson, printTable } from "../cli-io.js";
import {
  type Command,
  type CommandGroup,
  done,
  stringOption,
  usageError,
  wholeNumberOption,
} from "../command.js";
import { withStore } from "../store-context.js";
import { printFailure } from "./failure.js";

function printToken(io: CliIo, { deskUser, token }: DeskUserWithToken): void {
  printJson(io, { ...deskUserAdminJson(deskUser), token });
  out(io, "The desk token is shown only now; give it to the person and do not keep a copy.");
}

const create: Command = {
  name: "create",
  summary: "Create a desk user (a human agent); prints their desk token once.",
  usage: "switchboard desk-user create --name N --queues a,b [--avatar-url U] [--max-concurrent N]",
  help: [
    "--name N            Display name shown to users (1-100 characters)",
    "--queues a,b        Comma-separated names of existing queues this person serves",
    "--avatar-url U      An http(s) URL of their picture",
    "--max-concurrent N  Conversations they may hold at once (1-50, default 3)",
  ],
  options: {
    name: { type: "string" },
    queues: { type: "string" },
    "avatar-url": { type: "string" },
    "max-concurrent": { type: "string" },
  },
  async run(io, values) {
    const name = stringOption(values, "name");
    const queues = stringOption(values, "queues");
    if (name === undefined || queues === undefined) {
      return usageError(io, create, "--name and --queues are required");
    }
    const max = wholeNumberOption(values, "max-concurrent");
    if (!max.ok) return usageError(io, create, max.problem);
    const body = {
      name,
      queues: queues
        .split(",")
        .map((q) => q.trim())
        .filter((q) => q !== ""),
      avatar_url: stringOption(values, "avatar-url"),
      max_concurrent: max.value,
    };
    return withStore(io, async (deps) => {
      const result = await createDeskUser(deps, body);
      if (!result.ok) return printFailure(io, result.error);
      printToken(io, result.value);
      return EXIT.ok;
    });
  },
};

const list: Command = {
  name: "list",
  summary: "List desk users (never their tokens).",
  usage: "switchboard desk-user list",
  run: (io) =>
    withStore(io, async (deps) => {
      const rows = (await deps.store.listDeskUsers()).map((u) => [
        u.id,
        u.name,
        u.queues.join(",") || "-",
        String(u.maxConcurrent),
      ]);
      printTable(io, ["ID", "NAME", "QUEUES", "MAX CONCURRENT"], rows, "No desk users.");
      return EXIT.ok;
    }),
};

const show: Command = {
  name: "show",
  summary: "Print a desk user as JSON (without their token).",
  usage: "switchboard desk-user show ID",
  positionals: ["ID"],
  run: (io, _values, [id]) =>
    withStore(io, async (deps) => {
      const result = await getDeskUser(deps, id as string);
      if (!result.ok) return printFailure(io, result.error);
      printJson(io, deskUserAdminJson(result.value));
      return EXIT.ok;
    }),
};

const rotate: Command = {
  name: "rotate-token",
  summary: "Replace a desk user's token; the old one stops working for new requests at once.",
  usage: "switchboard desk-user rotate-token ID",
  positionals: ["ID"],
  run: (io, _values, [id]) =>
    withStore(io, async (deps) => {
      const result = await rotateDeskUserToken(deps, id as string);
      if (!result.ok) return printFailure(io, result.error);
      printToken(io, result.value);
      return EXIT.ok;
    }),
};

const setLogin: Command = {
  name: "set-login",
  summary:
    "Set a desk user's console email and/or password (a new password signs them out everywhere).",
  usage: "switchboard desk-user set-login ID [--email E] [--password-stdin]",
  help: [
    "--email E          The address they sign in with (required the first time)",
    "--password-stdin   Read the new password from standard input (never from the command line)",
  ],
  positionals: ["ID"],
  options: { email: { type: "string" }, "password-stdin": { type: "boolean" } },
  async run(io, values, [id]) {
    const body: Record<string, unknown> = {};
    const email = stringOption(values, "email");
    if (email !== undefined) body.email = email;
    if (values["password-stdin"] === true)
      body.password = (await readAll(io.stdin ?? process.stdin)).replace(/\r?\n$/, "");
    if (Object.keys(body).length === 0)
      return usageError(io, setLogin, "give --email, --password-stdin or both");
    return withStore(io, async (deps) => {
      const result = await putDeskLogin(deps, id as string, body);
      if (!result.ok) return printFailure(io, result.error);
      printJson(io, deskLoginJson(result.value));
      return EXIT.ok;
    });
  },
};

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  let text = "";
  for await (const chunk of stream) text += String(chunk);
  return text;
}

const remove: Command = {
  name: "delete",
  summary: "Delete a desk user (refused while they hold conversations).",
  usage: "switchboard desk-user delete ID",
  positionals: ["ID"],
  run: (io, _values, [id]) =>
    withStore(io, async (deps) => {
      const result = await deleteDeskUser(deps, id as string);
      return result.ok ? done(io, `Deleted desk user ${id}.`) : printFailure(io, result.error);
    }),
};

export const deskUserGroup: CommandGroup = {
  name: "desk-user",
  summary: "Manage desk users (human agents who answer handed-off conversations).",
  commands: [create, list, show, rotate, setLogin, remove],
};
