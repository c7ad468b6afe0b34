// The widget's UI strings in en, fr, es and de, and how a language tag picks one of them.

/** Every label the widget shows; agent and server texts are never translated here. */
export interface UiStrings {
  launcherOpen: string;
  launcherClose: string;
  windowLabel: string;
  close: string;
  endChat: string;
  inputPlaceholder: string;
  inputLabel: string;
  send: string;
  suggestions: string;
  thinking: string;
  typing: (name: string) => string;
  online: string;
  liveAgent: string;
  connecting: string;
  reconnecting: string;
  offline: string;
  sending: string;
  sent: string;
  seen: string;
  failed: string;
  retry: string;
  ended: string;
  newChat: string;
  /** Heading of the returning visitor's earlier conversations. */
  earlierTitle: string;
  /** An earlier conversation still going on. */
  earlierActive: string;
  unavailable: string;
  tryAgain: string;
  handoffRequested: string;
  queued: (position: number | undefined, waitSeconds?: number) => string;
  waitingFor: (queue: string | undefined) => string;
  offlineStatus: string;
  offlineBanner: string;
  endTitle: string;
  endExplained: string;
  endConfirm: string;
  keepChatting: string;
  handoffFailed: string;
  transferring: (name: string, queue: string | undefined) => string;
  downloadTranscript: string;
  emoji: string;
  joined: (name: string) => string;
  left: (name: string) => string;
  handoffTimedOut: string;
  handoffClient: string;
  continueHere: string;
  openLink: string;
  you: string;
  agent: string;
  unread: (n: number) => string;
  poweredBy: string;
  ratingTitle: string;
  ratingStars: (score: number) => string;
  ratingUp: string;
  ratingDown: string;
  ratingComment: string;
  ratingSend: string;
  ratingThanks: string;
  ratingFailed: string;
}

const en: UiStrings = {
  launcherOpen: "Open chat",
  launcherClose: "Close chat",
  windowLabel: "Chat",
  close: "Minimise chat",
  endChat: "End chat",
  inputPlaceholder: "Write a message…",
  inputLabel: "Message",
  send: "Send",
  suggestions: "Suggested replies",
  thinking: "Thinking…",
  typing: (name) => `${name} is typing…`,
  online: "Online",
  liveAgent: "Support team",
  connecting: "Connecting…",
  reconnecting: "Connection lost. Reconnecting…",
  offline: "Offline",
  sending: "Sending…",
  sent: "Sent",
  seen: "Seen",
  failed: "Not delivered.",
  retry: "Retry",
  ended: "This conversation has ended.",
  newChat: "Start a new chat",
  earlierTitle: "Your earlier conversations",
  earlierActive: "ongoing",
  unavailable: "Chat is unavailable right now.",
  tryAgain: "Try again",
  handoffRequested: "Connecting you to an agent…",
  queued: (p, wait) =>
    p === undefined
      ? "Waiting for an agent…"
      : `${p === 1 ? "You are next in line." : `You are number ${p} in line.`}${waitText(wait, EN_WAIT)}`,
  waitingFor: (q) => (q ? `Waiting for ${q}` : "Waiting for an agent"),
  offlineStatus: "No connection",
  offlineBanner: "You are offline. Messages will be sent when the connection is back.",
  endTitle: "End this chat?",
  endExplained:
    "The conversation closes and nobody can reply in it any more. You can start a new chat at any time.",
  endConfirm: "End chat",
  keepChatting: "Keep chatting",
  handoffFailed: "Sorry, we could not connect you to an agent. Please try again.",
  transferring: (name, q) =>
    q ? `${name} is transferring you to ${q}` : `${name} is transferring you to another team`,
  downloadTranscript: "Download transcript",
  emoji: "Emoji",
  joined: (name) => `${name} joined the conversation`,
  left: (name) => `${name} left the conversation`,
  handoffTimedOut: "No agent became available in time.",
  handoffClient: "Please continue with our support team.",
  continueHere: "Continue",
  openLink: "Open",
  you: "You",
  agent: "Agent",
  unread: (n) => (n === 1 ? "1 new message" : `${n} new messages`),
  poweredBy: "Powered by Switchboard",
  ratingTitle: "How was this conversation?",
  ratingStars: (n) => `${n} of 5`,
  ratingUp: "Good",
  ratingDown: "Not good",
  ratingComment: "Comment (optional)",
  ratingSend: "Send rating",
  ratingThanks: "Thank you for your feedback.",
  ratingFailed: "Your rating could not be sent. Please try again.",
};

