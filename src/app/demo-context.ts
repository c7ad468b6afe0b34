// DEMO ONLY: a signing key for the demo connector and the signer behind POST /demo/context-token.
// A real site signs on its own backend, for its logged-in visitor; this one vouches for anybody.
import { SignJWT } from "jose";
import type { ContextKeys } from "../auth/index.js";
import type { Config } from "../config/index.js";

const DEMO_KID = "demo";
/** The made-up visitor the demo vouches for. */
const DEMO_VISITOR = Object.freeze({
  name: "Demo Visitor",
  customer_id: "demo-42",
  account_tier: "premium",
});

/**
 * Gives the demo connector its context key (once per deployment: of processes starting together
 * the first adds it, the others read it back sealed from the store) and returns the signer of
 * the demo page's tokens; null when there is no demo connector.
 */
export async function demoContextSigner(
  config: Config,
  keys: ContextKeys,
  hasDemoConnector: () => Promise<boolean>,
  nowSeconds: () => number,
): Promise<((contextId: string) => Promise<string>) | null> {
  if (!config.demo || !(await hasDemoConnector())) return null;
  if (!(await keys.list("demo")).some((k) => k.kid === DEMO_KID)) await keys.add("demo", DEMO_KID);
  const secret = (await keys.currentSecrets("demo")).get(DEMO_KID);
  if (secret === undefined) return null;
  const key = new TextEncoder().encode(secret);
  return (contextId) => {
    const iat = nowSeconds();
    return new SignJWT({ ctx: DEMO_VISITOR })
      .setProtectedHeader({ alg: "HS256", kid: DEMO_KID })
      .setSubject(contextId)
      .setIssuedAt(iat)
      .setExpirationTime(iat + 30)
      .sign(key);
  };
}
