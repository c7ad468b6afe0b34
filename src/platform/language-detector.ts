// The LanguageDetector port on tinyld's light model (about 3 MB in memory, 60+ languages).
import { detectAll } from "tinyld/light";
import type { LanguageDetector } from "../core/index.js";

/** tinyld scores below this are guesses (short or mixed text); nothing is switched on them. */
const MIN_ACCURACY = 0.5;

/** Detects with tinyld; confident only when the best language scores at least 0.5. */
export const tinyldDetector: LanguageDetector = {
  detect(text, among) {
    const best = detectAll(text)[0];
    if (!best || best.accuracy < MIN_ACCURACY) return null;
    if (among && !among.includes(best.lang)) return null;
    return best.lang;
  },
};
