// The desk's saved replies: mine and my queues' to insert, and my own to add and remove.
import type { FastifyInstance, FastifyRequest } from "fastify";
import { v7 as uuidv7 } from "uuid";
import { type DeskUserRecord, savedReplyJson, savedReplyProblems } from "../core/index.js";
import { isPlainObject } from "../protocol/index.js";
import type { DeskDeps } from "./deps.js";
import { deskError, sendDeskError } from "./desk-errors.js";

type IdParams = { Params: { id: string } };

/** Registers `/saved-replies` on the desk scope; `userOf` is who the auth hook let in. */
export function registerSavedReplyRoutes(
  scope: FastifyInstance,
  deps: DeskDeps,
  userOf: (request: FastifyRequest) => DeskUserRecord,
): void {
  const replies = deps.savedReplies;
  if (!replies) return;

  scope.get("/saved-replies", async (request) => {
    const user = userOf(request);
    const list = await replies.listSavedReplies({ queues: user.queues, deskUserId: user.id });
    return { saved_replies: list.map(savedReplyJson) };
  });

  scope.post("/saved-replies", async (request, reply) => {
    const body = isPlainObject(request.body) ? request.body : {};
    const problems = savedReplyProblems(body.shortcut, body.text);
    if (problems.length > 0)
      return sendDeskError(reply, deskError("desk_invalid_request", problems.join("; ")));
    const user = userOf(request);
    const now = deps.clock.now();
    const record = {
      id: uuidv7(),
      scope: { kind: "desk_user" as const, deskUserId: user.id },
      shortcut: body.shortcut as string,
      text: body.text as string,
      createdAt: now,
      updatedAt: now,
    };
    if (!(await replies.putSavedReply(record)))
      return sendDeskError(
        reply,
        deskError("desk_invalid_request", `you already have a saved reply "/${record.shortcut}"`),
      );
    return reply.code(201).send(savedReplyJson(record));
  });

  // Only my own: a team's replies are the admins' to change.
  scope.delete<IdParams>("/saved-replies/:id", async (request, reply) => {
    const user = userOf(request);
    const found = await replies.getSavedReply(request.params.id);
    if (found?.scope.kind !== "desk_user" || found.scope.deskUserId !== user.id)
      return sendDeskError(reply, deskError("not_found"));
    await replies.deleteSavedReply(found.id);
    return reply.code(204).send();
  });
}
