// The file settings: where attached files' bytes are kept (a local folder or an S3-compatible store) and how long their URLs last.
import { integer, option, type Parser, secret, text } from "./parsers.js";

/** Empty, or an `http(s)://` URL of an S3-compatible endpoint. */
const endpoint: Parser<string> = (raw) => {
  const value = raw.trim();
  if (value === "") return { ok: true, value };
  try {
    const url = new URL(value);
    if (url.protocol === "http:" || url.protocol === "https:") return { ok: true, value };
  } catch {
    // falls through to the problem
  }
  return { ok: false, problem: "must be an http(s):// URL of an S3-compatible endpoint, or empty" };
};

/** Where attached files are kept. */
export const FILE_OPTIONS = {
  filesDir: option({
    env: "SWITCHBOARD_FILES_DIR",
    default: "",
    parse: text,
    doc: "Folder for attached files' bytes when no S3 endpoint is set; empty: `<data dir>/files`. Several processes need the same folder (a shared volume), or an S3 endpoint.",
  }),
  filesS3Endpoint: option({
    env: "SWITCHBOARD_FILES_S3_ENDPOINT",
    default: "",
    parse: endpoint,
    doc: "When set (`https://s3.eu-west-1.amazonaws.com`, a MinIO or R2 URL), attached files are kept in this S3-compatible store instead of the folder (path-style requests, SigV4).",
  }),
  filesS3Bucket: option({
    env: "SWITCHBOARD_FILES_S3_BUCKET",
    default: "",
    parse: text,
    doc: "Bucket of the S3 store (required with an endpoint).",
  }),
  filesS3Region: option({
    env: "SWITCHBOARD_FILES_S3_REGION",
    default: "us-east-1",
    parse: text,
    doc: "Region the S3 requests are signed for.",
  }),
  filesS3Prefix: option({
    env: "SWITCHBOARD_FILES_S3_PREFIX",
    default: "",
    parse: text,
    doc: "Key prefix inside the bucket (`switchboard/`), so several deployments can share one bucket.",
  }),
  filesS3AccessKeyId: option({
    env: "SWITCHBOARD_FILES_S3_ACCESS_KEY_ID",
    default: "",
    parse: text,
    doc: "Access key id of the S3 store (required with an endpoint).",
  }),
  filesS3SecretAccessKey: option({
    env: "SWITCHBOARD_FILES_S3_SECRET_ACCESS_KEY",
    default: "",
    parse: secret(8, "the S3 store"),
    doc: "Secret access key of the S3 store (required with an endpoint); never printed.",
  }),
  fileUrlTtl: option({
    env: "SWITCHBOARD_FILE_URL_TTL_SECONDS",
    default: 3600,
    parse: integer(60, 7 * 24 * 3600),
    unit: "s",
    doc: "How long a signed file URL stays valid; clients ask for a fresh one after that.",
  }),
} as const;
