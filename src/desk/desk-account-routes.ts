// The desk user's own account: sign-in and sign-out for the console, password, status and colleagues.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { deskUserJson } from "../core/index.js";
import { DESK_STATUSES, type DeskStatus, isPlainObject } from "../protocol/index.js";
import type { DeskDeps } from "./deps.js";
import { deskError, sendDeskError } from "./desk-errors.js";
import type { DeskCaller } from "./desk-identity.js";
import { type IssuedSession, sameOrigin } from "./web-sessions.js";

/** The one desk route open without credentials. */
export const SIGN_IN_PATH = "/auth/sign-in";

/** Registers the account routes on the desk scope; `callerOf` is who the auth hook let in. */
export function registerDeskAccountRoutes(
  scope: FastifyInstance,
  deps: DeskDeps,
  callerOf: (request: FastifyRequest) => DeskCaller,
): void {
  const desk = deps.hub.desk;
  const sessions = deps.webSessions;

  scope.post(SIGN_IN_PATH, async (request, reply) => {
    if (!sessions) return sendDeskError(reply, deskError("not_found"));
    // Sign-in CSRF: another site must not sign a visitor's browser in to an account of its own.
    if (!sameOrigin(request.headers, deps.publicUrl ?? ""))
      return sendDeskError(reply, deskError("desk_csrf_rejected"));
    const body = isPlainObject(request.body) ? request.body : {};
    const client = deps.clientOf(request.raw);
    const result = await sessions.signIn(body.email, body.password, client);
    if (!result.ok) {
      if (result.error.code === "desk_sign_in_failed")
        deps.authFailures.failed(client, deps.clock.now());
      return sendDeskError(reply, result.error);
    }
    return signedIn(reply, result.value, 200);
  });

  scope.post("/auth/sign-out", async (request, reply) => {
    const { web } = callerOf(request);
    if (web) await sessions?.signOut(web.session);
    return reply.header("Set-Cookie", sessions?.clearCookie()).code(204).send();
  });

  scope.post("/auth/sign-out-everywhere", async (request, reply) => {
    const { user } = callerOf(request);
    await sessions?.signOutEverywhere(user);
    // Desk sockets opened with a cookie would outlive it; every socket of the user closes (4001).
    await desk.deskUserChanged(user.id, "token_rotated");
    return reply.header("Set-Cookie", sessions?.clearCookie()).code(204).send();
  });

  scope.put("/me/password", async (request, reply) => {
    const { web } = callerOf(request);
    if (!web || !sessions)
      return sendDeskError(
        reply,
        deskError("desk_invalid_request", "sign in with email and password to change it"),
      );
    const body = isPlainObject(request.body) ? request.body : {};
    const result = await sessions.changePassword(web, body.current_password, body.new_password);
    if (!result.ok) return sendDeskError(reply, result.error);
    return signedIn(reply, result.value, 200);
  });

  scope.put("/me/status", async (request, reply) => {
    const status = isPlainObject(request.body) ? request.body.status : undefined;
    if (!DESK_STATUSES.includes(status as DeskStatus))
      return sendDeskError(
        reply,
        deskError("desk_invalid_request", `status must be one of ${DESK_STATUSES.join(", ")}`),
      );
    const { user } = callerOf(request);
    await desk.setStatus(user, status as DeskStatus);
    return { status: desk.status(user.id), chosen: status };
  });

  scope.get("/colleagues", async () => ({ colleagues: await desk.colleagues() }));

  function signedIn(reply: FastifyReply, issued: IssuedSession, status: number): FastifyReply {
    return reply
      .header("Set-Cookie", sessions?.setCookie(issued))
      .header("Cache-Control", "no-store")
      .code(status)
      .send({
        desk_user: deskUserJson(issued.user),
        csrf_token: issued.session.csrfToken,
        expires_at: new Date(issued.session.expiresAt).toISOString(),
      });
  }
}
