// How a desk user appears outside the core: in the desk API and in live-agent event payloads.
import type { DeskUserJson } from "../../protocol/index.js";
import type { DeskUserRecord } from "../records.js";

/** A desk user as the desk API shows them (never the token hash). */
export function deskUserJson(user: DeskUserRecord): DeskUserJson {
  return {
    id: user.id,
    name: user.name,
    avatar_url: user.avatarUrl,
    queues: user.queues,
    max_concurrent: user.maxConcurrent,
  };
}

/** The live agent's identity fields, as LIVE_AGENT_* payloads carry them. */
export function liveAgentIdentity(user: DeskUserRecord) {
  return { agent_id: user.id, agent_name: user.name, avatar_url: user.avatarUrl ?? "" };
}

/** LIVE_AGENT_JOINED: the documented nested `agent` plus the fields the SDKs read at the top level. */
export function liveAgentPayload(user: DeskUserRecord) {
  return {
    agent: { id: user.id, name: user.name, avatar_url: user.avatarUrl ?? "" },
    ...liveAgentIdentity(user),
  };
}
