// What an upload may be: a connector's size and type limits, checked against the bytes themselves.
import type { FileLimits } from "../core/index.js";

/** Why an upload was refused. */
export type FileRefusal =
  | "file_too_large"
  | "file_type_not_allowed"
  | "file_content_mismatch"
  | "file_empty";

// Types whose first bytes are fixed: a file claiming one must start with them (no HTML sent as a PNG).
const SIGNATURES: Record<string, (b: Uint8Array) => boolean> = {
  "image/png": (b) => starts(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  "image/jpeg": (b) => starts(b, [0xff, 0xd8, 0xff]),
  "image/gif": (b) => starts(b, [0x47, 0x49, 0x46, 0x38]),
  "image/webp": (b) =>
    starts(b, [0x52, 0x49, 0x46, 0x46]) && starts(b.subarray(8), [0x57, 0x45, 0x42, 0x50]),
  "application/pdf": (b) => starts(b, [0x25, 0x50, 0x44, 0x46, 0x2d]),
};

/** The refusal for `body` claimed as `contentType` under `limits`, or undefined when it may be kept. */
export function fileRefusal(
  body: Uint8Array,
  contentType: string,
  limits: Pick<FileLimits, "maxBytes" | "types">,
): FileRefusal | undefined {
  if (body.byteLength === 0) return "file_empty";
  if (body.byteLength > limits.maxBytes) return "file_too_large";
  const type = contentType.split(";")[0]?.trim().toLowerCase() ?? "";
  if (!typeAllowed(type, limits.types)) return "file_type_not_allowed";
  const signature = SIGNATURES[type];
  if (signature && !signature(body)) return "file_content_mismatch";
  return undefined;
}

/** Whether `type` is one of `allowed` (exactly, or under a `type/*`). */
export function typeAllowed(type: string, allowed: readonly string[]): boolean {
  return allowed.some((a) => a === type || (a.endsWith("/*") && type.startsWith(a.slice(0, -1))));
}

/** Whether the type is shown inline as an image (the rest are downloads). */
export function isImageType(type: string): boolean {
  return type in SIGNATURES && type.startsWith("image/");
}

/**
 * A `Content-Disposition` value: `inline` for images, `attachment` otherwise, with an ASCII
 * fallback name and the UTF-8 one (RFC 6266 / 5987); quotes, slashes and controls never pass.
 */
export function contentDisposition(fileName: string, type: string): string {
  const kind = isImageType(type) ? "inline" : "attachment";
  const safe =
    [...fileName]
      .map((c) =>
        c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f || '"\\/'.includes(c) ? "_" : c,
      )
      .join("")
      .slice(0, 200) || "file";
  const ascii = safe.replace(/[^\x20-\x7e]/g, "_");
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(safe)}`;
}

function starts(b: Uint8Array, prefix: number[]): boolean {
  return prefix.every((byte, i) => b[i] === byte);
}
