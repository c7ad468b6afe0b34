// Visitor presence and visitor sessions for one process, in memory.
import type {
  VisitorPresence,
  VisitorPresenceStore,
  VisitorSessionLink,
  VisitorSessionStore,
} from "./ports.js";

interface Row {
  sessionId: string;
  openedAt: number;
  seenAt: number;
  closedAt: number | null;
}

/** `VisitorPresenceStore` in memory: exact within the process, which is all a single server needs. */
export class InProcessPresence implements VisitorPresenceStore {
  readonly #rows = new Map<string, Row>();

  async opened(sessionId: string, holder: string, now: number): Promise<void> {
    if (!this.#rows.has(holder))
      this.#rows.set(holder, { sessionId, openedAt: now, seenAt: now, closedAt: null });
  }

  async closed(sessionId: string, holder: string, now: number, liveAfter: number): Promise<void> {
    const row = this.#rows.get(holder);
    if (row && row.closedAt === null) row.closedAt = now;
    for (const [other, r] of this.#rows) {
      if (other === holder || r.sessionId !== sessionId) continue;
      const closed = r.closedAt !== null ? r.closedAt <= now : r.seenAt < liveAfter;
      if (closed) this.#rows.delete(other);
    }
  }

  async refresh(holders: readonly string[], now: number): Promise<void> {
    for (const holder of holders) {
      const row = this.#rows.get(holder);
      if (row && row.closedAt === null) row.seenAt = now;
    }
  }

  async presenceOf(
    sessionIds: readonly string[],
    liveAfter: number,
  ): Promise<Map<string, VisitorPresence>> {
    const answer = new Map<string, VisitorPresence>();
    for (const id of sessionIds) {
      const rows = [...this.#rows.values()].filter((r) => r.sessionId === id);
      const open = rows.filter((r) => r.closedAt === null && r.seenAt >= liveAfter);
      if (open.length > 0)
        answer.set(id, { online: true, since: Math.min(...open.map((r) => r.openedAt)) });
      else if (rows.length > 0)
        answer.set(id, {
          online: false,
          since: Math.max(...rows.map((r) => r.closedAt ?? r.seenAt)),
        });
      else answer.set(id, { online: false, since: null });
    }
    return answer;
  }

  /** Forgets an erased session's rows (the SQL adapters' foreign keys do this). */
  forget(sessionId: string): void {
    for (const [holder, row] of this.#rows)
      if (row.sessionId === sessionId) this.#rows.delete(holder);
  }
}

/** `VisitorSessionStore` in memory (one process, nothing kept across restarts). */
export class InProcessVisitorSessions implements VisitorSessionStore {
  readonly #links = new Map<string, VisitorSessionLink>();

  async linkVisitor(link: VisitorSessionLink): Promise<void> {
    if (!this.#links.has(link.sessionId)) this.#links.set(link.sessionId, link);
  }

  async sessionsOfVisitor(
    connectorId: string,
    visitorId: string,
    limit: number,
  ): Promise<string[]> {
    return [...this.#links.values()]
      .filter((l) => l.connectorId === connectorId && l.visitorId === visitorId)
      .sort((a, b) => b.createdAt - a.createdAt || b.sessionId.localeCompare(a.sessionId))
      .slice(0, limit)
      .map((l) => l.sessionId);
  }

  async originOf(sessionId: string): Promise<VisitorSessionLink | undefined> {
    return this.#links.get(sessionId);
  }

  /** Forgets an erased session's link (the SQL adapters' foreign keys do this). */
  forget(sessionId: string): void {
    this.#links.delete(sessionId);
  }
}
