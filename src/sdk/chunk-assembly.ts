// Streaming chunk reassembly: parts kept in chunk_index order, text as the gap-free prefix.
import type { ChunkPart } from "./types.js";

/** `parts` with `part` added in index order; a repeated index changes nothing. */
export function addChunk(parts: readonly ChunkPart[], part: ChunkPart): readonly ChunkPart[] {
  if (!Number.isInteger(part.index) || part.index < 1) return parts;
  if (parts.some((p) => p.index === part.index)) return parts;
  return [...parts, part].sort((a, b) => a.index - b.index);
}

/** The text of the chunks from index 1 up to the first missing one, concatenated. */
export function chunkText(parts: readonly ChunkPart[]): string {
  let text = "";
  let expected = 1;
  for (const part of parts) {
    if (part.index !== expected) break;
    text += part.text;
    expected += 1;
  }
  return text;
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
