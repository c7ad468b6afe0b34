// A session's whole history as wire events, for the desk user who reads it before or while chatting.
import type { SessionRecord, Store } from "../core/index.js";
import {
  type DeskSessionSummary,
  encodeEvent,
  type ServerEvent,
  type VisitorPresenceJson,
} from "../protocol/index.js";

export type { DeskSessionSummary };

/** Events read per store call while walking a long history. */
const PAGE = 500;

/** `{session, events}`: every stored event in sequence order, encoded exactly as clients get them. */
export async function readTranscript(
  store: Store,
  session: SessionRecord,
  visitor: VisitorPresenceJson,
): Promise<{ session: DeskSessionSummary; events: ServerEvent[] }> {
  const events: ServerEvent[] = [];
  for (let after = 0; ; ) {
    const page = await store.readEvents(session.id, after, PAGE);
    for (const event of page) events.push(JSON.parse(encodeEvent(event)) as ServerEvent);
    const last = page.at(-1);
    if (!last || page.length < PAGE) break;
    after = last.sequence;
  }
  return { session: sessionSummary(session, visitor), events };
}

/** The session as the desk shows it, with the visitor's presence. */
export function sessionSummary(
  session: SessionRecord,
  visitor: VisitorPresenceJson,
): DeskSessionSummary {
  return {
    id: session.id,
    state: session.state,
    agent_status: session.agentStatus,
    language: session.language,
    platform: session.platform,
    user_agent: session.userAgent,
    device_type: session.deviceType,
    created_at: new Date(session.createdAt).toISOString(),
    ended_at: session.endedAt === null ? null : new Date(session.endedAt).toISOString(),
    visitor,
  };
}
