// The SDK notices a dead connection: unanswered heartbeats and sends, the browser's offline and
// online events, and the offline/online events it reports (fake socket, fake timers).
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { type ClientOptions, type NetworkSignals, SwitchboardClient } from "../../src/sdk/index.js";
import { ev, FakeHttp, FakeSocket, MemoryStorage, sessionStart } from "../support/protocol-fake.js";

/** The browser's window as far as online/offline go. */
class FakeNetwork implements NetworkSignals {
  readonly #listeners = new Map<string, Set<() => void>>();
  addEventListener(type: string, listener: () => void): void {
    const set = this.#listeners.get(type) ?? new Set();
    set.add(listener);
    this.#listeners.set(type, set);
  }
  removeEventListener(type: string, listener: () => void): void {
    this.#listeners.get(type)?.delete(listener);
  }
  fire(type: "online" | "offline"): void {
    for (const listener of this.#listeners.get(type) ?? []) listener();
  }
}

let network: FakeNetwork;

beforeEach(() => {
  vi.useFakeTimers({ now: new Date("2030-01-01T00:00:00Z") });
  FakeSocket.reset();
  network = new FakeNetwork();
});
afterEach(() => vi.useRealTimers());

const flush = () => vi.advanceTimersByTimeAsync(0);

async function started(extra: Partial<ClientOptions> = {}) {
  const client = new SwitchboardClient({
    baseUrl: "http://chat.test",
    auth: { connectorToken: "connector-secret", host: "localhost" },
    WebSocket: FakeSocket,
    fetch: new FakeHttp().fetch,
    storage: new MemoryStorage(),
    random: () => 0.5,
    network,
    liveness: { heartbeatIntervalMs: 1000, echoTimeoutMs: 500 },
    ...extra,
  });
  const signals: string[] = [];
  client.on("offline", ({ reason }) => signals.push(`offline: ${reason}`));
  client.on("online", () => signals.push("online"));
  const starting = client.start();
  await flush();
  const ws = FakeSocket.last.open();
  ws.batch([sessionStart()]);
  ws.push(ev("EVENT_TYPE_POLY_AGENT_JOINED", { agent_name: "Ada" }, 2));
  await starting;
  return { client, ws, signals };
}

const echo = (socket: FakeSocket) =>
  socket.push({ ...ev("EVENT_TYPE_HEARTBEAT", {}, 0), sequence: null });

describe("liveness", () => {
  it("keeps a socket whose heartbeats are answered", async () => {
    const { client, ws, signals } = await started();
    for (let i = 0; i < 5; i += 1) {
      await vi.advanceTimersByTimeAsync(1000);
      echo(ws);
    }
    expect(ws.sentOfType("EVENT_TYPE_HEARTBEAT")).toHaveLength(5);
    expect(client.state).toBe("open");
    expect(signals).toEqual([]);
  });

  it("takes a socket whose heartbeat gets no answer within the bound for dead, and reconnects", async () => {
    const { client, ws, signals } = await started();
    await vi.advanceTimersByTimeAsync(1000 + 499);
    expect(client.state).toBe("open");
    await vi.advanceTimersByTimeAsync(1);
    expect(ws.closedBy?.reason).toBe("no heartbeat echo");
    expect(client.state).toBe("reconnecting");
    expect(signals).toEqual(["offline: no heartbeat echo"]);
    await vi.advanceTimersByTimeAsync(500); // backoff: random 0.5 × 1000
    const again = FakeSocket.last;
    expect(again).not.toBe(ws);
    again.open();
    expect(client.state).toBe("open");
    expect(signals).toEqual(["offline: no heartbeat echo", "online"]);
  });

  it("takes a socket that does not echo a message within the bound for dead; the message stays sending and goes out again", async () => {
    const { client, ws, signals } = await started({
      liveness: { heartbeatIntervalMs: 60_000, echoTimeoutMs: 500 },
    });
    const { clientEventId } = client.send("hello?");
    await vi.advanceTimersByTimeAsync(500);
    expect(ws.closedBy?.reason).toBe("no heartbeat echo");
    expect(signals).toEqual(["offline: no heartbeat echo"]);
    expect(client.conversation.messages.at(-1)?.status).toBe("sending");
    await vi.advanceTimersByTimeAsync(500);
    const again = FakeSocket.last.open();
    again.batch([sessionStart(), ev("EVENT_TYPE_POLY_AGENT_JOINED", { agent_name: "Ada" }, 2)]);
    const resent = again.sentOfType("EVENT_TYPE_USER_MESSAGE");
    expect(resent.map((f) => f.metadata?.custom.client_event_id)).toEqual([clientEventId]);
  });

  it("goes offline at once when the browser does, waits without retrying, and reconnects at once when it is back", async () => {
    const { client, ws, signals } = await started({
      reconnect: { baseDelayMs: 3_600_000, maxDelayMs: 3_600_000 },
    });
    network.fire("offline");
    expect(ws.closedBy?.reason).toBe("network offline");
    expect(client.state).toBe("reconnecting");
    expect(signals).toEqual(["offline: network offline"]);
    await vi.advanceTimersByTimeAsync(600_000);
    expect(FakeSocket.instances).toHaveLength(1);
    network.fire("online");
    await flush();
    expect(FakeSocket.instances).toHaveLength(2);
    FakeSocket.last.open();
    expect(client.state).toBe("open");
    expect(signals).toEqual(["offline: network offline", "online"]);
  });

  it("checks an open socket when the network comes back without having gone offline", async () => {
    const { ws } = await started({ liveness: { heartbeatIntervalMs: 60_000, echoTimeoutMs: 500 } });
    network.fire("online");
    expect(ws.sentOfType("EVENT_TYPE_HEARTBEAT")).toHaveLength(1);
  });

  it("stops listening to the network once closed", async () => {
    const { client, signals } = await started();
    client.close();
    network.fire("offline");
    network.fire("online");
    await flush();
    expect(signals).toEqual([]);
    expect(FakeSocket.instances).toHaveLength(1);
  });
});
