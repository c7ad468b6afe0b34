// Attached files: uploads checked and kept, signed download URLs, the download route.
export { registerDownloadRoute, sendFileFailure } from "./download-route.js";
export {
  type FileFailure,
  type FileJson,
  FileService,
  type FileServiceDeps,
  type Upload,
} from "./file-service.js";
