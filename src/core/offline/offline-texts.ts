// What the server tells a visitor once their offline message is kept, in the widget's languages.

const THANKS: Record<string, (email: string) => string> = {
  en: (e) => `Thanks! We got your message and will reply to ${e} as soon as we can.`,
  fr: (e) => `Merci ! Nous avons bien reçu votre message et répondrons à ${e} dès que possible.`,
  es: (e) => `¡Gracias! Hemos recibido tu mensaje y responderemos a ${e} lo antes posible.`,
  de: (e) => `Danke! Wir haben Ihre Nachricht erhalten und antworten so bald wie möglich an ${e}.`,
};

/** The thank-you line in the session's language (English when it has none of these). */
export function offlineThanks(language: string | null, email: string): string {
  const primary = (language ?? "en").toLowerCase().split("-")[0] ?? "en";
  return (THANKS[primary] ?? (THANKS.en as (email: string) => string))(email);
}
