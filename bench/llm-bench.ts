// What Switchboard adds on top of the model: time to the first chunk at the client minus the
// upstream's time to first token, with an LLM demo agent on a local fake OpenAI-compatible server;
// the baseline is the same SSE stream read directly from the fake, in the same run.
import OpenAI from "openai";
import type WebSocket from "ws";
import { type FakeOpenAI, startFakeOpenAI } from "../test/support/fake-openai.js";
import { mapBounded } from "./bounded.js";
import { startServerChild } from "./server-children.js";
import { percentile } from "./stats.js";
import { connectSession, createSessions, joinAgent } from "./switchboard-client.js";

export interface LlmBenchOptions {
  sessions: number;
  turnsPerSession: number;
  /** The fake model's time to first token, so turn set-up does not overlap other turns' streams unrealistically. */
  modelFirstTokenMs: number;
  /** Each session waits a random 0..thinkMs before each message, as people do. */
  thinkMs: number;
  /** Extra node flags of the Switchboard child (`--cpu-prof`). */
  nodeFlags?: string[];
  /**
   * Another build's `dist/bench/server-process.js`, measured in the same run right before this
   * one (same fake, same load on the machine), so a change is compared with what it replaced.
   */
  compareScript?: string;
}

/** Added latency in ms (client first chunk − upstream first token), with its spread. */
export interface AddedLatency {
  samples: number;
  /** Turns whose reply did not arrive within 30 s (left out of the figures). */
  missing?: number;
  /**
   * Server CPU time (user + system) per turn in ms, over the turns' phase: what the server spends
   * on a turn whatever else runs on the machine, where the latencies also measure the contention.
   */
  serverCpuMsPerTurn?: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface LlmBenchResult {
  /** Reading the fake's stream directly with the openai client: the loopback SSE hop alone. */
  baseline: AddedLatency;
  /** Through Switchboard: the same hop to the server, the turn engine, the store, the WebSocket. */
  switchboard: AddedLatency;
  /** Through the build named by `compareScript`, when one was given. */
  compared?: AddedLatency;
}

const ANSWER = ["Sure, here ", "is ", "what ", "I ", "found ", "about ", "that."];

/** Runs both measurements at `sessions` concurrent conversations. */
export async function benchLlmFirstChunk(options: LlmBenchOptions): Promise<LlmBenchResult> {
  const fake = await startFakeOpenAI();
  fake.fallback = () => ({
    kind: "stream",
    text: ANSWER,
    firstTokenDelayMs: options.modelFirstTokenMs,
  });
  try {
    const baseline = await directBaseline(fake, options);
    fake.requests.length = 0;
    const compared = options.compareScript
      ? await throughSwitchboard(fake, options, options.compareScript)
      : undefined;
    fake.requests.length = 0;
    const switchboard = await throughSwitchboard(fake, options);
    return compared ? { baseline, switchboard, compared } : { baseline, switchboard };
  } finally {
    await fake.close();
  }
}

async function directBaseline(fake: FakeOpenAI, options: LlmBenchOptions): Promise<AddedLatency> {
  const client = new OpenAI({ apiKey: "bench", baseURL: fake.url, maxRetries: 0 });
  const added: number[] = [];
  await mapBounded(options.sessions, options.sessions, async (session) => {
    for (let turn = 0; turn < options.turnsPerSession; turn++) {
      await think(options.thinkMs);
      const marker = `direct-${session}-${turn}`;
      const stream = await client.chat.completions.create({
        model: "bench",
        messages: [{ role: "user", content: marker }],
        stream: true,
      });
      let first: number | undefined;
      for await (const chunk of stream) {
        if (first === undefined && chunk.choices[0]?.delta?.content) first = performance.now();
      }
      added.push((first ?? 0) - upstreamFirstToken(fake, marker));
    }
  });
  return summarise(added);
}

async function throughSwitchboard(
  fake: FakeOpenAI,
  options: LlmBenchOptions,
  script?: string,
): Promise<AddedLatency> {
  const server = await startServerChild("switchboard", {
    ...(script ? { script } : {}),
    nodeFlags: options.nodeFlags ?? [],
    env: {
      OPENAI_API_KEY: "bench-key",
      OPENAI_BASE_URL: fake.url,
      SWITCHBOARD_DEMO_MODEL: "bench",
    },
  });
  try {
    const target = {
      url: server.url,
      wsUrl: server.wsUrl,
      connectorToken: server.connectorToken ?? "",
    };
    const sessions = await createSessions(target, options.sessions, 20, {
      streaming_enabled: true,
    });
    const sockets = await mapBounded(sessions.length, 20, async (i) => {
      const ws = await connectSession(target, sessions[i] as (typeof sessions)[number]);
      await joinAgent(ws);
      return ws;
    });
    const added: number[] = [];
    let missing = 0;
    const cpuBefore = (await server.memory()).cpuMicros;
    await Promise.all(
      sockets.map(async (ws, session) => {
        for (let turn = 0; turn < options.turnsPerSession; turn++) {
          await think(options.thinkMs);
          const marker = `via-${session}-${turn}`;
          const first = await firstChunkOfReply(ws, marker);
          if (first === undefined) missing += 1;
          else added.push(first - upstreamFirstToken(fake, marker));
        }
      }),
    );
    const cpuMicros = (await server.memory()).cpuMicros - cpuBefore;
    for (const ws of sockets) ws.close();
    const turns = sessions.length * options.turnsPerSession;
    return { ...summarise(added), missing, serverCpuMsPerTurn: cpuMicros / 1000 / turns };
  } finally {
    await server.stop();
  }
}

// Sends a message and resolves with when its reply's first chunk arrived, once the reply is complete
// (undefined when it did not come within 30 s). The reply is the message whose chunk 1 comes after
// the echo (the greeting may still be streaming).
function firstChunkOfReply(ws: WebSocket, text: string): Promise<number | undefined> {
  return new Promise((resolve) => {
    let first: number | undefined;
    let echoed = false;
    let replyId: string | undefined;
    const timer = setTimeout(() => {
      ws.off("message", listen);
      resolve(undefined);
    }, 30_000);
    const listen = (data: WebSocket.RawData) => {
      const at = performance.now();
      const event = JSON.parse(data.toString()) as {
        type: string;
        payload: {
          text?: string;
          message_id?: string;
          chunk_index?: number;
          is_complete?: boolean;
        };
      };
      if (event.type === "EVENT_TYPE_USER_MESSAGE" && event.payload.text === text) echoed = true;
      if (!echoed || event.type !== "EVENT_TYPE_POLY_AGENT_MESSAGE_CHUNK") return;
      if (replyId === undefined && event.payload.chunk_index === 1) {
        replyId = event.payload.message_id;
        first = at;
      }
      if (event.payload.message_id !== replyId || !event.payload.is_complete) return;
      clearTimeout(timer);
      ws.off("message", listen);
      resolve(first as number);
    };
    ws.on("message", listen);
    ws.send(JSON.stringify({ type: "EVENT_TYPE_USER_MESSAGE", payload: { text } }));
  });
}

function think(maxMs: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.random() * maxMs));
}

function upstreamFirstToken(fake: FakeOpenAI, marker: string): number {
  const request = fake.requests.find((r) => JSON.stringify(r.body.messages).includes(marker));
  if (request?.firstTokenAt === undefined) throw new Error(`the fake never answered ${marker}`);
  return request.firstTokenAt;
}

function summarise(samples: number[]): AddedLatency {
  return {
    samples: samples.length,
    p50Ms: percentile(samples, 0.5),
    p99Ms: percentile(samples, 0.99),
    maxMs: Math.max(...samples),
  };
}
