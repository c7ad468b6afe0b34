// The security settings: trusted proxies, CORS and framing, token clock skew, metrics protection.
import {
  addressList,
  frameAncestors,
  integer,
  listenAddress,
  option,
  originList,
  secret,
} from "./parsers.js";

/** Loopback, RFC 1918 and RFC 4193 ranges: where reverse proxies live (the usual default). */
const PRIVATE_NETWORKS: readonly string[] = Object.freeze([
  "127.0.0.0/8",
  "::1",
  "10.0.0.0/8",
  "172.16.0.0/12",
  "192.168.0.0/16",
  "fc00::/7",
]);

/** Who is trusted with what: proxies, browser origins, framing pages, metrics scrapers. */
export const SECURITY_OPTIONS = {
  trustedProxies: option({
    env: "SWITCHBOARD_TRUSTED_PROXIES",
    default: PRIVATE_NETWORKS,
    parse: addressList,
    doc: "Comma-separated addresses or CIDR ranges of reverse proxies whose `X-Forwarded-For` is believed; per-client limits then key a request by the last hop before them. By default loopback and private networks (a proxy in front of the server usually is one; a client on the internet never is); empty: always the socket's peer, `X-Forwarded-For` ignored.",
  }),
  corsOrigins: option({
    env: "SWITCHBOARD_CORS_ORIGINS",
    default: [] as readonly string[],
    parse: originList,
    doc: "Comma-separated origins (`https://ops.example.com`) whose pages may call the admin and desk APIs cross-origin; preflights and responses both follow it. Empty: no cross-origin access (the console is served from the same origin and needs none). The public API allows any origin and checks it against the connector's host.",
  }),
  demoFrameAncestors: option({
    env: "SWITCHBOARD_DEMO_FRAME_ANCESTORS",
    default: "'none'",
    parse: frameAncestors,
    doc: "The CSP `frame-ancestors` of the demo page: `'none'` (not framable), `'self'`, or space-separated origins such as `https://www.example.com`. The console is never framable.",
  }),
  tokenClockSkew: option({
    env: "SWITCHBOARD_TOKEN_CLOCK_SKEW_SECONDS",
    default: 60,
    parse: integer(0, 3600),
    unit: "s",
    doc: "An access token whose `iat` lies further than this in the future is refused; stops tokens minted on a machine with a wrong clock, or forged with a far-future `iat`, from outliving their lifetime.",
  }),
  contextTokenClockSkew: option({
    env: "SWITCHBOARD_CONTEXT_TOKEN_CLOCK_SKEW_SECONDS",
    default: 5,
    parse: integer(0, 60),
    unit: "s",
    doc: "Clock difference allowed between the company's signer and this server when checking a verified-context token's `iat` and `exp`; keeps the 30 s lifetime meaningful while tolerating small drift.",
  }),
  secretsKey: option({
    env: "SWITCHBOARD_SECRETS_KEY",
    default: "",
    parse: secret(32, "stored secrets"),
    doc: "Key that seals secrets the server must read back (verified-context signing secrets) before they are stored. Required with PostgreSQL, the same in every process (a process given another key than the one the store's secrets were sealed with refuses to start). With SQLite it may be left unset: one is generated on first start and kept in `<data dir>/secrets-key`.",
  }),
  metricsToken: option({
    env: "SWITCHBOARD_METRICS_TOKEN",
    default: "",
    parse: secret(16, "the metrics"),
    doc: "When set, `/metrics` needs `Authorization: Bearer <token>` (401 otherwise).",
  }),
  metricsAddress: option({
    env: "SWITCHBOARD_METRICS_ADDRESS",
    default: "",
    parse: listenAddress,
    doc: "When set (`127.0.0.1:9464`), `/metrics` is served only on this separate address, e.g. one only the scraper can reach, and the main port answers 404 for it.",
  }),
} as const;
