// Write-only secrets inside agent definitions: masked in every answer, kept when a change sends the mask back.
import { isPlainObject } from "../protocol/index.js";

/**
 * What answers and exports show instead of a stored secret. Sending it back in a changed
 * definition keeps the stored value, so a definition read, edited and written back round-trips.
 */
export const SECRET_PLACEHOLDER = "********";

/** A copy of `definition` with the value of every field named in `names`, at any depth, masked. */
export function redactSecrets(
  definition: Record<string, unknown>,
  names: readonly string[],
): Record<string, unknown> {
  if (names.length === 0) return definition;
  return mapFields(definition, names, () => SECRET_PLACEHOLDER) as Record<string, unknown>;
}

/**
 * `definition` with each masked secret replaced by the value at the same path in `stored`.
 * Problems name every mask with nothing stored at its path (a new agent, or a moved field).
 */
export function keepStoredSecrets(
  definition: Record<string, unknown>,
  stored: Record<string, unknown> | undefined,
  names: readonly string[],
): { definition: Record<string, unknown>; problems: string[] } {
  const problems: string[] = [];
  if (names.length === 0) return { definition, problems };
  const kept = mapFields(definition, names, (value, path) => {
    if (value !== SECRET_PLACEHOLDER) return value;
    const previous = valueAt(stored, path);
    if (typeof previous === "string" && previous !== SECRET_PLACEHOLDER) return previous;
    problems.push(
      `${label(path)}: "${SECRET_PLACEHOLDER}" keeps the stored secret, but none is stored here`,
    );
    return value;
  });
  return { definition: kept as Record<string, unknown>, problems };
}

type Path = readonly (string | number)[];

// Rebuilds objects and arrays, passing each secret field's value through `replace`.
function mapFields(
  value: unknown,
  names: readonly string[],
  replace: (value: unknown, path: Path) => unknown,
  path: Path = [],
): unknown {
  if (Array.isArray(value)) {
    return value.map((item, index) => mapFields(item, names, replace, [...path, index]));
  }
  if (!isPlainObject(value)) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    const at = [...path, key];
    copy[key] =
      names.includes(key) && typeof field === "string"
        ? replace(field, at)
        : mapFields(field, names, replace, at);
  }
  return copy;
}

function valueAt(root: unknown, path: Path): unknown {
  let value = root;
  for (const step of path) {
    if (typeof step === "number" ? !Array.isArray(value) : !isPlainObject(value)) return undefined;
    value = (value as Record<string | number, unknown>)[step];
  }
  return value;
}

function label(path: Path): string {
  return path
    .map((step, index) =>
      typeof step === "number" ? `[${step}]` : index === 0 ? step : `.${step}`,
    )
    .join("");
}
