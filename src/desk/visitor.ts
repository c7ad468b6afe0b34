// The desk's visitor panel: the verified-context and attribute fields the agent's definition lets live agents see.
import type { ContextValue, SessionHub, SessionRecord, Store } from "../core/index.js";

/** One fact shown to the live agent; `verified` tells signed context from a Chat API client's attributes. */
export interface VisitorField {
  name: string;
  value: ContextValue;
  verified: boolean;
}

/**
 * The session's facts named by its agent's `context.desk_fields`, in that order (verified context
 * first when both hold a field); nothing when the definition lists none.
 */
export async function visitorFields(
  deps: { store: Pick<Store, "getConnector" | "getAgent">; hub: Pick<SessionHub, "visitorFacts"> },
  session: SessionRecord,
): Promise<VisitorField[]> {
  const connector = await deps.store.getConnector(session.connectorId);
  const agent = connector ? await deps.store.getAgent(connector.agentId) : undefined;
  const context = agent?.definition.context as { desk_fields?: unknown } | undefined;
  const names = Array.isArray(context?.desk_fields) ? context.desk_fields : [];
  if (names.length === 0) return [];
  const facts = await deps.hub.visitorFacts(session.id);
  const fields: VisitorField[] = [];
  for (const name of names) {
    if (typeof name !== "string") continue;
    if (facts?.verified && Object.hasOwn(facts.verified, name))
      fields.push({ name, value: facts.verified[name] as ContextValue, verified: true });
    else if (facts?.attributes && Object.hasOwn(facts.attributes, name))
      fields.push({ name, value: facts.attributes[name] as ContextValue, verified: false });
  }
  return fields;
}
