// Helpers for WebSocket conversation tests: sessions on any connector, joined clients, envelope checks.
import { expect } from "vitest";
import { createSession, mintToken, type TestServer } from "./server.js";
import { HandshakeError, TestClient, type WireEvent } from "./ws-client.js";

/** A session and the access token it belongs to. */
export interface SessionRef {
  sessionId: string;
  token: string;
}

/** A client that has joined the AI agent and received its greeting. */
export interface JoinedClient extends SessionRef {
  client: TestClient;
  /** The greeting: a POLY_AGENT_MESSAGE, or the last chunk when streaming. */
  greeting: WireEvent;
}

export interface JoinOptions {
  /** Body of POST /api/v1/sessions (e.g. `{streaming_enabled: true}`). */
  body?: Record<string, unknown>;
  /** A connector token other than the demo connector's. */
  connectorToken?: string;
}

/** POST /api/v1/access-token with `connectorToken` for host localhost. */
export function mintTokenFor(t: TestServer, connectorToken: string): Promise<string> {
  return mintToken(t, { "X-Token": connectorToken });
}

/** Creates a session on the demo connector, or on `opts.connectorToken`'s connector. */
export function newSession(t: TestServer, opts: JoinOptions = {}): Promise<SessionRef> {
  return createSession(t, opts.body ?? {}, opts.connectorToken);
}

/** Opens `/ws` for a session, optionally with a cursor. */
export function connect(t: TestServer, ref: SessionRef, cursor?: string): Promise<TestClient> {
  const query: Record<string, string> = { session_id: ref.sessionId, access_token: ref.token };
  if (cursor !== undefined) query.cursor = cursor;
  return TestClient.open(t.wsUrl, query);
}

/** Creates a session, connects, joins and waits for the complete greeting. */
export async function joinedClient(t: TestServer, opts: JoinOptions = {}): Promise<JoinedClient> {
  const ref = await newSession(t, opts);
  const client = await connect(t, ref);
  await client.waitFor("EVENT_TYPE_SESSION_START");
  client.send("EVENT_TYPE_REQUEST_POLY_AGENT_JOIN");
  const greeting = await client.waitFor(isAgentMessageEnd);
  return { ...ref, client, greeting };
}

/** A whole agent message, or the last chunk of a streamed one. */
export function isAgentMessageEnd(e: WireEvent): boolean {
  return (
    e.type === "EVENT_TYPE_POLY_AGENT_MESSAGE" ||
    (e.type === "EVENT_TYPE_POLY_AGENT_MESSAGE_CHUNK" && e.payload.is_complete === true)
  );
}

/** Sends a user message and waits for its echo and the agent's complete answer after it. */
export async function say(
  client: TestClient,
  text: string,
  custom?: Record<string, unknown>,
  ms = 5000,
): Promise<{ echo: WireEvent; reply: WireEvent }> {
  const from = client.events.length;
  client.send("EVENT_TYPE_USER_MESSAGE", { text }, custom);
  const echo = await client.waitFor(
    (e) => e.type === "EVENT_TYPE_USER_MESSAGE" && e.payload.text === text,
    ms,
    from,
  );
  const at = client.events.indexOf(echo);
  const reply = await client.waitFor(isAgentMessageEnd, ms, at + 1);
  return { echo, reply };
}

/**
 * Sends `text` (by default the demo agent's words for a handoff) and waits for the event matching
 * `last`; returns the events from the user's message on.
 */
export async function askForHuman(
  client: TestClient,
  last: string | ((e: WireEvent) => boolean),
  text = "I want to talk to a human",
): Promise<WireEvent[]> {
  const from = client.events.length;
  client.send("EVENT_TYPE_USER_MESSAGE", { text });
  await client.waitFor(last, 5000, from);
  return client.events.slice(from);
}

/**
 * Waits until every event the server queued before now has been handled: a repeated join in a
 * joined session goes through the same per-session queue as every client event and is echoed
 * as a transient event to the sender only.
 */
