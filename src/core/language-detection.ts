// Switches a session's language when the user writes, confidently, in another one.
import type { LiveSession } from "./live-session.js";
import type { LanguageDetector } from "./ports.js";
import type { ConnectorRecord } from "./records.js";

/** Fewer letters than this say too little about a language ("ok", "merci", "Hello"). */
export const DETECTION_MIN_LETTERS = 12;

/**
 * Detects the language of a user message and, when it is confident and differs from the
 * session's (or, before any change, the agent's default), records LANGUAGE_CHANGED so this
 * turn and later ones answer in it. The connector may turn this off or limit the languages.
 */
export async function followUserLanguage(
  session: LiveSession,
  connector: ConnectorRecord,
  defaultLanguage: string,
  text: string,
  detector: LanguageDetector,
): Promise<void> {
  const setting = connector.languageDetection ?? { enabled: true, languages: null };
  if (!setting.enabled) return;
  const letters = text.match(/\p{L}/gu)?.length ?? 0;
  if (letters < DETECTION_MIN_LETTERS) return;
  const detected = detector.detect(text, setting.languages ?? undefined);
  if (detected === null) return;
  const current = session.record.language ?? defaultLanguage;
  if (primaryTag(current) === detected) return;
  await session.append(
    [{ type: "EVENT_TYPE_LANGUAGE_CHANGED", payload: { language_code: detected } }],
    { language: detected },
  );
}

function primaryTag(tag: string): string {
  return (tag.split("-")[0] ?? tag).toLowerCase();
}
