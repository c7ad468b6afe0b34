// One WebSocket's outbound side: writes through the shared budget, slow readers shed with 1013, drain waits.
import type { Duplex } from "node:stream";
import type { WebSocket } from "ws";
import type { BufferedConnection, Clock, OutboundBudget, TimerHandle } from "../core/index.js";
import { CLOSE_CODES } from "../protocol/index.js";

/**
 * How full a send buffer may be before a replay waits for the client to read: about one batch
 * frame. Above the socket's own high-water mark, so a `drain` is sure to follow.
 */
export const WRITABLE_BELOW_BYTES = 128 * 1024;
/** A shed connection that has not finished its close handshake after this is cut off. */
const SHED_GRACE_MS = 1000;

/** The outbound half of a socket as the core and the desk feed use it. */
export interface OutboundSocket {
  /** Sends a frame, unless the socket is closing or over its cap (then it is shed instead). */
  send(frame: string): void;
  /** Resolves once the send buffer is below WRITABLE_BELOW_BYTES, or the socket is gone. */
  whenWritable(): Promise<void>;
}

/**
 * Watches `ws` (over the raw `socket` it was upgraded from) in `budget` for as long as it is
 * open. A shed socket gets 1013 and, since a client that does not read will not read the close
 * frame either, is cut off after SHED_GRACE_MS so its buffer is freed.
 */
export function watchOutbound(
  ws: WebSocket,
  socket: Duplex,
  budget: OutboundBudget,
  clock: Clock,
): OutboundSocket {
  let cutOff: TimerHandle | undefined;
  const entry: BufferedConnection = {
    get bufferedAmount() {
      return ws.bufferedAmount;
    },
    shed: () => {
      ws.close(CLOSE_CODES.tryAgainLater, "slow consumer");
      cutOff ??= clock.setTimeout(() => ws.terminate(), SHED_GRACE_MS);
    },
  };
  budget.add(entry);
  const drained = () => budget.drained(entry);
  socket.on("drain", drained);
  ws.once("close", () => {
    cutOff?.cancel();
    socket.off("drain", drained);
    budget.remove(entry);
  });
  return {
    send(frame) {
      if (ws.readyState !== ws.OPEN || !budget.admits(entry)) return;
      ws.send(frame);
      budget.wrote(entry);
    },
    whenWritable: () => writable(ws, socket),
  };
}

function writable(ws: WebSocket, socket: Duplex): Promise<void> {
  if (ws.bufferedAmount < WRITABLE_BELOW_BYTES || ws.readyState !== ws.OPEN) {
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    const done = () => {
      socket.off("drain", done);
      ws.off("close", done);
      resolve();
    };
    socket.on("drain", done);
    ws.on("close", done);
  });
}
