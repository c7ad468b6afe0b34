// Signed file URLs (expiry, tampering, other keys) and upload checks (size, type, content, names).
import { describe, expect, it } from "vitest";
import { contentDisposition, FileUrlSigner, fileRefusal } from "../../src/blobs/index.js";
import { DEFAULT_FILE_LIMITS } from "../../src/core/index.js";

const KEY = "a-file-url-key-of-at-least-32-characters!";
const NOW = 1_800_000_000_000;
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);

function parts(path: string) {
  const url = new URL(path, "http://x");
  return {
    exp: url.searchParams.get("exp") ?? undefined,
    sig: url.searchParams.get("sig") ?? undefined,
  };
}

describe("signed file URLs", () => {
  const signer = new FileUrlSigner(KEY);

  it("verifies until they expire, in any process with the same key", () => {
    const path = signer.path("f1", "receipt été.pdf", NOW + 60_000);
    expect(path).toMatch(/^\/files\/f1\/receipt%20%C3%A9t%C3%A9\.pdf\?exp=\d+&sig=[0-9a-f]{64}$/);
    const { exp, sig } = parts(path);
    expect(new FileUrlSigner(KEY).verify("f1", exp, sig, NOW)).toEqual({ ok: true });
    expect(signer.verify("f1", exp, sig, NOW + 60_000)).toEqual({
      ok: false,
      reason: "file_url_expired",
    });
  });

  it("refuses another file's signature, a changed expiry, another key and garbage", () => {
    const { exp, sig } = parts(signer.path("f1", "a.png", NOW + 60_000));
    const bad = { ok: false, reason: "file_url_bad_signature" };
    expect(signer.verify("f2", exp, sig, NOW)).toEqual(bad);
    expect(signer.verify("f1", String(Number(exp) + 3600), sig, NOW)).toEqual(bad);
    expect(new FileUrlSigner(`${KEY}x`).verify("f1", exp, sig, NOW)).toEqual(bad);
    expect(signer.verify("f1", "1e9", sig, NOW)).toEqual(bad);
    expect(signer.verify("f1", exp, undefined, NOW)).toEqual(bad);
    expect(signer.verify("f1", exp, "00", NOW)).toEqual(bad);
  });

  it("needs a key of at least 32 characters", () => {
    expect(() => new FileUrlSigner("short")).toThrow();
  });
});

describe("upload checks", () => {
  it("keeps a real PNG and refuses empty, too large, unlisted and disguised files", () => {
    expect(fileRefusal(PNG, "image/png", DEFAULT_FILE_LIMITS)).toBeUndefined();
    expect(fileRefusal(new Uint8Array(), "image/png", DEFAULT_FILE_LIMITS)).toBe("file_empty");
    expect(fileRefusal(PNG, "image/png", { maxBytes: 4, types: ["image/png"] })).toBe(
      "file_too_large",
    );
    expect(fileRefusal(PNG, "text/html", DEFAULT_FILE_LIMITS)).toBe("file_type_not_allowed");
    const html = new TextEncoder().encode("<script>alert(1)</script>");
    expect(fileRefusal(html, "image/png", DEFAULT_FILE_LIMITS)).toBe("file_content_mismatch");
    expect(fileRefusal(PNG, "image/png", { maxBytes: 100, types: ["image/*"] })).toBeUndefined();
  });

  it("names downloads safely: images inline, the rest as attachments, quotes and slashes replaced", () => {
    expect(contentDisposition("photo.png", "image/png")).toBe(
      `inline; filename="photo.png"; filename*=UTF-8''photo.png`,
    );
    expect(contentDisposition('../"évil"\r\n.pdf', "application/pdf")).toBe(
      "attachment; filename=\"..___vil___.pdf\"; filename*=UTF-8''..__%C3%A9vil___.pdf",
    );
  });
});
