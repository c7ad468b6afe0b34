// Reads the `cursor` query parameter of `/ws`.

const LARGEST_SEQUENCE = 2 ** 31 - 1;

/** The cursor as a sequence: plain or `seq:`-prefixed digits; anything else is 0 (`valid: false`). */
export function parseCursor(raw: string | null | undefined): { value: number; valid: boolean } {
  if (raw === null || raw === undefined || raw === "") return { value: 0, valid: true };
  const digits = raw.startsWith("seq:") ? raw.slice(4) : raw;
  if (!/^\d{1,10}$/.test(digits)) return { value: 0, valid: false };
  const value = Number(digits);
  return value <= LARGEST_SEQUENCE ? { value, valid: true } : { value: 0, valid: false };
}
