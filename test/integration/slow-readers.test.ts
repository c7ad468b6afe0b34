// Slow readers: a replay that nobody reads holds one batch, not the history; caps and the process budget shed them.
import type { Socket } from "node:net";
import { describe, expect, it } from "vitest";
import { encodeFrame, OPCODES, rawUpgrade } from "../../attack/support/raw-websocket.js";
import { connect, joinedClient, type SessionRef, stillAnswers } from "../support/conversation.js";
import { startTestServer, type TestServer } from "../support/server.js";
import { closeAfterEach } from "../support/teardown.js";

const track = closeAfterEach();
const FAST = { SWITCHBOARD_WS_MESSAGE_BURST: "10000", SWITCHBOARD_WS_MESSAGES_PER_SECOND: "10000" };
const KIB = 1024;

/**
 * A joined session with about `mib` MiB of history. Messages go one at a time when `oneByOne`
 * (so even a small per-connection cap holds for the client writing them), else all at once.
 */
async function sessionWithHistory(
  t: TestServer,
  mib: number,
  { textBytes = 120_000, oneByOne = false } = {},
): Promise<SessionRef & { count: number }> {
  const { client, ...ref } = await joinedClient(t);
  const text = "x".repeat(textBytes);
  const count = Math.ceil((mib * 1024 * KIB) / text.length);
  const echoed =
    (n: number) => (e: { type: string; metadata?: { custom: Record<string, unknown> } }) =>
      e.type === "EVENT_TYPE_USER_MESSAGE" && e.metadata?.custom.n === n;
  for (let i = 0; i < count; i++) {
    client.send("EVENT_TYPE_USER_MESSAGE", { text }, { n: i });
    if (oneByOne) await client.waitFor(echoed(i), 5000, client.events.length - 1);
  }
  await client.waitFor(echoed(count - 1), 30_000);
  client.close();
  await client.closed;
  return { ...ref, count };
}

/** A connection (from `cursor`, 0 by default) that reads nothing at all after the upgrade. */
async function silentReader(t: TestServer, ref: SessionRef, cursor = "0"): Promise<Socket> {
  const url = new URL(t.url);
  const query = new URLSearchParams({
    session_id: ref.sessionId,
    access_token: ref.token,
    cursor,
  });
  const outcome = await rawUpgrade({
    host: url.hostname,
    port: Number(url.port),
    path: `/ws?${query}`,
  });
  if (!outcome.ok) throw new Error(`upgrade refused: ${outcome.status}`);
  const socket = outcome.socket;
  socket.on("error", () => undefined);
  track({ close: () => socket.destroy() });
  return socket;
}

async function metric(t: TestServer, name: string): Promise<number> {
  const text = await (await fetch(`${t.url}/metrics`)).text();
  const line = text.split("\n").find((l) => l.startsWith(`${name} `));
  return Number(line?.split(" ")[1] ?? Number.NaN);
}

/** Waits until the bytes waiting for readers stop changing, and returns them. */
async function settledWaitingBytes(t: TestServer): Promise<number> {
  let last = -1;
  await expect
    .poll(
      async () => {
        const now = await metric(t, "switchboard_outbound_waiting_bytes");
        const same = now === last && now > 0;
        last = now;
        return same;
      },
      { timeout: 10_000, interval: 100 },
    )
    .toBe(true);
  return last;
}

describe("a replay nobody reads", () => {
  it("holds about one batch per reader, not the history, and is not cut off for it", async () => {
    const t = track(await startTestServer(FAST));
    const ref = await sessionWithHistory(t, 4);
    const readers = [];
    for (let i = 0; i < 3; i++) readers.push(await silentReader(t, ref));
    const waiting = await settledWaitingBytes(t);
    // Each reader: below 128 KiB when the last batch was sent, plus that batch (< 128 KiB).
    expect(waiting).toBeLessThanOrEqual(3 * 256 * KIB);
    expect(await metric(t, "switchboard_slow_consumers_shed_total")).toBe(0);
    for (const reader of readers) expect(reader.destroyed).toBe(false);
    const reading = track(await connect(t, ref, "0"));
    await reading.waitFor(
      (e) => e.type === "EVENT_TYPE_USER_MESSAGE" && e.metadata?.custom.n === 33,
    );
  });
});

describe("the outbound budgets", () => {
  it("closes a client whose answers pile up past its own cap (SWITCHBOARD_WS_MAX_BUFFERED_BYTES)", async () => {
    const cap = 512 * KIB;
    const t = track(
      await startTestServer({ ...FAST, SWITCHBOARD_WS_MAX_BUFFERED_BYTES: String(cap) }),
    );
    const { client: bystander, ...ref } = await joinedClient(t);
    track(bystander);
    // Past the history: this socket gets only the echoes of what it sends, and reads none.
    const writer = await silentReader(t, ref, String(bystander.lastSequence));
    const text = "y".repeat(120_000);
    for (let n = 0; n < 80; n++) {
      const frame = JSON.stringify({
        type: "EVENT_TYPE_USER_MESSAGE",
        payload: { text },
        metadata: { custom: { n } },
      });
      writer.write(encodeFrame({ opcode: OPCODES.text, payload: Buffer.from(frame) }));
    }
    // The server cuts the writer off (its bytes are freed); the writer, not reading, cannot tell.
    await expect
      .poll(() => metric(t, "switchboard_slow_consumers_shed_total"), { timeout: 10_000 })
      .toBe(1);
    await expect.poll(() => metric(t, "switchboard_connections"), { timeout: 5000 }).toBe(1);
    await stillAnswers(bystander);
  });

  it("sheds the readers holding the most when all together pass SWITCHBOARD_WS_TOTAL_BUFFERED_BYTES", async () => {
    const t = track(
      await startTestServer({ ...FAST, SWITCHBOARD_WS_TOTAL_BUFFERED_BYTES: String(1024 * KIB) }),
    );
    const ref = await sessionWithHistory(t, 4);
    const bystander = track(await connect(t, ref));
    await bystander.waitFor("EVENT_TYPE_SESSION_START");
    // Nine readers of at least 128 KiB each are more than 1 MiB together.
    for (let i = 0; i < 9; i++) await silentReader(t, ref);
    await expect
      .poll(() => metric(t, "switchboard_slow_consumers_shed_total"), { timeout: 10_000 })
      .toBeGreaterThan(0);
    const waiting = await settledWaitingBytes(t);
    expect(waiting).toBeLessThanOrEqual(1024 * KIB);
    const shed = await metric(t, "switchboard_slow_consumers_shed_total");
    expect(shed).toBeLessThan(9);
    await expect
      .poll(() => metric(t, "switchboard_connections"), { timeout: 5000 })
      .toBe(1 + 9 - shed);
    await stillAnswers(bystander);
  });
});
