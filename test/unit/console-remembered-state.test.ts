// What the console remembers between visits: preferences (and the old sound switch), and drafts per desk user.
import { describe, expect, it } from "vitest";
import { DraftStore } from "../../src/console/draft-store.js";
import { loadPreferences, savePreferences } from "../../src/console/preferences.js";
import type { KeyValueStorage } from "../../src/console/web-storage.js";

/** An in-memory stand-in for Web Storage. */
class MemoryStorage implements KeyValueStorage {
  readonly #items = new Map<string, string>();
  get length() {
    return this.#items.size;
  }
  getItem(key: string) {
    return this.#items.get(key) ?? null;
  }
  removeItem(key: string) {
    this.#items.delete(key);
  }
  setItem(key: string, value: string) {
    this.#items.set(key, value);
  }
}

describe("console preferences", () => {
  it("start with both chimes on, desktop notifications off and the system theme", () => {
    expect(loadPreferences(new MemoryStorage())).toEqual({
      soundWaiting: true,
      soundMessages: true,
      desktop: false,
      theme: "system",
    });
  });

  it("survive a save and a load, and ignore malformed values", () => {
    const storage = new MemoryStorage();
    savePreferences(
      { soundWaiting: false, soundMessages: true, desktop: true, theme: "dark" },
      storage,
    );
    expect(loadPreferences(storage)).toEqual({
      soundWaiting: false,
      soundMessages: true,
      desktop: true,
      theme: "dark",
    });
    storage.setItem("switchboard.console.preferences", '{"soundWaiting":"yes","theme":"neon"}');
    expect(loadPreferences(storage)).toMatchObject({ soundWaiting: true, theme: "system" });
    storage.setItem("switchboard.console.preferences", "not json");
    expect(loadPreferences(storage).soundMessages).toBe(true);
  });

  it("take the old single sound switch for the waiting chime, until saved anew", () => {
    const storage = new MemoryStorage();
    storage.setItem("switchboard.console.sound", "off");
    expect(loadPreferences(storage).soundWaiting).toBe(false);
    savePreferences({ ...loadPreferences(storage), soundWaiting: true }, storage);
    expect(storage.getItem("switchboard.console.sound")).toBeNull();
    expect(loadPreferences(storage).soundWaiting).toBe(true);
  });
});

describe("console drafts", () => {
  const draft = (text: string) => ({
    text,
    attachments: [],
    suggestions: [{ message_text: "Yes" }],
  });

  it("are kept per desk user and read back by a new store (a reload)", () => {
    const storage = new MemoryStorage();
    new DraftStore("u1", storage).save("s1", draft("hello"));
    new DraftStore("u2", storage).save("s1", draft("other agent"));
    expect(new DraftStore("u1", storage).load("s1")).toEqual(draft("hello"));
    expect(new DraftStore("u2", storage).load("s1")?.text).toBe("other agent");
  });

  it("forget an emptied draft, the chats no longer held, and everything on clear", () => {
    const storage = new MemoryStorage();
    const drafts = new DraftStore("u1", storage);
    drafts.save("s1", draft("one"));
    drafts.save("s2", draft("two"));
    drafts.save("s1", { text: "", attachments: [], suggestions: [] });
    expect(new DraftStore("u1", storage).load("s1")).toBeNull();
    drafts.save("s3", draft("three"));
    drafts.keepOnly(new Set(["s3"]));
    expect(new DraftStore("u1", storage).load("s2")).toBeNull();
    expect(new DraftStore("u1", storage).load("s3")?.text).toBe("three");
    drafts.clear();
    expect(storage.length).toBe(0);
  });

  it("survive storage that holds garbage", () => {
    const storage = new MemoryStorage();
    storage.setItem(
      "switchboard.console.drafts.u1",
      '{"s1":{"text":5},"s2":{"text":"ok","attachments":"x"}}',
    );
    const drafts = new DraftStore("u1", storage);
    expect(drafts.load("s1")).toBeNull();
    expect(drafts.load("s2")).toEqual({ text: "ok", attachments: [], suggestions: [] });
    storage.setItem("switchboard.console.drafts.u2", "{");
    expect(new DraftStore("u2", storage).load("s1")).toBeNull();
  });
});
