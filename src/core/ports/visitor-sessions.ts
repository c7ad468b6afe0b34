// The VisitorSessions port: which sessions one browser (its stable visitor id) started, per connector.

/** A session linked to the visitor id its client sent when creating it. */
export interface VisitorSessionLink {
  sessionId: string;
  connectorId: string;
  /** Kept by the widget or SDK in the browser; not verified identity. */
  visitorId: string;
  createdAt: number;
}

/**
 * Links between sessions and visitor ids. Contract (`test/support/presence-contract.ts`): a link
 * resolves once durable and every process sees it; `sessionsOfVisitor` answers the newest first,
 * at most `limit`, only of that connector; links go with their session (erasure, retention).
 */
export interface VisitorSessionStore {
  linkVisitor(link: VisitorSessionLink): Promise<void>;
  sessionsOfVisitor(connectorId: string, visitorId: string, limit: number): Promise<string[]>;
}
