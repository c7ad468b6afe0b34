// A heuristic check for regexes that backtrack exponentially, such as `(a+)+` or `(\w*\s?)*`.

interface OpenGroup {
  start: number;
  /** Whether something inside the group repeats without bound. */
  repeatsInside: boolean;
}

interface Quantifier {
  end: number;
  unbounded: boolean;
}

/**
 * The first group that repeats without bound while holding an unbounded repetition
 * (the "star height > 1" shape behind most catastrophic backtracking), or undefined.
 * Expects a pattern that already compiles. Overlapping alternatives like `(a|a)*`
 * are not detected; the input cap bounds what remains.
 */
export function findCatastrophicQuantifier(source: string): string | undefined {
  const groups: OpenGroup[] = [{ start: 0, repeatsInside: false }];
  let index = 0;
  while (index < source.length) {
    const char = source[index];
    let atomEnd: number;
    let closed: OpenGroup | undefined;
    if (char === "(") {
      groups.push({ start: index, repeatsInside: false });
      index = skipGroupPrefix(source, index + 1);
      continue;
    }
    if (char === ")") {
      closed = groups.length > 1 ? groups.pop() : undefined;
      atomEnd = index + 1;
    } else if (char === "\\") {
      atomEnd = index + 2;
    } else if (char === "[") {
      atomEnd = endOfClass(source, index + 1);
    } else {
      atomEnd = index + 1;
    }
    const quantifier = readQuantifier(source, atomEnd);
    const unbounded = quantifier?.unbounded ?? false;
    if (closed?.repeatsInside && unbounded) {
      return source.slice(closed.start, quantifier?.end);
    }
    const parent = groups[groups.length - 1];
    if (parent !== undefined && (unbounded || closed?.repeatsInside)) parent.repeatsInside = true;
    index = quantifier?.end ?? atomEnd;
  }
  return undefined;
}

// After "(": skips "?:", "?=", "?!", "?<=", "?<!" and "?<name>" so their "?" is not a quantifier.
function skipGroupPrefix(source: string, index: number): number {
  if (source[index] !== "?") return index;
  const next = source[index + 1];
  if (next === ":" || next === "=" || next === "!") return index + 2;
  if (next !== "<") return index + 1;
  const after = source[index + 2];
  if (after === "=" || after === "!") return index + 3;
  const close = source.indexOf(">", index + 2);
  return close === -1 ? index + 2 : close + 1;
}

function endOfClass(source: string, index: number): number {
  let at = index;
  while (at < source.length) {
    if (source[at] === "\\") at += 2;
    else if (source[at] === "]") return at + 1;
    else at += 1;
  }
  return at;
}

const BRACES = /^\{(\d+)(,(\d*))?\}\??/;

function readQuantifier(source: string, index: number): Quantifier | undefined {
  const char = source[index];
  if (char === "*" || char === "+" || char === "?") {
    const lazy = source[index + 1] === "?";
    return { end: index + (lazy ? 2 : 1), unbounded: char !== "?" };
  }
  if (char !== "{") return undefined;
  const braces = BRACES.exec(source.slice(index, index + 40));
  if (braces === null) return undefined;
  const unbounded = braces[2] !== undefined && braces[3] === "";
  return { end: index + braces[0].length, unbounded };
}
