// A User-Agent string as a person reads it: browser and version, system, and device kind.

/** "Chrome 120 on Windows", "Safari on iPhone", or null when nothing is recognised. */
export function describeUserAgent(ua: string | null | undefined): string | null {
  if (!ua) return null;
  const browser = pick(ua, [
    [/Edg(?:e|A|iOS)?\/(\d+)/, "Edge"],
    [/OPR\/(\d+)/, "Opera"],
    [/Firefox\/(\d+)/, "Firefox"],
    [/FxiOS\/(\d+)/, "Firefox"],
    [/CriOS\/(\d+)/, "Chrome"],
    [/Chrome\/(\d+)/, "Chrome"],
    [/Version\/(\d+)[^ ]* (?:Mobile\/\S+ )?Safari\//, "Safari"],
  ]);
  const system = pick(ua, [
    [/iPhone/, "iPhone"],
    [/iPad/, "iPad"],
    [/Android/, "Android"],
    [/Windows/, "Windows"],
    [/Mac OS X|Macintosh/, "macOS"],
    [/CrOS/, "ChromeOS"],
    [/Linux/, "Linux"],
  ]);
  if (!browser && !system) {
    const app = /^([A-Za-z][\w.-]*)\/(\d[\w.]*)/.exec(ua);
    return app ? `${app[1]} ${app[2]}` : null;
  }
  return [browser, system && `on ${system}`].filter(Boolean).join(" ");
}

function pick(ua: string, rules: ReadonlyArray<readonly [RegExp, string]>): string | null {
  for (const [pattern, name] of rules) {
    const match = pattern.exec(ua);
    if (match) return match[1] ? `${name} ${match[1]}` : name;
  }
  return null;
}
