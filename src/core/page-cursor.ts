// Opaque keyset cursors for lists ordered by (time, id) descending: the admin and desk APIs share them.

/** A position in such a list: the last entry's time (ms) and id. */
export interface PageCursor {
  at: number;
  id: string;
}

/** The cursor's opaque text (base64url of `<at>.<id>`). */
export function encodePageCursor(cursor: PageCursor): string {
  return Buffer.from(`${cursor.at}.${cursor.id}`, "utf8").toString("base64url");
}

/** The position a cursor names, or null when the text is not one of ours. */
export function decodePageCursor(text: string): PageCursor | null {
  if (text.length === 0 || text.length > 200 || !/^[A-Za-z0-9_-]+$/.test(text)) return null;
  const plain = Buffer.from(text, "base64url").toString("utf8");
  const match = /^(\d{1,15})\.([\x21-\x7e]{1,128})$/.exec(plain);
  if (!match) return null;
  return { at: Number(match[1]), id: match[2] as string };
}
