// Who a request comes from: the peer address, or the last hop before trusted proxies, as a limit key.
import type { IncomingMessage } from "node:http";
import { BlockList, isIP } from "node:net";

/** The client of a request, as per-client limits key it. */
export type ClientOf = (request: Pick<IncomingMessage, "headers" | "socket">) => string;

/**
 * Resolves clients behind `trustedProxies` (addresses or CIDR ranges). `X-Forwarded-For` is
 * read right to left only while the hop that wrote it is trusted, so a client cannot pick its
 * own address by sending the header. IPv6 clients are keyed by their /64, the block one
 * subscriber gets, so rotating addresses within it does not escape a limit.
 */
export function clientAddressResolver(trustedProxies: readonly string[]): ClientOf {
  const trusted = blockListOf(trustedProxies);
  return (request) => {
    let address = normalize(request.socket.remoteAddress ?? "");
    if (trustedProxies.length > 0) {
      const hops = forwardedFor(request.headers["x-forwarded-for"]);
      while (isTrusted(trusted, address)) {
        const hop = hops.pop();
        if (hop === undefined || isIP(hop) === 0) break;
        address = normalize(hop);
      }
    }
    return limitKey(address);
  };
}

function blockListOf(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address = "", prefix] = entry.split("/");
    const type = isIP(address) === 6 ? "ipv6" : "ipv4";
    if (prefix === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(prefix), type);
  }
  return list;
}

function isTrusted(list: BlockList, address: string): boolean {
  const family = isIP(address);
  return family !== 0 && list.check(address, family === 6 ? "ipv6" : "ipv4");
}

function forwardedFor(header: string | string[] | undefined): string[] {
  const joined = Array.isArray(header) ? header.join(",") : (header ?? "");
  return joined
    .split(",")
    .map((hop) => hop.trim())
    .filter((hop) => hop !== "");
}

// IPv4 clients of a dual-stack socket arrive as ::ffff:a.b.c.d.
function normalize(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped?.[1] ?? address;
}

function limitKey(address: string): string {
  if (isIP(address) !== 6) return address;
  const groups = expandIpv6(address);
  return groups ? `${groups.slice(0, 4).join(":")}::/64` : address;
}

function expandIpv6(address: string): string[] | null {
  const [head = "", tail] = address.split("%")[0]?.split("::") ?? [];
  const left = head === "" ? [] : head.split(":");
  const right = tail === undefined || tail === "" ? [] : tail.split(":");
  if (right.some((part) => part.includes("."))) return null;
  const missing = 8 - left.length - right.length;
  if (missing < 0 || (tail === undefined && missing !== 0)) return null;
  return [...left, ...Array<string>(missing).fill("0"), ...right].map((g) =>
    Number.parseInt(g, 16).toString(16),
  );
}
