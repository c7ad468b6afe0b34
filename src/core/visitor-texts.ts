// What the server itself says to visitors, in the languages of the widget (en, fr, es, de): queue
// status, a live agent's leaving or transferring, and agent-side failures (not protocol errors).
import {
  type ProtocolError,
  type SocketErrorCode,
  type SystemMessageLevel,
  systemMessagePayload,
} from "../protocol/index.js";

/** Why a live agent left a conversation that goes on (LIVE_AGENT_LEFT's `reason`). */
export type LeftReason = "AGENT_LEFT" | "TRANSFER" | "AGENT_DISCONNECTED";

/** Agent-side failures a visitor is told about; protocol errors stay in the spec's English. */
type FailureCode =
  | "overloaded"
  | "agent_start_failed"
  | "agent_reply_failed"
  | "stream_broken"
  | "handoff_no_agent"
  | "forward_to_live_agent_failed"
  | "handoff_not_initiated";

interface VisitorTexts {
  /** Who left, when their name is no longer known. */
  someone: string;
  left: Record<LeftReason, (name: string) => string>;
  /** A transfer whose target team is known. */
  transferTo: (name: string, queue: string) => string;
  line: (position: number) => string;
  wait: { under: string; one: string; many: (minutes: number) => string };
  failures: Record<FailureCode, string>;
}

const en: VisitorTexts = {
  someone: "Your agent",
  left: {
    AGENT_LEFT: (n) => `${n} has left the chat. Our virtual assistant is back to help you.`,
    TRANSFER: (n) => `${n} is transferring you to another team. Please stay in the chat.`,
    AGENT_DISCONNECTED: (n) => `${n} was disconnected. We are connecting you with someone else.`,
  },
  transferTo: (n, q) => `${n} is transferring you to ${q}. Please stay in the chat.`,
  line: (p) => (p === 1 ? "You are next in line." : `You are #${p} in line.`),
  wait: {
    under: "Estimated wait: less than a minute.",
    one: "Estimated wait: about 1 minute.",
    many: (m) => `Estimated wait: about ${m} minutes.`,
  },
  // English is the spec's text, taken from the error registry below.
  failures: {} as Record<FailureCode, string>,
};

const fr: VisitorTexts = {
  someone: "Votre conseiller",
  left: {
    AGENT_LEFT: (n) => `${n} a quitté la conversation. Notre assistant virtuel prend le relais.`,
    TRANSFER: (n) =>
      `${n} vous transfère vers une autre équipe. Merci de rester dans la conversation.`,
    AGENT_DISCONNECTED: (n) =>
      `${n} a été déconnecté. Nous vous mettons en relation avec une autre personne.`,
  },
  transferTo: (n, q) => `${n} vous transfère vers ${q}. Merci de rester dans la conversation.`,
  line: (p) =>
    p === 1 ? "Vous êtes le prochain dans la file." : `Vous êtes n° ${p} dans la file.`,
  wait: {
    under: "Attente estimée : moins d'une minute.",
    one: "Attente estimée : environ 1 minute.",
    many: (m) => `Attente estimée : environ ${m} minutes.`,
  },
  failures: {
    overloaded: "Notre système est très sollicité. Veuillez réessayer dans un instant.",
    agent_start_failed:
      "Désolé, je ne peux pas commencer de conversation pour le moment. Veuillez réessayer plus tard.",
    agent_reply_failed: "Désolé, j'ai du mal à répondre pour le moment. Veuillez réessayer.",
    stream_broken: "Désolé, une erreur s'est produite. Veuillez réessayer.",
    handoff_no_agent:
      "Désolé, nous n'avons pas pu vous mettre en relation avec un conseiller. Veuillez réessayer.",
    forward_to_live_agent_failed: "Votre message n'a pas pu être transmis au conseiller.",
    handoff_not_initiated: "Désolé, le transfert vers un conseiller n'a pas pu être lancé.",
  },
};

