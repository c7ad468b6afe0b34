// The security headers of the pages we serve (demo page, console): CSP without inline script, framing rules.

/**
 * Scripts only from this origin, never inline; styles may be inline (Lit's style bindings);
 * images from anywhere over http(s) (attachments and avatars are links to elsewhere);
 * connections (API, WebSocket) only to this origin.
 */
function contentSecurityPolicy(frameAncestors: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob: https: http:",
    "connect-src 'self'",
    "font-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    `frame-ancestors ${frameAncestors}`,
  ].join("; ");
}

/**
 * Headers for a page that pages matching `frameAncestors` may frame (`'none'`: nobody).
 * `X-Frame-Options` says the same to browsers that predate `frame-ancestors`, where it can.
 */
export function pageSecurityHeaders(frameAncestors: string): Record<string, string> {
  const headers: Record<string, string> = {
    "Content-Security-Policy": contentSecurityPolicy(frameAncestors),
    "Referrer-Policy": "no-referrer",
  };
  if (frameAncestors === "'none'") headers["X-Frame-Options"] = "DENY";
  if (frameAncestors === "'self'") headers["X-Frame-Options"] = "SAMEORIGIN";
  return headers;
}
