// BlobStore adapters: a local directory (default) and any S3-compatible object store.
import type { S3BlobStore, S3BlobStoreOptions } from "./s3-blob-store.js";

export {
  contentDisposition,
  type FileRefusal,
  fileRefusal,
  isImageType,
  typeAllowed,
} from "./file-checks.js";
export { LocalBlobStore } from "./local-blob-store.js";
export type { S3BlobStore, S3BlobStoreOptions } from "./s3-blob-store.js";

/**
 * The S3 adapter, loaded only when a deployment configures it: the AWS SDK is large, slow to
 * load, and warns about Node versions on import, none of which a local-folder deployment needs.
 */
export async function openS3BlobStore(options: S3BlobStoreOptions): Promise<S3BlobStore> {
  const { S3BlobStore } = await import("./s3-blob-store.js");
  return new S3BlobStore(options);
}
export { type FileUrlRefusal, FileUrlSigner } from "./signed-urls.js";