const fr: UiStrings = {
  launcherOpen: "Ouvrir la discussion",
  launcherClose: "Fermer la discussion",
  windowLabel: "Discussion",
  close: "Réduire la discussion",
  endChat: "Terminer la discussion",
  inputPlaceholder: "Écrivez un message…",
  inputLabel: "Message",
  send: "Envoyer",
  suggestions: "Réponses suggérées",
  thinking: "Réflexion…",
  typing: (name) => `${name} écrit…`,
  online: "En ligne",
  liveAgent: "Équipe d'assistance",
  connecting: "Connexion…",
  reconnecting: "Connexion perdue. Reconnexion…",
  offline: "Hors ligne",
  sending: "Envoi…",
  sent: "Envoyé",
  seen: "Vu",
  failed: "Non distribué.",
  retry: "Réessayer",
  ended: "Cette discussion est terminée.",
  newChat: "Nouvelle discussion",
  earlierTitle: "Vos discussions précédentes",
  earlierActive: "en cours",
  unavailable: "La discussion est indisponible pour le moment.",
  tryAgain: "Réessayer",
  handoffRequested: "Nous vous mettons en relation avec un conseiller…",
  queued: (p, wait) =>
    p === undefined
      ? "En attente d'un conseiller…"
      : `${p === 1 ? "Vous êtes le prochain dans la file." : `Vous êtes n° ${p} dans la file.`}${waitText(wait, FR_WAIT)}`,
  waitingFor: (q) => (q ? `En attente : ${q}` : "En attente d'un conseiller"),
  offlineStatus: "Pas de connexion",
  offlineBanner: "Vous êtes hors ligne. Vos messages partiront dès le retour de la connexion.",
  endTitle: "Terminer cette discussion ?",
  endExplained:
    "La discussion sera close et plus personne ne pourra y répondre. Vous pourrez en commencer une nouvelle à tout moment.",
  endConfirm: "Terminer",
  keepChatting: "Continuer la discussion",
  handoffFailed:
    "Désolé, nous n'avons pas pu vous mettre en relation avec un conseiller. Veuillez réessayer.",
  transferring: (name, q) =>
    q ? `${name} vous transfère vers ${q}` : `${name} vous transfère vers une autre équipe`,
  downloadTranscript: "Télécharger la transcription",
  emoji: "Émoji",
  joined: (name) => `${name} a rejoint la discussion`,
  left: (name) => `${name} a quitté la discussion`,
  handoffTimedOut: "Aucun conseiller ne s'est libéré à temps.",
  handoffClient: "Veuillez poursuivre avec notre équipe d'assistance.",
  continueHere: "Continuer",
  openLink: "Ouvrir",
  you: "Vous",
  agent: "Conseiller",
  unread: (n) => (n === 1 ? "1 nouveau message" : `${n} nouveaux messages`),
  poweredBy: "Propulsé par Switchboard",
  ratingTitle: "Comment s'est passée cette discussion ?",
  ratingStars: (n) => `${n} sur 5`,
  ratingUp: "Bien",
  ratingDown: "Pas bien",
  ratingComment: "Commentaire (facultatif)",
  ratingSend: "Envoyer la note",
  ratingThanks: "Merci pour votre avis.",
  ratingFailed: "Votre note n'a pas pu être envoyée. Veuillez réessayer.",
};

