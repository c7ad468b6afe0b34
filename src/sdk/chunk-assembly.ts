// Streaming chunk reassembly: parts kept in chunk_index order, text as the gap-free prefix.
import { type ChunkLayout, joinChunkTexts } from "../protocol/index.js";
import type { ChunkPart } from "./types.js";

/** `parts` with `part` added in index order; a repeated index changes nothing. */
export function addChunk(parts: readonly ChunkPart[], part: ChunkPart): readonly ChunkPart[] {
  if (!Number.isInteger(part.index) || part.index < 1) return parts;
  if (parts.some((p) => p.index === part.index)) return parts;
  return [...parts, part].sort((a, b) => a.index - b.index);
}

/**
 * The text of the chunks from index 1 up to the first missing one, joined the way the session
 * lays them out (`layout`, announced in SESSION_START), so a finished message is exactly the
 * agent's text in either layout.
 */
export function chunkText(parts: readonly ChunkPart[], layout: ChunkLayout): string {
  const texts: string[] = [];
  for (const part of parts) {
    if (part.index !== texts.length + 1) break;
    texts.push(part.text);
  }
  return joinChunkTexts(texts, layout);
}

/** True once the final chunk and every chunk before it have arrived. */
export function chunksComplete(parts: readonly ChunkPart[]): boolean {
  const final = parts.find((p) => p.final);
  if (!final) return false;
  for (let index = 1; index <= final.index; index += 1) {
    if (!parts.some((p) => p.index === index)) return false;
  }
  return true;
}
