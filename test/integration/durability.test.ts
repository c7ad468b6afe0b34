// Kills a real server process mid-conversation and checks nothing acknowledged was lost or changed.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { demoConnectorToken, type ServerProcess, spawnServer } from "../support/server-process.js";
import { TestClient } from "../support/ws-client.js";

const children: ServerProcess[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const s of children.splice(0)) s.child.kill("SIGKILL");
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function start(dataDir: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  const server = await spawnServer(dataDir, env);
  children.push(server);
  return server;
}

async function openSession(server: ServerProcess, dataDir: string, streaming: boolean) {
  const minted = await fetch(`${server.url}/api/v1/access-token`, {
    method: "POST",
    headers: { "X-Token": demoConnectorToken(dataDir), "X-Host": "localhost" },
  });
  const { access_token: token } = (await minted.json()) as { access_token: string };
  const created = await fetch(`${server.url}/api/v1/sessions`, {
    method: "POST",
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
    body: JSON.stringify({ streaming_enabled: streaming }),
  });
  const { session_id: sessionId } = (await created.json()) as { session_id: string };
  return { token, sessionId };
}

/** Every event seen live, by sequence, as the exact JSON text the server sent. */
function liveEventsBySequence(client: TestClient): Map<number, string> {
  const seen = new Map<number, string>();
  for (const text of client.raw) {
    const frame = JSON.parse(text) as {
      type: string;
      sequence: number | null;
      payload: { events?: unknown[] };
    };
    const events =
      frame.type === "EVENT_TYPE_EVENT_BATCH"
        ? (frame.payload.events as Array<{ sequence: number }>).map((e) => ({
            e,
            text: JSON.stringify(e),
          }))
        : [{ e: frame as { sequence: number | null }, text }];
    for (const { e, text: eventText } of events)
      if (e.sequence !== null) seen.set(e.sequence, eventText);
  }
  return seen;
}

describe("durability across a process crash", () => {
  it.each([
    ["plain", false, "normal"],
    ["streaming", true, "normal"],
    ["streaming, synchronous full", true, "full"],
  ])(
    "loses no acknowledged event when the server is SIGKILLed mid-conversation (%s)",
    async (_name, streaming, sync) => {
      const dataDir = mkdtempSync(join(tmpdir(), "switchboard-crash-"));
      dirs.push(dataDir);
      const env = {
        SWITCHBOARD_SQLITE_SYNCHRONOUS: String(sync),
        SWITCHBOARD_WS_MESSAGE_BURST: "1000",
      };
      const first = await start(dataDir, env);
      const { token, sessionId } = await openSession(first, dataDir, streaming as boolean);
      const client = await TestClient.open(first.wsUrl, {
        session_id: sessionId,
        access_token: token,
      });
      await client.waitFor("EVENT_TYPE_SESSION_START");
      client.send("EVENT_TYPE_REQUEST_POLY_AGENT_JOIN");
      await client.waitFor("EVENT_TYPE_POLY_AGENT_JOINED");
      // Keep the conversation busy, then kill the process while replies are still being written.
      const echoes: string[] = [];
      for (let i = 0; i < 40; i++) {
        client.send(
          "EVENT_TYPE_USER_MESSAGE",
          { text: `opening hours? ${i}` },
          { client_event_id: `m${i}` },
        );
        if (i === 20) await client.waitFor((e) => e.metadata?.custom.client_event_id === "m10");
      }
      await client.waitFor((e) => e.metadata?.custom.client_event_id === "m25");
      first.child.kill("SIGKILL");
      const exit = await first.exited;
      expect(exit.signal).toBe("SIGKILL");
      await client.closed;
      for (const e of client.events)
        if (e.type === "EVENT_TYPE_USER_MESSAGE")
          echoes.push(String(e.metadata?.custom.client_event_id));
      const live = liveEventsBySequence(client);
      expect(echoes.length).toBeGreaterThan(25);

      const second = await start(dataDir, env);
      const again = await TestClient.open(second.wsUrl, {
        session_id: sessionId,
        access_token: token,
      });
      const replayedBatch = await again.waitFor("EVENT_TYPE_SESSION_START");
      expect(replayedBatch.sequence).toBe(1);
      const replayed = liveEventsBySequence(again);
      // Every event a client saw (so every acknowledged one) is back, byte for byte, id and sequence kept.
      for (const [sequence, text] of live)
        expect(replayed.get(sequence), `sequence ${sequence}`).toBe(text);
      // Sequences are gap-free from 1.
      const sequences = [...replayed.keys()].sort((a, b) => a - b);
      expect(sequences).toEqual(sequences.map((_, i) => i + 1));
      // The session goes on: a new message is answered after the restart.
      again.send(
        "EVENT_TYPE_USER_MESSAGE",
        { text: "opening hours after restart" },
        { client_event_id: "after" },
      );
      const echo = await again.waitFor((e) => e.metadata?.custom.client_event_id === "after");
      expect(echo.sequence).toBe(Math.max(...sequences) + 1);
      // A retry of an acknowledged message is recognised after the restart too.
      const retried = echoes[0] as string;
      const from = again.events.length;
      again.send(
        "EVENT_TYPE_USER_MESSAGE",
        { text: "opening hours? 0" },
        { client_event_id: retried },
      );
      const original = await again.waitFor(
        (e) => e.metadata?.custom.client_event_id === retried,
        5000,
        from,
      );
      expect(JSON.stringify(original)).toBe(replayed.get(original.sequence as number));
      again.close();
    },
  );

  it("finishes in-flight writes on SIGTERM and closes sockets with 1001", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "switchboard-term-"));
    dirs.push(dataDir);
    const server = await start(dataDir);
    const { token, sessionId } = await openSession(server, dataDir, false);
    const client = await TestClient.open(server.wsUrl, {
      session_id: sessionId,
      access_token: token,
    });
    client.send("EVENT_TYPE_REQUEST_POLY_AGENT_JOIN");
    await client.waitFor("EVENT_TYPE_POLY_AGENT_MESSAGE");
    server.child.kill("SIGTERM");
    expect((await client.closed).code).toBe(1001);
    expect((await server.exited).code).toBe(0);
    const restarted = await start(dataDir);
    const again = await TestClient.open(restarted.wsUrl, {
      session_id: sessionId,
      access_token: token,
    });
    await again.waitFor("EVENT_TYPE_POLY_AGENT_MESSAGE");
    expect(liveEventsBySequence(again)).toEqual(liveEventsBySequence(client));
    // The agent is still joined after the restart: a repeated join changes nothing, no second greeting.
    const from = again.events.length;
    again.send("EVENT_TYPE_REQUEST_POLY_AGENT_JOIN");
    const echo = await again.waitFor("EVENT_TYPE_REQUEST_POLY_AGENT_JOIN", 5000, from);
    expect(echo.sequence).toBeNull();
    again.send("EVENT_TYPE_HEARTBEAT");
    await again.waitFor("EVENT_TYPE_HEARTBEAT", 5000, from);
    expect(again.events.slice(from).map((e) => e.type)).not.toContain(
      "EVENT_TYPE_POLY_AGENT_MESSAGE",
    );
    again.close();
  });
});
