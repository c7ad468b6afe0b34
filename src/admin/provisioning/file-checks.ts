// Checks every section of a provisioning file shares: lists, stable ids, tokens given in the file.
import { hashToken } from "../../auth/index.js";
import { idProblem } from "../fields.js";

/** Provisioned tokens must be long enough not to be guessed. */
export const MIN_TOKEN_LENGTH = 16;

/** The list at `doc[key]` (empty when absent); anything else is a problem. */
export function listAt(doc: Record<string, unknown>, key: string, problems: string[]): unknown[] {
  const value = doc[key];
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value;
  problems.push(`${key}: must be a list`);
  return [];
}

/** A required, valid id that appears once in its section; null after adding a problem. */
export function checkFileId(
  value: unknown,
  path: string,
  seen: Set<string>,
  problems: string[],
): string | null {
  const problem = idProblem(value, path);
  if (problem) {
    problems.push(value === undefined ? `${path}: required` : problem);
    return null;
  }
  const id = value as string;
  if (seen.has(id)) problems.push(`${path}: "${id}" appears more than once`);
  seen.add(id);
  return id;
}

/** Where a token given in the file must be unique: its kind, the file so far and the store. */
export interface TokenScope {
  /** "connector" or "desk user", for messages. */
  kind: string;
  /** Hash → id of what the file gave it to so far. */
  seen: Map<string, string>;
  /** What in the store has this token hash already, if anything. */
  ownerOf(hash: string): Promise<{ id: string } | undefined>;
}

/** The hash of a token given in the file (null when none), checked for length and reuse. */
export async function checkFileToken(
  token: unknown,
  path: string,
  id: string | null,
  scope: TokenScope,
  problems: string[],
): Promise<string | null> {
  if (token === undefined || token === null) return null;
  if (typeof token !== "string" || token.length < MIN_TOKEN_LENGTH || /\s/.test(token)) {
    problems.push(
      `${path}: must be a string of at least ${MIN_TOKEN_LENGTH} characters without spaces`,
    );
    return null;
  }
  const hash = hashToken(token);
  const twin = scope.seen.get(hash);
  if (twin !== undefined) {
    problems.push(`${path}: the same token is given for ${scope.kind} "${twin}"`);
  }
  scope.seen.set(hash, id ?? "?");
  const owner = await scope.ownerOf(hash);
  if (owner && owner.id !== id)
    problems.push(`${path}: already used by ${scope.kind} "${owner.id}"`);
  return hash;
}