const es: VisitorTexts = {
  someone: "Tu agente",
  left: {
    AGENT_LEFT: (n) => `${n} ha salido del chat. Nuestro asistente virtual vuelve a atenderte.`,
    TRANSFER: (n) => `${n} te está transfiriendo a otro equipo. Por favor, no salgas del chat.`,
    AGENT_DISCONNECTED: (n) =>
      `${n} se ha desconectado. Te estamos poniendo en contacto con otra persona.`,
  },
  transferTo: (n, q) => `${n} te está transfiriendo a ${q}. Por favor, no salgas del chat.`,
  line: (p) => (p === 1 ? "Eres el siguiente en la fila." : `Eres el número ${p} en la fila.`),
  wait: {
    under: "Espera estimada: menos de un minuto.",
    one: "Espera estimada: aproximadamente 1 minuto.",
    many: (m) => `Espera estimada: aproximadamente ${m} minutos.`,
  },
  failures: {
    overloaded: "Nuestro sistema tiene mucha carga. Inténtalo de nuevo en un momento.",
    agent_start_failed:
      "Lo siento, ahora mismo no puedo iniciar una conversación. Inténtalo más tarde.",
    agent_reply_failed:
      "Lo siento, ahora mismo tengo problemas para responder. Inténtalo de nuevo.",
    stream_broken: "Lo siento, se produjo un error. Inténtalo de nuevo.",
    handoff_no_agent: "Lo sentimos, no pudimos conectarte con un agente. Inténtalo de nuevo.",
    forward_to_live_agent_failed: "No se pudo enviar tu mensaje al agente.",
    handoff_not_initiated: "Lo sentimos, no se pudo iniciar la transferencia a un agente.",
  },
};

const de: VisitorTexts = {
  someone: "Ihr Ansprechpartner",
  left: {
    AGENT_LEFT: (n) =>
      `${n} hat den Chat verlassen. Unser virtueller Assistent hilft Ihnen weiter.`,
    TRANSFER: (n) => `${n} leitet Sie an ein anderes Team weiter. Bitte bleiben Sie im Chat.`,
    AGENT_DISCONNECTED: (n) =>
      `Die Verbindung zu ${n} wurde getrennt. Wir verbinden Sie mit einer anderen Person.`,
  },
  transferTo: (n, q) => `${n} leitet Sie an ${q} weiter. Bitte bleiben Sie im Chat.`,
  line: (p) =>
    p === 1 ? "Sie sind als Nächstes an der Reihe." : `Sie sind Nummer ${p} in der Warteschlange.`,
  wait: {
    under: "Geschätzte Wartezeit: weniger als eine Minute.",
    one: "Geschätzte Wartezeit: etwa 1 Minute.",
    many: (m) => `Geschätzte Wartezeit: etwa ${m} Minuten.`,
  },
  failures: {
    overloaded: "Unser System ist stark ausgelastet. Bitte versuchen Sie es gleich noch einmal.",
    agent_start_failed:
      "Leider kann ich gerade keine Unterhaltung beginnen. Bitte versuchen Sie es später erneut.",
    agent_reply_failed:
      "Leider kann ich gerade nicht antworten. Bitte versuchen Sie es noch einmal.",
    stream_broken: "Leider ist ein Fehler aufgetreten. Bitte versuchen Sie es noch einmal.",
    handoff_no_agent:
      "Leider konnten wir Sie mit niemandem verbinden. Bitte versuchen Sie es erneut.",
    forward_to_live_agent_failed: "Ihre Nachricht konnte nicht weitergeleitet werden.",
    handoff_not_initiated: "Leider konnte die Weiterleitung nicht gestartet werden.",
  },
};

const TABLES: Record<string, VisitorTexts> = { en, fr, es, de };

/** The texts for a session's language (its primary subtag), English for anything else. */
export function visitorTexts(language: string | null | undefined): VisitorTexts {
  const primary = (language ?? "en").trim().split(/[-_]/)[0]?.toLowerCase() ?? "en";
  return TABLES[primary] ?? en;
}

/** "You are #2 in line. Estimated wait: about 3 minutes." in the session's language. */
export function queueStatusText(
  position: number,
  estimateSeconds: number | undefined,
  language: string | null = null,
): string {
  const texts = visitorTexts(language);
  const line = texts.line(position);
  if (estimateSeconds === undefined) return line;
  const minutes = Math.round(estimateSeconds / 60);
  const wait =
    minutes < 1 ? texts.wait.under : minutes === 1 ? texts.wait.one : texts.wait.many(minutes);
  return `${line} ${wait}`;
}

/** The notice of a live agent's leaving; a transfer names the team when it is known. */
export function leftNotice(
  reason: LeftReason,
  name: string | null,
  language: string | null,
  transferTo?: string,
): string {
  const texts = visitorTexts(language);
  const who = name?.trim() || texts.someone;
  if (reason === "TRANSFER" && transferTo) return texts.transferTo(who, transferTo);
  return texts.left[reason](who);
}

/**
 * The SYSTEM_MESSAGE payload of an agent-side failure in the session's language (clients such as
 * the official SDKs show it verbatim); English, and every protocol error, keep the spec's text.
 */
export function visitorSystemMessage(
  error: ProtocolError<SocketErrorCode>,
  language: string | null,
): { level: SystemMessageLevel; message: string } {
  const payload = systemMessagePayload(error);
  const localised = (visitorTexts(language).failures as Partial<Record<string, string>>)[
    error.code
  ];
  return localised ? { level: payload.level, message: localised } : payload;
}