export async function barrier(client: TestClient): Promise<void> {
  const marker = `barrier-${Math.random().toString(36).slice(2)}`;
  const from = client.events.length;
  client.send("EVENT_TYPE_REQUEST_POLY_AGENT_JOIN", {}, { marker });
  await client.waitFor(
    (e) => e.type === "EVENT_TYPE_REQUEST_POLY_AGENT_JOIN" && e.metadata?.custom.marker === marker,
    5000,
    from,
  );
}

/** The connection still answers: a heartbeat is echoed with the metadata it carried. */
export async function stillAnswers(client: TestClient): Promise<void> {
  const from = client.events.length;
  client.send("EVENT_TYPE_HEARTBEAT", {}, { alive: true });
  const beat = await client.waitFor("EVENT_TYPE_HEARTBEAT", 5000, from);
  expect(beat.metadata).toEqual({ custom: { alive: true } });
}

/** The refusal of a handshake that is expected to fail. */
export async function refused(opening: Promise<TestClient>): Promise<HandshakeError> {
  try {
    const client = await opening;
    client.close();
  } catch (error) {
    if (error instanceof HandshakeError) return error;
    throw error;
  }
  throw new Error("the handshake was accepted");
}

/** Asserts a refused handshake's status and exact JSON body message. */
export function expectRefusal(error: HandshakeError, status: number, message: string): void {
  expect(error.status).toBe(status);
  const body = JSON.parse(error.body) as Record<string, unknown>;
  expect(body.message).toBe(message);
  expect(typeof body.code).toBe("string");
}

/** Resolves with the close of `client`, or rejects after `ms`. */
export async function closedWithin(
  client: TestClient,
  ms = 5000,
): Promise<{ code: number; reason: string }> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`connection still open after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([client.closed, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Events of the client's first frame (which must be an EVENT_BATCH). */
export function firstBatch(client: TestClient): WireEvent[] {
  const frame = client.frames[0];
  expect(frame?.type).toBe("EVENT_TYPE_EVENT_BATCH");
  return (frame?.payload.events ?? []) as WireEvent[];
}

/** Events with a sequence, in arrival order. */
export function durable(events: readonly WireEvent[]): WireEvent[] {
  return events.filter((e) => e.sequence !== null);
}

/** Waits for the first SYSTEM_MESSAGE from index `from`. */
export function systemMessage(client: TestClient, from = 0, ms = 5000): Promise<WireEvent> {
  return client.waitFor("EVENT_TYPE_SYSTEM_MESSAGE", ms, from);
}

const ISO_MILLIS_Z = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** What is wrong with an event's envelope (`sdk-expectations.md` 10–11), or [] when nothing is. */
export function envelopeProblems(e: WireEvent): string[] {
  const problems: string[] = [];
  if (typeof e.id !== "string" || !UUID_V7.test(e.id))
    problems.push(`id ${String(e.id)} is not a UUIDv7`);
  if (typeof e.timestamp !== "string" || !ISO_MILLIS_Z.test(e.timestamp)) {
    problems.push(`timestamp ${String(e.timestamp)} is not ISO 8601 with milliseconds and Z`);
  } else if (Number.isNaN(Date.parse(e.timestamp)))
    problems.push(`timestamp ${e.timestamp} is not a date`);
  const seq = e.sequence;
  if (seq !== null && !(Number.isInteger(seq) && seq >= 1 && seq < 2 ** 31)) {
    problems.push(`sequence ${String(seq)} is neither null nor a positive int32`);
  }
  if (typeof e.type !== "string") problems.push("type is not a string");
  if (typeof e.payload !== "object" || e.payload === null || Array.isArray(e.payload)) {
    problems.push("payload is not an object");
  }
  return problems;
}

/** Sequences 1..n exactly once each, in order. */
export function expectGapFree(events: readonly WireEvent[], last: number): void {
  const sequences = durable(events).map((e) => e.sequence);
  expect(sequences).toEqual(Array.from({ length: last }, (_, i) => i + 1));
}
