// Which key presses are console shortcuts: Alt+key by physical key, "?" only outside text fields.
import { describe, expect, it } from "vitest";
import { SHORTCUTS, shortcutFor } from "../../src/console/shortcuts.js";

const press = (
  code: string,
  key: string,
  mods: { alt?: boolean; ctrl?: boolean; meta?: boolean } = {},
) => ({
  code,
  key,
  altKey: mods.alt ?? false,
  ctrlKey: mods.ctrl ?? false,
  metaKey: mods.meta ?? false,
});

describe("console shortcut keys", () => {
  it("maps Alt+key to its action by the physical key, whatever character the layout types", () => {
    expect(shortcutFor(press("ArrowDown", "ArrowDown", { alt: true }), false)).toBe("next");
    expect(shortcutFor(press("KeyJ", "j", { alt: true }), true)).toBe("next");
    expect(shortcutFor(press("KeyK", "˚", { alt: true }), true)).toBe("previous");
    expect(shortcutFor(press("KeyA", "å", { alt: true }), true)).toBe("accept");
    expect(shortcutFor(press("KeyC", "c", { alt: true }), true)).toBe("composer");
    expect(shortcutFor(press("KeyR", "r", { alt: true }), true)).toBe("replies");
    expect(shortcutFor(press("KeyT", "t", { alt: true }), true)).toBe("transfer");
    expect(shortcutFor(press("KeyX", "≈", { alt: true }), true)).toBe("end");
    expect(shortcutFor(press("KeyI", "ˆ", { alt: true }), true)).toBe("history");
  });

  it("leaves other keys, Ctrl and Cmd combinations, and the browser's Alt+E/F/D alone", () => {
    expect(shortcutFor(press("KeyA", "a"), false)).toBeNull();
    expect(shortcutFor(press("KeyT", "t", { alt: true, ctrl: true }), false)).toBeNull();
    expect(shortcutFor(press("KeyA", "a", { alt: true, meta: true }), false)).toBeNull();
    for (const code of ["KeyE", "KeyF", "KeyD"])
      expect(shortcutFor(press(code, code.slice(3), { alt: true }), false)).toBeNull();
  });

  it("opens the list with ? only when the agent is not typing", () => {
    expect(shortcutFor(press("Slash", "?"), false)).toBe("help");
    expect(shortcutFor(press("Slash", "?"), true)).toBeNull();
  });

  it("lists every action once, with keys to show", () => {
    const actions = SHORTCUTS.map((s) => s.action);
    expect(new Set(actions).size).toBe(actions.length);
    expect(actions.sort()).toEqual(
      [
        "accept",
        "composer",
        "end",
        "help",
        "history",
        "next",
        "previous",
        "replies",
        "transfer",
      ].sort(),
    );
    for (const s of SHORTCUTS) expect(s.keys.length).toBeGreaterThan(0);
  });
});
