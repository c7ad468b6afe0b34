// Who a request comes from: the peer, or the last hop before trusted proxies; IPv6 keyed by /64.
import { describe, expect, it } from "vitest";
import { clientAddressResolver } from "../../src/gateway/index.js";

function request(remoteAddress: string, forwardedFor?: string | string[]) {
  const headers = forwardedFor === undefined ? {} : { "x-forwarded-for": forwardedFor };
  return { headers, socket: { remoteAddress } } as unknown as Parameters<
    ReturnType<typeof clientAddressResolver>
  >[0];
}

describe("clientAddressResolver", () => {
  it("uses the peer address and ignores X-Forwarded-For without trusted proxies", () => {
    const clientOf = clientAddressResolver([]);
    expect(clientOf(request("203.0.113.5", "198.51.100.1"))).toBe("203.0.113.5");
  });

  it("reads X-Forwarded-For right to left while the hop is a trusted proxy", () => {
    const clientOf = clientAddressResolver(["10.0.0.0/8", "192.0.2.1"]);
    expect(clientOf(request("10.1.2.3", "198.51.100.1"))).toBe("198.51.100.1");
    // The client's own claim (left of the proxy's) is not believed.
    expect(clientOf(request("10.1.2.3", "6.6.6.6, 198.51.100.1"))).toBe("198.51.100.1");
    // Two proxies in a row: the second hands over what the first saw.
    expect(clientOf(request("192.0.2.1", "6.6.6.6, 198.51.100.1, 10.9.9.9"))).toBe("198.51.100.1");
    expect(clientOf(request("192.0.2.1", ["198.51.100.7", "10.0.0.1"]))).toBe("198.51.100.7");
  });

  it("keeps the proxy's address when its header is missing or not an address", () => {
    const clientOf = clientAddressResolver(["10.0.0.0/8"]);
    expect(clientOf(request("10.1.2.3"))).toBe("10.1.2.3");
    expect(clientOf(request("10.1.2.3", "not-an-ip"))).toBe("10.1.2.3");
  });

  it("ignores X-Forwarded-For from an address outside the trusted ranges", () => {
    const clientOf = clientAddressResolver(["10.0.0.0/8"]);
    expect(clientOf(request("11.0.0.1", "198.51.100.1"))).toBe("11.0.0.1");
  });

  it("unwraps IPv4-mapped IPv6 peers and keys IPv6 clients by their /64", () => {
    const clientOf = clientAddressResolver(["::1"]);
    expect(clientOf(request("::ffff:203.0.113.9"))).toBe("203.0.113.9");
    expect(clientOf(request("2001:db8:1:2:aaaa::1"))).toBe("2001:db8:1:2::/64");
    expect(clientOf(request("2001:db8:1:2:bbbb::2"))).toBe("2001:db8:1:2::/64");
    expect(clientOf(request("2001:db8:1:3::1"))).toBe("2001:db8:1:3::/64");
    expect(clientOf(request("::1", "2001:db8::5"))).toBe("2001:db8:0:0::/64");
  });
});
