// What a fuzz run found: crashes, hangs and undocumented answers, each with the input that caused it.

/** One finding, reproducible from the run's seed and the input's number. */
export interface Finding {
  kind: "crash" | "hang" | "undocumented";
  input: number;
  name: string;
  detail: string;
}

/** The outcome of a run. */
export interface FuzzReport {
  seed: number;
  inputs: number;
  byKind: Record<string, number>;
  findings: Finding[];
  elapsedMs: number;
}

/** Collects findings (keeping the first few of each kind in full) and counts inputs by name. */
export class Findings {
  readonly list: Finding[] = [];
  readonly byKind: Record<string, number> = {};
  #counts = { crash: 0, hang: 0, undocumented: 0 };

  counted(name: string): void {
    const kind = clip(name, 60);
    this.byKind[kind] = (this.byKind[kind] ?? 0) + 1;
  }

  add(finding: Finding): void {
    this.#counts[finding.kind] += 1;
    if (this.#counts[finding.kind] > 20) return;
    // Inputs carry huge strings: a report keeps the start of each.
    this.list.push({ ...finding, name: clip(finding.name), detail: clip(finding.detail) });
  }

  get total(): number {
    return this.#counts.crash + this.#counts.hang + this.#counts.undocumented;
  }

  get counts(): Readonly<{ crash: number; hang: number; undocumented: number }> {
    return this.#counts;
  }
}

function clip(text: string, max = 300): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length} characters)`;
}
