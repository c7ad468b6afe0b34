// Closing every socket of a WebSocket server within a deadline: 1001, then cutting off the silent.
import type { WebSocketServer } from "ws";
import { type Clock, settleWithin } from "../core/index.js";
import { CLOSE_CODES } from "../protocol/index.js";

/**
 * Sends 1001 to every open socket of `wss`, waits up to `timeoutMs` for the close handshakes,
 * then terminates what is left (a client that never answers would otherwise hold the shutdown
 * for `ws`'s own 30 s close timeout) and closes the server.
 */
export async function closeAll(
  wss: WebSocketServer,
  timeoutMs: number,
  clock: Clock,
): Promise<void> {
  const open = [...wss.clients];
  const closed = open.map(
    (ws) =>
      new Promise<void>((resolve) => {
        if (ws.readyState === ws.CLOSED) resolve();
        else ws.once("close", () => resolve());
      }),
  );
  for (const ws of open) {
    if (ws.readyState === ws.OPEN) ws.close(CLOSE_CODES.goingAway, "server shutting down");
  }
  if (open.length > 0) await settleWithin(clock, timeoutMs, Promise.all(closed));
  for (const ws of wss.clients) ws.terminate();
  await new Promise<void>((resolve) => wss.close(() => resolve()));
}
