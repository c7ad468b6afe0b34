// How the console words a visitor's presence: "Online", "Offline since 14:05".
import { formatTime } from "./format.js";
import type { VisitorPresenceJson } from "./types.js";

/** The short label of a visitor's presence. */
export function presenceText(visitor: VisitorPresenceJson): string {
  if (visitor.online) return "Online";
  return visitor.since ? `Offline since ${formatTime(visitor.since)}` : "Offline";
}