const es: UiStrings = {
  launcherOpen: "Abrir chat",
  launcherClose: "Cerrar chat",
  windowLabel: "Chat",
  close: "Minimizar chat",
  endChat: "Finalizar chat",
  inputPlaceholder: "Escribe un mensaje…",
  inputLabel: "Mensaje",
  send: "Enviar",
  suggestions: "Respuestas sugeridas",
  thinking: "Pensando…",
  typing: (name) => `${name} está escribiendo…`,
  online: "En línea",
  liveAgent: "Equipo de soporte",
  connecting: "Conectando…",
  reconnecting: "Conexión perdida. Reconectando…",
  offline: "Sin conexión",
  sending: "Enviando…",
  sent: "Enviado",
  seen: "Visto",
  failed: "No entregado.",
  retry: "Reintentar",
  ended: "Esta conversación ha terminado.",
  newChat: "Iniciar un chat nuevo",
  earlierTitle: "Tus conversaciones anteriores",
  earlierActive: "en curso",
  unavailable: "El chat no está disponible en este momento.",
  tryAgain: "Reintentar",
  handoffRequested: "Te estamos conectando con un agente…",
  queued: (p, wait) =>
    p === undefined
      ? "Esperando a un agente…"
      : `${p === 1 ? "Eres el siguiente en la fila." : `Eres el número ${p} en la fila.`}${waitText(wait, ES_WAIT)}`,
  waitingFor: (q) => (q ? `Esperando a ${q}` : "Esperando a un agente"),
  offlineStatus: "Sin conexión",
  offlineBanner: "Estás sin conexión. Los mensajes se enviarán cuando vuelva la conexión.",
  endTitle: "¿Finalizar este chat?",
  endExplained:
    "La conversación se cerrará y nadie podrá responder en ella. Puedes iniciar un chat nuevo cuando quieras.",
  endConfirm: "Finalizar",
  keepChatting: "Seguir chateando",
  handoffFailed: "Lo sentimos, no pudimos conectarte con un agente. Inténtalo de nuevo.",
  transferring: (name, q) =>
    q ? `${name} te está transfiriendo a ${q}` : `${name} te está transfiriendo a otro equipo`,
  downloadTranscript: "Descargar la transcripción",
  emoji: "Emoji",
  joined: (name) => `${name} se unió a la conversación`,
  left: (name) => `${name} salió de la conversación`,
  handoffTimedOut: "Ningún agente quedó disponible a tiempo.",
  handoffClient: "Continúa con nuestro equipo de soporte.",
  continueHere: "Continuar",
  openLink: "Abrir",
  you: "Tú",
  agent: "Agente",
  unread: (n) => (n === 1 ? "1 mensaje nuevo" : `${n} mensajes nuevos`),
  poweredBy: "Con la tecnología de Switchboard",
  ratingTitle: "¿Qué tal ha ido esta conversación?",
  ratingStars: (n) => `${n} de 5`,
  ratingUp: "Bien",
  ratingDown: "Mal",
  ratingComment: "Comentario (opcional)",
  ratingSend: "Enviar valoración",
  ratingThanks: "Gracias por tu opinión.",
  ratingFailed: "No se pudo enviar tu valoración. Inténtalo de nuevo.",
};

