// The offline form's texts in en, fr, es and de (the widget's languages).

/** Every label of the offline form. */
export interface OfflineStrings {
  /** Nobody serves the queue now. */
  titleNoAgents: string;
  /** The queue's opening hours exclude now. */
  titleClosed: string;
  explain: string;
  /** The header's status line while the form shows. */
  status: string;
  email: string;
  name: string;
  message: string;
  send: string;
  sending: string;
  emailRequired: string;
  emailInvalid: string;
  nameTooLong: string;
  messageRequired: string;
  messageTooLong: string;
  /** The server refused it for a reason the visitor cannot fix, or could not be reached. */
  failed: string;
  tooMany: string;
}

const en: OfflineStrings = {
  titleNoAgents: "No one is available right now",
  titleClosed: "We're closed right now",
  explain: "Leave your email and a message, and we'll reply by email.",
  status: "Leave a message",
  email: "Email",
  name: "Name (optional)",
  message: "Message",
  send: "Send message",
  sending: "Sending…",
  emailRequired: "Enter your email address.",
  emailInvalid: "Enter an email address like name@example.com.",
  nameTooLong: "Use at most 100 characters.",
  messageRequired: "Write a message.",
  messageTooLong: "Use at most 4000 characters.",
  failed: "Your message could not be sent. Please try again.",
  tooMany: "Too many attempts. Please wait a moment and try again.",
};

const fr: OfflineStrings = {
  titleNoAgents: "Personne n'est disponible pour le moment",
  titleClosed: "Nous sommes fermés pour le moment",
  explain: "Laissez votre e-mail et un message : nous vous répondrons par e-mail.",
  status: "Laissez un message",
  email: "E-mail",
  name: "Nom (facultatif)",
  message: "Message",
  send: "Envoyer le message",
  sending: "Envoi…",
  emailRequired: "Saisissez votre adresse e-mail.",
  emailInvalid: "Saisissez une adresse e-mail comme nom@exemple.fr.",
  nameTooLong: "100 caractères au maximum.",
  messageRequired: "Écrivez un message.",
  messageTooLong: "4000 caractères au maximum.",
  failed: "Votre message n'a pas pu être envoyé. Veuillez réessayer.",
  tooMany: "Trop de tentatives. Patientez un instant puis réessayez.",
};

const es: OfflineStrings = {
  titleNoAgents: "No hay nadie disponible en este momento",
  titleClosed: "Ahora mismo estamos cerrados",
  explain: "Déjanos tu correo y un mensaje, y te responderemos por correo.",
  status: "Deja un mensaje",
  email: "Correo electrónico",
  name: "Nombre (opcional)",
  message: "Mensaje",
  send: "Enviar mensaje",
  sending: "Enviando…",
  emailRequired: "Escribe tu correo electrónico.",
  emailInvalid: "Escribe un correo como nombre@ejemplo.es.",
  nameTooLong: "Usa como máximo 100 caracteres.",
  messageRequired: "Escribe un mensaje.",
  messageTooLong: "Usa como máximo 4000 caracteres.",
  failed: "No se pudo enviar tu mensaje. Inténtalo de nuevo.",
  tooMany: "Demasiados intentos. Espera un momento e inténtalo de nuevo.",
};

const de: OfflineStrings = {
  titleNoAgents: "Gerade ist niemand erreichbar",
  titleClosed: "Wir haben gerade geschlossen",
  explain: "Hinterlassen Sie Ihre E-Mail-Adresse und eine Nachricht, wir antworten per E-Mail.",
  status: "Nachricht hinterlassen",
  email: "E-Mail",
  name: "Name (optional)",
  message: "Nachricht",
  send: "Nachricht senden",
  sending: "Wird gesendet…",
  emailRequired: "Geben Sie Ihre E-Mail-Adresse ein.",
  emailInvalid: "Geben Sie eine E-Mail-Adresse wie name@beispiel.de ein.",
  nameTooLong: "Höchstens 100 Zeichen.",
  messageRequired: "Schreiben Sie eine Nachricht.",
  messageTooLong: "Höchstens 4000 Zeichen.",
  failed: "Ihre Nachricht konnte nicht gesendet werden. Bitte versuchen Sie es erneut.",
  tooMany: "Zu viele Versuche. Bitte warten Sie einen Moment.",
};

const TABLES: Record<string, OfflineStrings> = { en, fr, es, de };

/** The offline form's texts for a language tag (English when none matches). */
export function offlineStringsFor(language: string): OfflineStrings {
  const primary = language.toLowerCase().split("-")[0] ?? "en";
  return TABLES[primary] ?? en;
}
