// Bidirectional-text controls, which can make text read differently from what it is, removed before display.

/**
 * Embeddings and overrides (U+202A–U+202E) and isolates (U+2066–U+2069): a name or message
 * carrying them can reorder what surrounds it on screen ("Trojan Source"), e.g. make a link
 * or an amount read backwards. Marks (U+200E, U+200F) only hint a direction and stay.
 */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;

/** `text` without bidirectional embedding, override and isolate controls. */
export function neutralizeBidiControls(text: string): string {
  return text.replace(BIDI_CONTROLS, "");
}
