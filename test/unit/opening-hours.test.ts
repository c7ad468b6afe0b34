import { describe, expect, it } from "vitest";
import { displayMessage, isOpenAt, openingHoursProblems } from "../../src/core/index.js";

// 2026-11-25 is a Wednesday.
const at = (iso: string) => Date.parse(iso);

describe("isOpenAt", () => {
  const hours = {
    timezone: "Europe/Paris",
    weekly: { wed: ["09:00-12:00", "13:00-17:30"], sat: ["10:00-24:00"] },
  };

  it("is always open without hours", () => {
    expect(isOpenAt(null, at("2026-11-25T03:00:00Z"))).toBe(true);
  });

  it.each([
    ["2026-11-25T07:59:00Z", false], // 08:59 in Paris (UTC+1)
    ["2026-11-25T08:00:00Z", true], // 09:00
    ["2026-11-25T10:59:00Z", true], // 11:59
    ["2026-11-25T11:00:00Z", false], // 12:00, lunch
    ["2026-11-25T12:00:00Z", true], // 13:00
    ["2026-11-25T16:29:00Z", true], // 17:29
    ["2026-11-25T16:30:00Z", false], // 17:30
    ["2026-11-26T10:00:00Z", false], // Thursday: closed all day
    ["2026-11-28T22:59:00Z", true], // Saturday 23:59
  ])("at %s open is %s", (iso, open) => {
    expect(isOpenAt(hours, at(iso))).toBe(open);
  });

  it("follows the queue's time zone, not the server's", () => {
    const tokyo = { timezone: "Asia/Tokyo", weekly: { wed: ["09:00-10:00"] } };
    expect(isOpenAt(tokyo, at("2026-11-25T00:30:00Z"))).toBe(true); // 09:30 in Tokyo
    expect(isOpenAt(tokyo, at("2026-11-25T08:30:00Z"))).toBe(false);
  });
});

describe("openingHoursProblems", () => {
  it("names every bad field", () => {
    const problems = openingHoursProblems(
      {
        timezone: "Mars/Olympus",
        weekly: { wed: ["9-5"], funday: ["09:00-10:00"], mon: ["17:00-09:00"] } as never,
      },
      "queues[0].opening_hours",
    );
    expect(problems).toEqual([
      'queues[0].opening_hours.timezone: unknown time zone "Mars/Olympus"',
      'queues[0].opening_hours.weekly.wed[0]: must look like "09:00-17:00"',
      "queues[0].opening_hours.weekly.funday: not a day (use mon, tue, wed, thu, fri, sat, sun)",
      'queues[0].opening_hours.weekly.mon[0]: must look like "09:00-17:00"',
    ]);
  });

  it("accepts good hours", () => {
    expect(
      openingHoursProblems({ timezone: "UTC", weekly: { mon: ["00:00-24:00"] } }, "h"),
    ).toEqual([]);
  });
});

describe("displayMessage", () => {
  it.each([
    [1, undefined, "You are next in line."],
    [2, undefined, "You are #2 in line."],
    [3, 20, "You are #3 in line. Estimated wait: less than a minute."],
    [3, 70, "You are #3 in line. Estimated wait: about 1 minute."],
    [4, 200, "You are #4 in line. Estimated wait: about 3 minutes."],
  ])("position %d, estimate %s", (position, estimate, text) => {
    expect(displayMessage(position, estimate)).toBe(text);
  });
});