const de: UiStrings = {
  launcherOpen: "Chat öffnen",
  launcherClose: "Chat schließen",
  windowLabel: "Chat",
  close: "Chat minimieren",
  endChat: "Chat beenden",
  inputPlaceholder: "Nachricht schreiben…",
  inputLabel: "Nachricht",
  send: "Senden",
  suggestions: "Antwortvorschläge",
  thinking: "Denkt nach…",
  typing: (name) => `${name} schreibt…`,
  online: "Online",
  liveAgent: "Support-Team",
  connecting: "Verbinden…",
  reconnecting: "Verbindung unterbrochen. Verbinde neu…",
  offline: "Offline",
  sending: "Wird gesendet…",
  sent: "Gesendet",
  seen: "Gesehen",
  failed: "Nicht zugestellt.",
  retry: "Erneut senden",
  ended: "Diese Unterhaltung ist beendet.",
  newChat: "Neuen Chat starten",
  earlierTitle: "Ihre früheren Unterhaltungen",
  earlierActive: "läuft noch",
  unavailable: "Der Chat ist gerade nicht verfügbar.",
  tryAgain: "Erneut versuchen",
  handoffRequested: "Wir verbinden Sie mit einer Mitarbeiterin oder einem Mitarbeiter…",
  queued: (p, wait) =>
    p === undefined
      ? "Warten auf eine freie Person…"
      : `${p === 1 ? "Sie sind als Nächstes an der Reihe." : `Sie sind Nummer ${p} in der Warteschlange.`}${waitText(wait, DE_WAIT)}`,
  waitingFor: (q) => (q ? `Warten auf ${q}` : "Warten auf eine freie Person"),
  offlineStatus: "Keine Verbindung",
  offlineBanner: "Sie sind offline. Nachrichten werden gesendet, sobald die Verbindung zurück ist.",
  endTitle: "Chat beenden?",
  endExplained:
    "Die Unterhaltung wird geschlossen und niemand kann mehr darin antworten. Sie können jederzeit einen neuen Chat starten.",
  endConfirm: "Beenden",
  keepChatting: "Weiter chatten",
  handoffFailed: "Leider konnten wir Sie mit niemandem verbinden. Bitte versuchen Sie es erneut.",
  transferring: (name, q) =>
    q ? `${name} leitet Sie an ${q} weiter` : `${name} leitet Sie an ein anderes Team weiter`,
  downloadTranscript: "Verlauf herunterladen",
  emoji: "Emoji",
  joined: (name) => `${name} ist der Unterhaltung beigetreten`,
  left: (name) => `${name} hat die Unterhaltung verlassen`,
  handoffTimedOut: "Leider war niemand rechtzeitig verfügbar.",
  handoffClient: "Bitte setzen Sie das Gespräch mit unserem Support-Team fort.",
  continueHere: "Weiter",
  openLink: "Öffnen",
  you: "Sie",
  agent: "Mitarbeiter",
  unread: (n) => (n === 1 ? "1 neue Nachricht" : `${n} neue Nachrichten`),
  poweredBy: "Bereitgestellt von Switchboard",
  ratingTitle: "Wie war diese Unterhaltung?",
  ratingStars: (n) => `${n} von 5`,
  ratingUp: "Gut",
  ratingDown: "Nicht gut",
  ratingComment: "Kommentar (optional)",
  ratingSend: "Bewertung senden",
  ratingThanks: "Danke für Ihr Feedback.",
  ratingFailed: "Ihre Bewertung konnte nicht gesendet werden. Bitte versuchen Sie es erneut.",
};

const TABLES: Record<string, UiStrings> = { en, fr, es, de };

/** How a language says an estimated wait: under a minute, one minute, n minutes. */
interface WaitWords {
  under: string;
  one: string;
  many: (minutes: number) => string;
}

const EN_WAIT: WaitWords = {
  under: " Estimated wait: less than a minute.",
  one: " Estimated wait: about 1 minute.",
  many: (n) => ` Estimated wait: about ${n} minutes.`,
};
const FR_WAIT: WaitWords = {
  under: " Attente estimée : moins d'une minute.",
  one: " Attente estimée : environ 1 minute.",
  many: (n) => ` Attente estimée : environ ${n} minutes.`,
};
const ES_WAIT: WaitWords = {
  under: " Espera estimada: menos de un minuto.",
  one: " Espera estimada: aproximadamente 1 minuto.",
  many: (n) => ` Espera estimada: aproximadamente ${n} minutos.`,
};
const DE_WAIT: WaitWords = {
  under: " Geschätzte Wartezeit: weniger als eine Minute.",
  one: " Geschätzte Wartezeit: etwa 1 Minute.",
  many: (n) => ` Geschätzte Wartezeit: etwa ${n} Minuten.`,
};

// Rounded to whole minutes, as the server words it; nothing when no estimate was given.
function waitText(seconds: number | undefined, words: WaitWords): string {
  if (seconds === undefined) return "";
  const minutes = Math.round(seconds / 60);
  if (minutes < 1) return words.under;
  return minutes === 1 ? words.one : words.many(minutes);
}

/** The supported UI languages. */
export const UI_LANGUAGES = Object.keys(TABLES);

/** The supported language a BCP-47 tag maps to ("fr-CA" → "fr"), or null. */
export function supportedLanguage(tag: string | null | undefined): string | null {
  if (!tag) return null;
  const base = tag.trim().toLowerCase().split(/[-_]/)[0] ?? "";
  return base in TABLES ? base : null;
}

/** The first supported language of `tags` (most important first), else English. */
export function pickLanguage(...tags: Array<string | null | undefined>): string {
  for (const tag of tags) {
    const found = supportedLanguage(tag);
    if (found) return found;
  }
  return "en";
}

/** The strings of a supported language (English for anything else). */
export function stringsFor(language: string): UiStrings {
  return TABLES[language] ?? en;
}
