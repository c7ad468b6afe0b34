// `node dist/bench/profile-summary.js <file.cpuprofile> [top]`: self time by function and by file.
import { readFileSync } from "node:fs";

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Self time (ms) per key, biggest first. */
export function selfTimes(
  profile: CpuProfile,
  keyOf: (frame: CallFrame) => string,
): Array<[string, number]> {
  const frames = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const totals = new Map<string, number>();
  profile.samples.forEach((id, index) => {
    const frame = frames.get(id);
    if (!frame) return;
    const key = keyOf(frame);
    totals.set(key, (totals.get(key) ?? 0) + (profile.timeDeltas[index] ?? 0) / 1000);
  });
  return [...totals].sort((a, b) => b[1] - a[1]);
}

function functionKey(frame: CallFrame): string {
  const name = frame.functionName || "(anonymous)";
  return frame.url ? `${name}  ${shortUrl(frame.url)}:${frame.lineNumber + 1}` : name;
}

function fileKey(frame: CallFrame): string {
  if (!frame.url) return frame.functionName || "(native)";
  const url = shortUrl(frame.url);
  const pkg = /node_modules\/((@[^/]+\/)?[^/]+)/.exec(url);
  return pkg ? `node_modules/${pkg[1]}` : url;
}

function shortUrl(url: string): string {
  return url.replace(/^file:\/\//, "").replace(/^.*?\/(dist|node_modules)\//, "$1/");
}

function print(title: string, rows: Array<[string, number]>, total: number, top: number): void {
  process.stdout.write(`${title}\n`);
  for (const [key, ms] of rows.slice(0, top)) {
    process.stdout.write(
      `${ms.toFixed(0).padStart(8)} ms ${((ms / total) * 100).toFixed(1).padStart(5)}%  ${key}\n`,
    );
  }
}

const [file, topArg] = process.argv.slice(2);
if (!file) {
  process.stderr.write("usage: node dist/bench/profile-summary.js <file.cpuprofile> [top]\n");
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
const top = Number(topArg ?? 25);
const total = profile.timeDeltas.reduce((sum, delta) => sum + delta, 0) / 1000;
process.stdout.write(`${file}: ${total.toFixed(0)} ms sampled\n`);
print("Self time by function:", selfTimes(profile, functionKey), total, top);
print("Self time by file/package:", selfTimes(profile, fileKey), total, top);
