// A short crash loop: the real server SIGKILLed under load, clients reconnecting by cursor, nothing acknowledged lost.
import { describe, expect, it } from "vitest";
import {
  countGaps,
  deliveredTwice,
  doubledMessages,
  outOfOrder,
} from "../../attack/crash-loop/checks.js";
import { runCrashLoop } from "../../attack/crash-loop/crash-loop.js";

describe("the crash loop", () => {
  it("loses, doubles and reorders no acknowledged event over three SIGKILLs under load", async () => {
    const report = await runCrashLoop({ kills: 3, clients: 4, window: 3, upMs: [200, 600] });
    expect(report.kills).toBe(3);
    expect(report.acknowledged).toBeGreaterThan(0);
    expect({
      lost: report.lost,
      duplicated: report.duplicated,
      reordered: report.reordered,
      gaps: report.gaps,
      unacknowledgedAtEnd: report.unacknowledgedAtEnd,
    }).toEqual({ lost: 0, duplicated: 0, reordered: 0, gaps: 0, unacknowledgedAtEnd: 0 });
  }, 90_000);

  it("counts what it checks for: gaps, doubled messages, repeats and reordering", () => {
    const message = (localId: string) =>
      JSON.stringify({
        type: "EVENT_TYPE_USER_MESSAGE",
        metadata: { custom: { local_id: localId } },
      });
    const history = new Map([
      [1, message("a")],
      [2, message("b")],
      [4, message("a")],
    ]);
    expect(countGaps(history)).toBe(1);
    expect(doubledMessages(history)).toBe(1);
    const stream = [
      { sequence: 1, text: "", head: true },
      { sequence: 5, text: "", head: false },
      { sequence: 6, text: "", head: false },
      { sequence: 6, text: "", head: false },
      { sequence: 4, text: "", head: false },
    ];
    expect(deliveredTwice(stream)).toBe(1);
    expect(outOfOrder(stream.filter((r) => !r.head))).toBe(1);
  });
});
