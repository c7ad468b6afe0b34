// The VisitorSessions port: which sessions one browser (its stable visitor id) started, per connector.

/** Where a session began, as its client said when creating it. */
export interface VisitorSessionLink {
  sessionId: string;
  connectorId: string;
  /** Kept by the widget or SDK in the browser; not verified identity. null when not sent. */
  visitorId: string | null;
  /** The page the conversation began on (origin and path), and the page that led there. */
  pageUrl: string | null;
  referrer: string | null;
  createdAt: number;
}

/**
 * Links between sessions and visitor ids. Contract (`test/support/presence-contract.ts`): a link
 * resolves once durable and every process sees it; `sessionsOfVisitor` answers the newest first,
 * at most `limit`, only of that connector; links go with their session (erasure, retention).
 */
export interface VisitorSessionStore {
  linkVisitor(link: VisitorSessionLink): Promise<void>;
  /** The session's link, if its client sent anything. */
  originOf(sessionId: string): Promise<VisitorSessionLink | undefined>;
  sessionsOfVisitor(connectorId: string, visitorId: string, limit: number): Promise<string[]>;
}
