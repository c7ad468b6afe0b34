// Slow readers: a replay that nobody reads holds one batch, not the history; caps and the process budget shed them.
import type { Socket } from "node:net";
import { describe, expect, it } from "vitest";
import { encodeFrame, OPCODES, rawUpgrade } from "../../attack/support/raw-websocket.js";
import { EventFactory } from "../../src/core/index.js";
import { systemClock } from "../../src/platform/index.js";
import { connect, type SessionRef, stillAnswers } from "../support/conversation.js";
import { decodeJwt } from "../support/http.js";
import { mintToken, startTestServer, type TestServer } from "../support/server.js";
import { newSession } from "../support/store-contract/fixtures.js";
import { closeAfterEach } from "../support/teardown.js";

const track = closeAfterEach();
const KIB = 1024;
/**
 * History per session: more than the kernel's socket buffers take from a reader that reads
 * nothing (up to 4 MiB sent and some received here), so the rest must wait in the server.
 */
const HISTORY_MIB = 8;
/** Opening readers that make the server replay megabytes takes a few seconds on a busy machine. */
const SLOW_MS = 30_000;
const events = new EventFactory(systemClock);

/**
 * A session with about `mib` MiB of history, written straight to the store before the hub has
 * loaded the session (the way a session looks after a restart): as the socket would, just
 * without the agent answering each of 70 messages.
 */
async function sessionWithHistory(
  t: TestServer,
  mib: number,
): Promise<SessionRef & { count: number }> {
  const token = await mintToken(t);
  const { payload } = decodeJwt(token);
  const sessionId = events.id();
  await t.server.store.createSession(
    newSession({
      id: sessionId,
      connectorId: String(payload.cid),
      subject: String(payload.sub),
      subjectExpiresAt: Number(payload.exp) * 1000,
      createdAt: Date.now(),
    }),
    events.durable("EVENT_TYPE_SESSION_START", {}),
  );
  const text = "x".repeat(120_000);
  const count = Math.ceil((mib * 1024 * KIB) / text.length);
  const messages = Array.from({ length: count }, (_, n) =>
    events.durable("EVENT_TYPE_USER_MESSAGE", { text }, { custom: { n } }),
  );
  await t.server.store.append(sessionId, messages);
  return { sessionId, token, count };
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
      { timeout: 30_000, interval: 200 },
    )
    .toBe(true);
  return last;
}

describe("a replay nobody reads", () => {
  it(
    "holds about one batch per reader, not the history, and is not cut off for it",
    async () => {
      const t = track(await startTestServer());
      const ref = await sessionWithHistory(t, HISTORY_MIB);
      const readers = [];
      for (let i = 0; i < 3; i++) readers.push(await silentReader(t, ref));
      const waiting = await settledWaitingBytes(t);
      // Each reader: below 128 KiB when the last batch was sent, plus that batch (< 128 KiB).
      expect(waiting).toBeLessThanOrEqual(3 * 256 * KIB);
      expect(await metric(t, "switchboard_slow_consumers_shed_total")).toBe(0);
      for (const reader of readers) expect(reader.destroyed).toBe(false);
      // The session itself is fine: a reader that reads gets its history and answers.
      const reading = track(await connect(t, ref, String(ref.count)));
      await reading.waitFor("EVENT_TYPE_SESSION_START");
      await stillAnswers(reading);
    },
    SLOW_MS,
  );
});

describe("the outbound budgets", () => {
  it(
    "closes a client whose answers pile up past its own cap (SWITCHBOARD_WS_MAX_BUFFERED_BYTES)",
    async () => {
      const cap = 2048 * KIB;
      const t = track(await startTestServer({ SWITCHBOARD_WS_MAX_BUFFERED_BYTES: String(cap) }));
      const ref = await sessionWithHistory(t, 0);
      const bystander = track(await connect(t, ref));
      await bystander.waitFor("EVENT_TYPE_SESSION_START");
      // Heartbeats are answered at once with their metadata (15 KB here) and are not rate
      // limited: a client that sends them and reads nothing piles its answers up.
      const writer = await silentReader(t, ref);
      const padding = "y".repeat(15_000);
      for (let n = 0; n < 1000; n++) {
        const frame = JSON.stringify({
          type: "EVENT_TYPE_HEARTBEAT",
          metadata: { custom: { n, padding } },
        });
        writer.write(encodeFrame({ opcode: OPCODES.text, payload: Buffer.from(frame) }));
      }
      // The server cuts the writer off (its bytes are freed); the writer, not reading, cannot tell.
      await expect
        .poll(() => metric(t, "switchboard_slow_consumers_shed_total"), { timeout: 10_000 })
        .toBe(1);
      await expect.poll(() => metric(t, "switchboard_connections"), { timeout: 5000 }).toBe(1);
      await stillAnswers(bystander);
    },
    SLOW_MS,
  );

  it(
    "sheds the readers holding the most when all together pass SWITCHBOARD_WS_TOTAL_BUFFERED_BYTES",
    async () => {
      const t = track(
        await startTestServer({ SWITCHBOARD_WS_TOTAL_BUFFERED_BYTES: String(256 * KIB) }),
      );
      const ref = await sessionWithHistory(t, HISTORY_MIB);
      // Past the history: a reading client with nothing to replay holds next to nothing.
      const bystander = track(await connect(t, ref, String(ref.count + 1)));
      await bystander.waitFor("EVENT_TYPE_SESSION_START");
      // Four readers of at least 128 KiB each are more than 256 KiB together.
      for (let i = 0; i < 4; i++) await silentReader(t, ref);
      await expect
        .poll(() => metric(t, "switchboard_slow_consumers_shed_total"), { timeout: 10_000 })
        .toBeGreaterThan(0);
      const waiting = await settledWaitingBytes(t);
      expect(waiting).toBeLessThanOrEqual(256 * KIB);
      const shed = await metric(t, "switchboard_slow_consumers_shed_total");
      await expect
        .poll(() => metric(t, "switchboard_connections"), { timeout: 5000 })
        .toBe(1 + 4 - shed);
      await stillAnswers(bystander);
    },
    SLOW_MS,
  );
});
