// Opens the blob store the configuration names: an S3-compatible store, or a folder (default).
import { join } from "node:path";
import { LocalBlobStore, openS3BlobStore } from "../blobs/index.js";
import type { Config } from "../config/index.js";
import { type BlobStore, type Clock, fileUrlKey, type Store } from "../core/index.js";
import { FileService } from "../files/index.js";

/** The deployment's blob store; throws a clear error when the S3 settings are incomplete. */
export async function openBlobStore(config: Config): Promise<BlobStore> {
  if (config.filesS3Endpoint === "")
    return new LocalBlobStore(config.filesDir || join(config.dataDir, "files"));
  const missing = (
    [
      ["SWITCHBOARD_FILES_S3_BUCKET", config.filesS3Bucket],
      ["SWITCHBOARD_FILES_S3_ACCESS_KEY_ID", config.filesS3AccessKeyId],
      ["SWITCHBOARD_FILES_S3_SECRET_ACCESS_KEY", config.filesS3SecretAccessKey],
    ] as const
  )
    .filter(([, value]) => value === "")
    .map(([name]) => name);
  if (missing.length > 0)
    throw new Error(`SWITCHBOARD_FILES_S3_ENDPOINT is set but ${missing.join(", ")} is not`);
  return openS3BlobStore({
    endpoint: config.filesS3Endpoint,
    bucket: config.filesS3Bucket,
    region: config.filesS3Region,
    accessKeyId: config.filesS3AccessKeyId,
    secretAccessKey: config.filesS3SecretAccessKey,
    prefix: config.filesS3Prefix,
  });
}

/** The blob store and the file service over it, signing with the key every process shares. */
export async function openFiles(
  config: Config,
  store: Store,
  clock: Clock,
  onError: (error: unknown, context: string) => void,
): Promise<{ blobs: BlobStore; files: FileService; setBaseUrl(url: string): void }> {
  const blobs = await openBlobStore(config);
  let base = config.publicUrl.replace(/\/+$/, "");
  const files = new FileService({
    store,
    blobs,
    clock,
    key: await fileUrlKey(store, clock.now()),
    ttlMs: config.fileUrlTtl * 1000,
    baseUrl: () => base,
    onError,
  });
  return { blobs, files, setBaseUrl: (url) => (base = url.replace(/\/+$/, "")) };
}
