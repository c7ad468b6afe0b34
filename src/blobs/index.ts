// BlobStore adapters: a local directory (default) and any S3-compatible object store.

export {
  contentDisposition,
  type FileRefusal,
  fileRefusal,
  isImageType,
  typeAllowed,
} from "./file-checks.js";
export { LocalBlobStore } from "./local-blob-store.js";
export { S3BlobStore, type S3BlobStoreOptions } from "./s3-blob-store.js";
export { type FileUrlRefusal, FileUrlSigner } from "./signed-urls.js";
