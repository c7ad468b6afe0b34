// A TCP proxy in front of the test server that can go silent: connections stay open but nothing
// passes (a half-open socket, as on a phone in a tunnel), until it thaws and drops what froze.

import type { AddressInfo } from "node:net";
import { createConnection, createServer, type Socket } from "node:net";

/** A proxy on 127.0.0.1 forwarding to `targetPort`. */
export interface FreezableProxy {
  port: number;
  /** From now on nothing passes either way and new connections are held unanswered. */
  freeze(): void;
  /** Traffic passes again; the connections that froze are dropped, as a dead route's are. */
  thaw(): void;
  close(): Promise<void>;
}

/** Starts a proxy to `targetPort` on localhost. */
export async function startFreezableProxy(targetPort: number): Promise<FreezableProxy> {
  let frozen = false;
  const open = new Set<Socket>();
  const froze = new Set<Socket>();
  const track = (socket: Socket) => {
    open.add(socket);
    socket.on("close", () => {
      open.delete(socket);
      froze.delete(socket);
    });
    socket.on("error", () => socket.destroy());
    if (frozen) froze.add(socket);
  };
  const server = createServer((client) => {
    track(client);
    if (frozen) return; // held: it neither opens nor fails
    const upstream = createConnection({ port: targetPort, host: "127.0.0.1" });
    track(upstream);
    const pass = (from: Socket, to: Socket) =>
      from.on("data", (chunk) => {
        if (!frozen) to.write(chunk);
      });
    pass(client, upstream);
    pass(upstream, client);
    const both = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on("close", both);
    upstream.on("close", both);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    freeze() {
      frozen = true;
      for (const socket of open) froze.add(socket);
    },
    thaw() {
      frozen = false;
      for (const socket of [...froze]) socket.destroy();
      froze.clear();
    },
    close() {
      for (const socket of open) socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
