// The BlobStore adapters on real backends: a local directory, and the S3 adapter against a loopback S3 that checks SigV4.
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LocalBlobStore } from "../../src/blobs/index.js";
import { S3BlobStore } from "../../src/blobs/s3-blob-store.js";
import { describeBlobStoreContract } from "../support/blob-store-contract.js";
import { FakeS3, S3_ACCESS_KEY, S3_BUCKET, S3_REGION, S3_SECRET_KEY } from "../support/fake-s3.js";

const dirs: string[] = [];
let s3: FakeS3;
beforeAll(async () => {
  s3 = await FakeS3.start();
});
afterAll(async () => {
  await s3.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function localDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "switchboard-blobs-"));
  dirs.push(dir);
  return dir;
}

let prefixes = 0;
function s3Store(secret = S3_SECRET_KEY): S3BlobStore {
  prefixes += 1;
  return new S3BlobStore({
    endpoint: s3.endpoint,
    bucket: S3_BUCKET,
    region: S3_REGION,
    accessKeyId: S3_ACCESS_KEY,
    secretAccessKey: secret,
    prefix: `t${prefixes}/`,
  });
}

describeBlobStoreContract("local directory", async () => new LocalBlobStore(localDir()));
describeBlobStoreContract("S3", async () => s3Store());

describe("local directory", () => {
  it("leaves no partial file behind and keeps blobs one level under their session", async () => {
    const dir = localDir();
    const store = new LocalBlobStore(dir);
    await store.put("sess/file", new Uint8Array([1, 2]), "text/plain");
    expect(readdirSync(dir)).toEqual(["sess"]);
    expect(readdirSync(join(dir, "sess"))).toEqual(["file"]);
  });
});

describe("S3 adapter", () => {
  it("signs every request with SigV4 (the stand-in S3 verified each one) and sends the content type", async () => {
    const store = s3Store();
    const from = s3.requests.length;
    await store.put("sess/pic", new Uint8Array([137, 80, 78, 71]), "image/png");
    expect(await store.get("sess/pic")).toEqual(new Uint8Array([137, 80, 78, 71]));
    await store.deleteSession("sess");
    const seen = s3.requests.slice(from);
    expect(seen.map((r) => r.method)).toEqual(["PUT", "GET", "GET", "POST"]);
    expect(seen.every((r) => r.signed)).toBe(true);
    expect([...s3.objects.keys()].some((k) => k.endsWith("sess/pic"))).toBe(false);
  });

  it("fails loudly when the signature is wrong (a wrong secret), and stores nothing", async () => {
    const store = s3Store("not-the-secret-0123456789abcdefghijklmn");
    const before = s3.objects.size;
    await expect(store.put("sess/x", new Uint8Array([1]), "text/plain")).rejects.toThrow();
    expect(s3.requests.at(-1)).toMatchObject({
      signed: false,
      problem: "signature does not match",
    });
    expect(s3.objects.size).toBe(before);
  });
});
