// How a session is told that its live agent left while the conversation goes on.
import type { Pending } from "../live-session.js";
import type { SessionRecord } from "../records.js";

/** Why a live agent left a conversation that goes on (LIVE_AGENT_LEFT's `reason`). */
export type LeftReason = "AGENT_LEFT" | "TRANSFER" | "AGENT_DISCONNECTED";

/** The live agent who left: their id, and their name when it is still known. */
export interface LeavingAgent {
  id: string;
  name: string | null;
}

/**
 * The event that records a live agent leaving a conversation that does not end with it. The
 * official SDKs end the conversation on LIVE_AGENT_LEFT (`sdk-expectations.md` rule 29), so in
 * sessions of their profile it is an INFO system message they show as it is, in the session's
 * language, carrying the same facts under `live_agent_left` for transcripts and tools.
 */
export function liveAgentLeftEvent(
  session: Pick<SessionRecord, "clientProfile" | "language">,
  agent: LeavingAgent,
  reason: LeftReason,
): Pending {
  const left = { reason, agent_id: agent.id };
  if (session.clientProfile !== "official-sdk") {
    return { type: "EVENT_TYPE_LIVE_AGENT_LEFT", payload: left };
  }
  const payload = {
    level: "SYSTEM_MESSAGE_LEVEL_INFO",
    message: leftNotice(reason, agent.name, session.language),
    live_agent_left: agent.name === null ? left : { ...left, agent_name: agent.name },
  };
  return { type: "EVENT_TYPE_SYSTEM_MESSAGE", payload };
}

interface NoticeTexts {
  /** Who left, when their name is no longer known. */
  someone: string;
  notices: Record<LeftReason, (name: string) => string>;
}

// The languages of the widget's own strings; anything else is told in English.
const TEXTS: Record<string, NoticeTexts> = {
  en: {
    someone: "Your agent",
    notices: {
      AGENT_LEFT: (n) => `${n} has left the chat. Our virtual assistant is back to help you.`,
      TRANSFER: (n) => `${n} is transferring you to another team. Please stay in the chat.`,
      AGENT_DISCONNECTED: (n) => `${n} was disconnected. We are connecting you with someone else.`,
    },
  },
  fr: {
    someone: "Votre conseiller",
    notices: {
      AGENT_LEFT: (n) => `${n} a quitté la conversation. Notre assistant virtuel prend le relais.`,
      TRANSFER: (n) =>
        `${n} vous transfère vers une autre équipe. Merci de rester dans la conversation.`,
      AGENT_DISCONNECTED: (n) =>
        `${n} a été déconnecté. Nous vous mettons en relation avec une autre personne.`,
    },
  },
  es: {
    someone: "Tu agente",
    notices: {
      AGENT_LEFT: (n) => `${n} ha salido del chat. Nuestro asistente virtual vuelve a atenderte.`,
      TRANSFER: (n) => `${n} te está transfiriendo a otro equipo. Por favor, no salgas del chat.`,
      AGENT_DISCONNECTED: (n) =>
        `${n} se ha desconectado. Te estamos poniendo en contacto con otra persona.`,
    },
  },
  de: {
    someone: "Ihr Ansprechpartner",
    notices: {
      AGENT_LEFT: (n) =>
        `${n} hat den Chat verlassen. Unser virtueller Assistent hilft Ihnen weiter.`,
      TRANSFER: (n) => `${n} leitet Sie an ein anderes Team weiter. Bitte bleiben Sie im Chat.`,
      AGENT_DISCONNECTED: (n) =>
        `Die Verbindung zu ${n} wurde getrennt. Wir verbinden Sie mit einer anderen Person.`,
    },
  },
};

/** The notice text for `reason` in the session's language (its primary subtag), else English. */
export function leftNotice(
  reason: LeftReason,
  name: string | null,
  language: string | null,
): string {
  const primary = (language ?? "en").split("-")[0]?.toLowerCase() ?? "en";
  const texts = TEXTS[primary] ?? (TEXTS.en as NoticeTexts);
  return texts.notices[reason](name?.trim() || texts.someone);
}
