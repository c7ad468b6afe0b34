// BlobStore adapters: a local directory (default) and any S3-compatible object store.
export { LocalBlobStore } from "./local-blob-store.js";
export { S3BlobStore, type S3BlobStoreOptions } from "./s3-blob-store.js";
