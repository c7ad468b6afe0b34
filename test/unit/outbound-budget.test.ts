// The budget of bytes waiting for slow readers: per connection, in total, the largest shed first.
import { describe, expect, it } from "vitest";
import { type BufferedConnection, FailureLimiter, OutboundBudget } from "../../src/core/index.js";

class FakeSocket implements BufferedConnection {
  bufferedAmount = 0;
  sheds = 0;
  constructor(readonly name: string) {}
  shed(): void {
    this.sheds += 1;
  }
}

function budget(perConnectionBytes: number, totalBytes: number): OutboundBudget {
  return new OutboundBudget({ perConnectionBytes, totalBytes });
}

describe("OutboundBudget", () => {
  it("lets a connection hold exactly its cap and sheds it one byte past", () => {
    const b = budget(100, 1000);
    const socket = new FakeSocket("a");
    b.add(socket);
    socket.bufferedAmount = 100;
    b.wrote(socket);
    expect(socket.sheds).toBe(0);
    expect(b.admits(socket)).toBe(true);
    socket.bufferedAmount = 101;
    b.wrote(socket);
    expect(socket.sheds).toBe(1);
    // Shed once; from then on nothing more is written to it.
    expect(b.admits(socket)).toBe(false);
    expect(socket.sheds).toBe(1);
    expect(b.size).toBe(0);
  });

  it("sheds the connections holding the most until the total is back under the budget", () => {
    const b = budget(1000, 250);
    const sockets = ["a", "b", "c", "d"].map((name) => new FakeSocket(name));
    for (const s of sockets) b.add(s);
    const [a, bb, c, d] = sockets as [FakeSocket, FakeSocket, FakeSocket, FakeSocket];
    a.bufferedAmount = 50;
    bb.bufferedAmount = 120;
    c.bufferedAmount = 80;
    for (const s of [a, bb, c]) b.wrote(s);
    expect(sockets.map((s) => s.sheds)).toEqual([0, 0, 0, 0]);
    d.bufferedAmount = 90; // 340 in all: 120 must go, then 220 fits.
    b.wrote(d);
    expect(sockets.map((s) => s.sheds)).toEqual([0, 1, 0, 0]);
    expect(b.waitingBytes).toBe(220);
  });

  it("lets all connections together hold exactly the budget, and sheds at one byte past it", () => {
    const b = budget(1000, 300);
    const a = new FakeSocket("a");
    const c = new FakeSocket("c");
    b.add(a);
    b.add(c);
    a.bufferedAmount = 200;
    b.wrote(a);
    c.bufferedAmount = 100;
    b.wrote(c);
    expect([a.sheds, c.sheds]).toEqual([0, 0]);
    c.bufferedAmount = 101;
    b.wrote(c);
    expect([a.sheds, c.sheds]).toEqual([1, 0]);
  });

  it("recounts before shedding: buffers that drained unseen do not cost anyone their connection", () => {
    const b = budget(1000, 250);
    const a = new FakeSocket("a");
    const c = new FakeSocket("c");
    b.add(a);
    b.add(c);
    a.bufferedAmount = 200;
    b.wrote(a);
    a.bufferedAmount = 0; // drained, no event seen yet
    c.bufferedAmount = 200;
    b.wrote(c);
    expect([a.sheds, c.sheds]).toEqual([0, 0]);
    expect(b.waitingBytes).toBe(200);
  });

  it("lowers the total when a connection drains or goes", () => {
    const b = budget(1000, 1000);
    const a = new FakeSocket("a");
    b.add(a);
    a.bufferedAmount = 300;
    b.wrote(a);
    expect(b.waitingBytes).toBe(300);
    a.bufferedAmount = 0;
    b.drained(a);
    expect(b.waitingBytes).toBe(0);
    a.bufferedAmount = 200;
    b.wrote(a);
    b.remove(a);
    expect(b.waitingBytes).toBe(0);
    expect(b.size).toBe(0);
  });
});

describe("FailureLimiter", () => {
  it("allows the burst of failures, then blocks until one refills, and ignores successes", () => {
    const limiter = new FailureLimiter(6); // 6 a minute: one every 10 s
    for (let i = 0; i < 6; i++) {
      expect(limiter.blockedMs("c", 0)).toBe(0);
      limiter.failed("c", 0);
    }
    expect(limiter.blockedMs("c", 0)).toBe(10_000);
    expect(limiter.blockedMs("other", 0)).toBe(0);
    expect(limiter.blockedMs("c", 9_999)).toBeGreaterThan(0);
    expect(limiter.blockedMs("c", 10_000)).toBe(0);
  });
});
