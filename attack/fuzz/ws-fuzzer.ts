// Drives WebSocket inputs through raw connections and checks every answer against what is documented.
import { CLOSE_CODES } from "../../src/protocol/index.js";
import { OPCODES, RawConnection, type ServerFrame } from "../support/raw-websocket.js";
import { socketErrorOf, wireEventProblem } from "./documented.js";
import type { Findings } from "./findings.js";
import type { WsExpectation, WsInput } from "./ws-inputs.js";

/** Where the fuzzed server is and how to get a fresh session on it. */
export interface WsTarget {
  host: string;
  port: number;
  newSession(): Promise<{ sessionId: string; token: string }>;
}

/** How long an answer may take before the input counts as a hang. */
export const ANSWER_MS = 10_000;

interface Parsed {
  index: number;
  event: Record<string, unknown>;
}

/** One fuzzing connection: inputs one after another, reconnecting (a new session) when closed. */
export class WsFuzzer {
  readonly #target: WsTarget;
  readonly #findings: Findings;
  #connection: RawConnection | undefined;
  #checked = 0;
  #probes = 0;

  constructor(target: WsTarget, findings: Findings) {
    this.#target = target;
    this.#findings = findings;
  }

  /** Sends one input and checks what follows. */
  async run(input: WsInput, index: number): Promise<void> {
    const connection = await this.#open();
    const from = connection.frames.length;
    connection.write(...input.frames);
    const problem = await this.#check(connection, input.expect, from, index);
    this.#audit(connection, index, input.name);
    if (problem) this.#findings.add({ ...problem, input: index, name: input.name });
    if (!connection.open || input.expect.kind === "close") this.#drop();
  }

  close(): void {
    this.#drop();
  }

  async #open(): Promise<RawConnection> {
    if (this.#connection?.open) return this.#connection;
    const { sessionId, token } = await this.#target.newSession();
    const connection = await RawConnection.open({
      host: this.#target.host,
      port: this.#target.port,
      path: `/ws?${new URLSearchParams({ session_id: sessionId, access_token: token })}`,
    });
    await connection.waitFor((f) => f.opcode === OPCODES.text);
    this.#connection = connection;
    this.#checked = 0;
    return connection;
  }

