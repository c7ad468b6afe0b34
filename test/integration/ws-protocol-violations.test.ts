// Frames that break the WebSocket protocol itself: the documented close code for the sender, nobody else touched.
import { describe, expect, it } from "vitest";
import {
  encodeFrame,
  OPCODES,
  RawConnection,
  type RawFrame,
} from "../../attack/support/raw-websocket.js";
import { connect, newSession, type SessionRef, stillAnswers } from "../support/conversation.js";
import { startTestServer, type TestServer } from "../support/server.js";
import { closeAfterEach } from "../support/teardown.js";

const track = closeAfterEach();

async function raw(t: TestServer, ref: SessionRef): Promise<RawConnection> {
  const url = new URL(t.url);
  const query = new URLSearchParams({ session_id: ref.sessionId, access_token: ref.token });
  const connection = await RawConnection.open({
    host: url.hostname,
    port: Number(url.port),
    path: `/ws?${query}`,
  });
  track(connection);
  // The replayed history comes first.
  await connection.waitFor((frame) => frame.opcode === OPCODES.text);
  return connection;
}

const text = (value: string): Buffer => Buffer.from(value, "utf8");
const heartbeat = (id: string) =>
  text(JSON.stringify({ type: "EVENT_TYPE_HEARTBEAT", payload: {}, metadata: { custom: { id } } }));

describe("frames that break the protocol", () => {
  it.each<[string, number, RawFrame[]]>([
    ["an unmasked frame", 1002, [{ opcode: OPCODES.text, payload: heartbeat("u"), masked: false }]],
    ["reserved bits set", 1002, [{ opcode: OPCODES.text, payload: heartbeat("r"), rsv: 4 }]],
    ["an unknown opcode", 1002, [{ opcode: 0x3, payload: text("x") }]],
    [
      "a continuation with nothing to continue",
      1002,
      [{ opcode: OPCODES.continuation, payload: text("x") }],
    ],
    ["a fragmented ping", 1002, [{ opcode: OPCODES.ping, payload: text("p"), fin: false }]],
    ["a ping over 125 bytes", 1002, [{ opcode: OPCODES.ping, payload: Buffer.alloc(126) }]],
    [
      "a text frame of invalid UTF-8",
      1007,
      [{ opcode: OPCODES.text, payload: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]) }],
    ],
    [
      "a text message whose fragments end mid-character",
      1007,
      [
        { opcode: OPCODES.text, payload: Buffer.from([0xe2, 0x82]), fin: false },
        { opcode: OPCODES.continuation, payload: Buffer.from([0x41]) },
      ],
    ],
    [
      "a message over 1048576 bytes",
      1009,
      [{ opcode: OPCODES.text, payload: Buffer.alloc(1_048_577, 0x61) }],
    ],
    [
      "fragments adding up to more than 1048576 bytes",
      1009,
      [
        { opcode: OPCODES.text, payload: Buffer.alloc(600_000, 0x61), fin: false },
        { opcode: OPCODES.continuation, payload: Buffer.alloc(600_000, 0x61) },
      ],
    ],
  ])("closes the sender of %s with %i", async (_what, code, frames) => {
    const t = track(await startTestServer());
    const ref = await newSession(t);
    const bystander = track(await connect(t, ref));
    await bystander.waitFor("EVENT_TYPE_SESSION_START");
    const sender = await raw(t, ref);
    sender.write(...frames);
    expect(await sender.closed).toBe(code);
    await stillAnswers(bystander);
  });

  it("reassembles a message sent in fragments, with pings between them", async () => {
    const t = track(await startTestServer());
    const sender = await raw(t, await newSession(t));
    const whole = heartbeat("fragments");
    const from = sender.frames.length;
    sender.write(
      { opcode: OPCODES.text, payload: whole.subarray(0, 10), fin: false },
      { opcode: OPCODES.ping, payload: text("between") },
      { opcode: OPCODES.continuation, payload: whole.subarray(10, 30), fin: false },
      { opcode: OPCODES.continuation, payload: whole.subarray(30) },
    );
    const pong = await sender.waitFor((f) => f.opcode === OPCODES.pong, from);
    expect(pong?.payload.toString()).toBe("between");
    const echo = await sender.waitFor(
      (f) => f.opcode === OPCODES.text && f.payload.includes("fragments"),
      from,
    );
    expect(JSON.parse(echo?.payload.toString() ?? "{}")).toMatchObject({
      type: "EVENT_TYPE_HEARTBEAT",
      metadata: { custom: { id: "fragments" } },
    });
  });

  it("answers pings, and cuts off a client with more than 60 pongs it has not taken yet", async () => {
    const t = track(await startTestServer());
    const ref = await newSession(t);
    const bystander = track(await connect(t, ref));
    await bystander.waitFor("EVENT_TYPE_SESSION_START");
    const polite = await raw(t, ref);
    const from = polite.frames.length;
    for (let i = 0; i < 50; i++) polite.write({ opcode: OPCODES.ping, payload: text(`p${i}`) });
    const last = await polite.waitFor(
      (f) => f.opcode === OPCODES.pong && f.payload.toString() === "p49",
      from,
    );
    expect(last).not.toBeNull();
    expect(polite.open).toBe(true);
    const flood = await raw(t, ref);
    const burst = Buffer.concat(
      Array.from({ length: 2000 }, (_, i) =>
        encodeFrame({ opcode: OPCODES.ping, payload: text(`f${i}`) }),
      ),
    );
    flood.write(burst);
    // Cut off without a close frame (the `ws` library's guard): the TCP link just ends.
    expect(await flood.closed).toBeNull();
    await stillAnswers(bystander);
  });
});
