// Graceful shutdown within one deadline: refuse new work, close sockets with 1001, cut off the rest.
import { type Bus, type Clock, type SessionHub, type Store, settleWithin } from "../core/index.js";
import type { DeskSocketGateway } from "../desk/index.js";
import type { Gateway } from "../gateway/index.js";

/** What a shutdown stops, in order. */
export interface ShutdownParts {
  gateway: Gateway;
  deskSockets: DeskSocketGateway;
  hub: SessionHub;
  bus: Bus;
  store: Store;
  /** Shared-state connections (timers, leases, limits); the hub has stopped using them. */
  coordination: { close(): Promise<void> };
  /** The separate metrics listener, when there is one. */
  metrics?: { close(): Promise<void> };
}

/**
 * Shuts down within `timeoutMs` in all: at once every request (readiness included) is answered
 * 503 and the port stops listening; then sockets get 1001 while in-flight writes finish; at the
 * deadline, connections still open are cut off; the store is closed last.
 */
export async function shutDown(
  parts: ShutdownParts,
  timeoutMs: number,
  clock: Clock,
): Promise<void> {
  const deadline = clock.now() + timeoutMs;
  const left = () => Math.max(0, deadline - clock.now());
  parts.gateway.beginShutdown();
  const { app, sockets } = parts.gateway;
  const stopped = app.close();
  await parts.hub.shutdown(left());
  await Promise.all([sockets.close(left()), parts.deskSockets.close(left())]);
  // Plain HTTP requests still running (a slow upload) do not hold the process past the deadline.
  if (!(await settleWithin(clock, left(), stopped))) app.server.closeAllConnections();
  await stopped;
  await parts.metrics?.close();
  await parts.bus.close();
  await parts.coordination.close();
  await parts.store.close();
}