  #drop(): void {
    this.#connection?.close();
    this.#connection = undefined;
  }

  async #check(
    connection: RawConnection,
    expect: WsExpectation,
    from: number,
    index: number,
  ): Promise<Omit<import("./findings.js").Finding, "input" | "name"> | null> {
    if (expect.kind === "close") {
      const code = await withTimeout(connection.closed, ANSWER_MS);
      if (code === "timeout") return { kind: "hang", detail: "not closed" };
      if (expect.codes.includes(code ?? -1) || endedFirst(connection, code)) return null;
      return undocumented(`closed with ${code}, expected ${expect.codes.join("/")}`);
    }
    if (expect.kind === "pong") {
      const pong = await connection.waitFor(
        (f) => f.opcode === OPCODES.pong && f.payload.toString() === expect.payload,
        from,
        ANSWER_MS,
      );
      return pong ? null : this.#lost(connection, "no pong");
    }
    if (expect.kind === "answer") {
      const answer = await connection.waitFor((f) => answers(f, expect, index), from, ANSWER_MS);
      if (!answer)
        return this.#lost(
          connection,
          `no ${expect.types.join("/")} nor ${expect.errors.join("/")}`,
        );
    }
    const probe = await this.#probe(connection);
    if (probe === null) {
      const allowed = expect.kind === "documented" ? (expect.closes ?? []) : [];
      return this.#lost(connection, "no answer to the probe heartbeat", allowed);
    }
    const between = texts(connection.frames.slice(from, probe));
    if (expect.kind === "error") {
      const codes = between.map((e) =>
        socketErrorOf((e.event.payload as { message?: unknown }).message),
      );
      return codes.some((c) => c !== null && expect.codes.includes(c))
        ? null
        : undocumented(`no ${expect.codes.join("/")} among ${codes.join(", ") || "nothing"}`);
    }
    if (expect.kind === "heartbeat") {
      const echoed = between.some(
        (e) =>
          (e.event.type === "EVENT_TYPE_HEARTBEAT" &&
            sameJson(
              (e.event.metadata as { custom?: unknown } | undefined)?.custom,
              expect.custom,
            )) ||
          socketErrorOf((e.event.payload as { message?: unknown }).message) === "session_ended",
      );
      return echoed ? null : undocumented("heartbeat not echoed with its metadata");
    }
    return null;
  }

  // A heartbeat after the input: answered in order on this connection, so everything the input drew came first.
  async #probe(connection: RawConnection): Promise<number | null> {
    const id = `probe-${++this.#probes}`;
    const from = connection.frames.length;
    connection.write({
      opcode: OPCODES.text,
      payload: Buffer.from(
        JSON.stringify({ type: "EVENT_TYPE_HEARTBEAT", metadata: { custom: { probe: id } } }),
      ),
    });
    await connection.waitFor(
      (f) => f.opcode === OPCODES.text && f.payload.includes(id),
      from,
      ANSWER_MS,
    );
    const at = connection.frames.findIndex(
      (f, i) => i >= from && f.opcode === OPCODES.text && f.payload.includes(id),
    );
    return at < 0 ? null : at;
  }

  // A connection may end during an input only when its session ended (the agent said goodbye).
  async #lost(
    connection: RawConnection,
    what: string,
    allowed: readonly number[] = [],
  ): Promise<Omit<import("./findings.js").Finding, "input" | "name"> | null> {
    if (connection.open) return { kind: "hang", detail: what };
    const code = await connection.closed;
    if ((code !== null && allowed.includes(code)) || endedFirst(connection, code)) return null;
    return undocumented(`${what}: closed with ${code}`);
  }

  // Every text frame the server sent is checked once, whatever input drew it.
  #audit(connection: RawConnection, index: number, name: string): void {
    const frames = connection.frames;
    for (; this.#checked < frames.length; this.#checked++) {
      const frame = frames[this.#checked] as ServerFrame;
      if (frame.opcode !== OPCODES.text) continue;
      let parsed: unknown;
      try {
        parsed = JSON.parse(frame.payload.toString("utf8"));
      } catch {
        this.#findings.add({
          kind: "undocumented",
          input: index,
          name,
          detail: "a frame that is not JSON",
        });
        continue;
      }
      const problem = wireEventProblem(parsed);
      if (problem)
        this.#findings.add({ kind: "undocumented", input: index, name, detail: problem });
    }
  }
}

function answers(
  frame: ServerFrame,
  expect: Extract<WsExpectation, { kind: "answer" }>,
  index: number,
): boolean {
  if (frame.opcode !== OPCODES.text) return false;
  const event = parse(frame);
  if (!event) return false;
  const marked =
    (event.metadata as { custom?: { fuzz?: unknown } } | undefined)?.custom?.fuzz === index;
  if (!marked) return false;
  if (expect.types.includes(String(event.type))) return true;
  const code = socketErrorOf((event.payload as { message?: unknown } | undefined)?.message);
  return code !== null && expect.errors.includes(code);
}

/**
 * Whether the session ended (SESSION_END, then 1000) before this input's answer came. An end
 * asked for earlier (an end event with extra payload keys, a "bye" the agent ends on) goes
 * through the session's queue, so a later input's heartbeat probe can be answered first.
 */
function endedFirst(connection: RawConnection, code: number | null): boolean {
  if (code !== CLOSE_CODES.normal) return false;
  return texts(connection.frames).some((e) => e.event.type === "EVENT_TYPE_SESSION_END");
}

function texts(frames: readonly ServerFrame[]): Parsed[] {
  const out: Parsed[] = [];
  frames.forEach((frame, index) => {
    if (frame.opcode !== OPCODES.text) return;
    const event = parse(frame);
    if (event) out.push({ index, event });
  });
  return out;
}

function parse(frame: ServerFrame): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(frame.payload.toString("utf8"));
    return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function undocumented(detail: string): Omit<import("./findings.js").Finding, "input" | "name"> {
  return { kind: "undocumented", detail };
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | "timeout"> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
