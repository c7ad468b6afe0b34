// Attached files: per-connector limits and the shared key their URLs are signed with.
export {
  DEFAULT_FILE_LIMITS,
  type FileLimits,
  fileLimitsSettingName,
  MAX_FILE_BYTES_LIMIT,
  readFileLimits,
  writeFileLimits,
} from "./file-limits.js";
export { fileUrlKey } from "./file-url-key.js";
