// How a session's streaming chunks are laid out, and how a client joins them into the message text.

/**
 * `concat`: each whitespace run stays at the end of the earlier chunk, so concatenating the chunk
 * texts gives the message (the public documentation's rule). `space`: chunks are cut only at a
 * single space, which is left out, so joining the non-empty chunk texts with one space gives the
 * message (what the official mobile SDKs do, `sdk-expectations.md` rule 16).
 */
export const CHUNK_LAYOUTS = ["concat", "space"] as const;
export type ChunkLayout = (typeof CHUNK_LAYOUTS)[number];

/** The message text of chunk texts given in `chunk_index` order. */
export function joinChunkTexts(texts: readonly string[], layout: ChunkLayout): string {
  if (layout === "concat") return texts.join("");
  return texts.filter((text) => text !== "").join(" ");
}

/**
 * The layout a `SESSION_START` payload announces: `capabilities.chunk_join` is `"space"` in
 * sessions laid out for the official SDKs and absent otherwise (concatenation, as documented).
 */
export function chunkLayoutOf(sessionStartPayload: unknown): ChunkLayout {
  const capabilities = (sessionStartPayload as { capabilities?: { chunk_join?: unknown } } | null)
    ?.capabilities;
  return capabilities?.chunk_join === "space" ? "space" : "concat";
}
