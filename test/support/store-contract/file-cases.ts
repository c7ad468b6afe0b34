// Store contract cases for attached files: round-trip, order, erasure with the session and by purge.
import { expect, it } from "vitest";
import type { FileRecord, Store } from "../../../src/core/ports.js";
import { createSession, T0 } from "./fixtures.js";

function file(sessionId: string, overrides: Partial<FileRecord> = {}): FileRecord {
  return {
    id: `file-${sessionId}`,
    sessionId,
    connectorId: "conn-1",
    name: "reçu mai.pdf",
    contentType: "application/pdf",
    size: 12_345,
    uploadedBy: "visitor",
    deskUserId: null,
    createdAt: T0,
    ...overrides,
  };
}

/** Registers the cases; `store()` is the current case's fresh store. */
export function fileCases(store: () => Store): void {
  it("a file round-trips every field and a session's files come oldest first", async () => {
    const sid = await createSession(store());
    const later = file(sid, {
      id: "f-2",
      createdAt: T0 + 5,
      uploadedBy: "desk",
      deskUserId: "du-1",
      contentType: "image/png",
      name: "screen.png",
    });
    const first = file(sid, { id: "f-1" });
    await store().addFile(later);
    await store().addFile(first);
    expect(await store().getFile("f-2")).toEqual(later);
    expect(await store().filesOfSession(sid)).toEqual([first, later]);
    expect(await store().getFile("nope")).toBeUndefined();
    expect(await store().filesOfSession("nope")).toEqual([]);
  });

  it("files are erased with their session", async () => {
    const sid = await createSession(store());
    await store().addFile(file(sid));
    expect(await store().deleteSession(sid)).toBe(true);
    expect(await store().getFile(`file-${sid}`)).toBeUndefined();
  });

  it("names the ended sessions with files a purge would erase, then the purge erases them", async () => {
    const withFiles = await createSession(store());
    const without = await createSession(store());
    const active = await createSession(store());
    await store().addFile(file(withFiles));
    await store().addFile(file(active));
    for (const sid of [withFiles, without]) {
      await store().append(sid, [], { state: "ended", endedAt: T0 + 10 });
    }
    expect(await store().sessionsWithFilesEndedBefore(T0 + 10)).toEqual([]);
    expect(await store().sessionsWithFilesEndedBefore(T0 + 11)).toEqual([withFiles]);
    await store().purgeEndedBefore(T0 + 11);
    expect(await store().getFile(`file-${withFiles}`)).toBeUndefined();
    expect(await store().getFile(`file-${active}`)).toBeDefined();
  });
}
