// Echo round trips against the bare `ws` baseline and against Switchboard, with the same load client.
import type WebSocket from "ws";
import { mapBounded } from "./bounded.js";
import { type LoadOptions, type LoadResult, runEchoLoad } from "./load-client.js";
import { type ServerChild, startServerChild } from "./server-children.js";
import {
  connectSession,
  createSessions,
  joinAgent,
  openSocket,
  type SwitchboardTarget,
} from "./switchboard-client.js";

export interface EchoBenchOptions extends LoadOptions {
  connections: number;
  /** Extra node flags for the Switchboard child, e.g. `--cpu-prof`. */
  switchboardFlags: string[];
}

/** The baseline: a bare `ws` server echoing every frame. */
export function benchBaselineEcho(options: EchoBenchOptions): Promise<LoadResult> {
  return withBaselineSockets(options.connections, (sockets) => runEchoLoad(sockets, options));
}

/** Switchboard: USER_MESSAGE to its durable echo on joined sessions (each also gets an agent reply). */
export function benchSwitchboardEcho(options: EchoBenchOptions): Promise<LoadResult> {
  return withSwitchboardSockets(options.connections, options.switchboardFlags, (sockets) =>
    runEchoLoad(sockets, options),
  );
}

/** Runs `drive` on sockets open to a fresh bare `ws` echo server. */
export async function withBaselineSockets<T>(
  connections: number,
  drive: (sockets: WebSocket[]) => Promise<T>,
): Promise<T> {
  const child = await startServerChild("baseline");
  const sockets: WebSocket[] = [];
  try {
    await mapBounded(connections, 20, async () => {
      sockets.push(await openSocket(`${child.wsUrl}/`));
    });
    return await drive(sockets);
  } finally {
    for (const ws of sockets) ws.terminate();
    await child.stop();
  }
}

/** Runs `drive` on joined sessions of a fresh Switchboard server. */
export async function withSwitchboardSockets<T>(
  connections: number,
  nodeFlags: string[],
  drive: (sockets: WebSocket[]) => Promise<T>,
): Promise<T> {
  const child = await startServerChild("switchboard", { nodeFlags });
  const sockets: WebSocket[] = [];
  try {
    const target = targetOf(child);
    const sessions = await createSessions(target, connections, 20);
    await mapBounded(sessions.length, 10, async (index) => {
      const ws = await connectSession(target, sessions[index] as (typeof sessions)[number]);
      sockets.push(ws);
      await joinAgent(ws);
    });
    return await drive(sockets);
  } finally {
    for (const ws of sockets) ws.terminate();
    await child.stop();
  }
}

/** The HTTP and WebSocket addresses and demo token of a Switchboard child. */
export function targetOf(child: ServerChild): SwitchboardTarget {
  if (!child.connectorToken) throw new Error("the Switchboard child reported no connector token");
  return { url: child.url, wsUrl: child.wsUrl, connectorToken: child.connectorToken };
}
