// Small display helpers: durations, clock times, short ids, initials.

/** "45s", "3m 05s", "1h 02m". */
export function formatWait(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, "0")}m`;
}

/** "14:05" in the agent's locale. */
export function formatTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? ""
    : date.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
}

/** The last characters of a session id, enough to tell conversations apart. */
export function shortId(sessionId: string): string {
  return `#${sessionId.replaceAll("-", "").slice(-6).toUpperCase()}`;
}

/** "Sarah Connor" → "SC". */
export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? [parts[0], parts.at(-1)] : [parts[0]?.slice(0, 2)];
  return (
    letters
      .map((p) => p?.[0] ?? "")
      .join("")
      .toUpperCase() || "?"
  );
}
