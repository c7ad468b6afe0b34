// Webhook agent metrics on /metrics: a real call to a real bot, then the bot gone (retries, breaker, fallbacks).
import { beforeEach, describe, expect, it } from "vitest";
import { connect, isAgentMessageEnd, newSession, say } from "../support/conversation.js";
import { sampleValue } from "../support/prometheus-text.js";
import { startTestServer, type TestServer } from "../support/server.js";
import { closeAfterEach } from "../support/teardown.js";
import {
  addWebhookAgent,
  json,
  WebhookBackend,
  webhookDefinition,
} from "../support/webhook-backend.js";

const track = closeAfterEach();
let t: TestServer;
let bot: WebhookBackend;

beforeEach(async () => {
  t = track(await startTestServer());
  bot = track(await WebhookBackend.start());
});

async function metrics(): Promise<string> {
  return (await fetch(`${t.url}/metrics`)).text();
}

describe("webhook agent metrics", () => {
  it("count a real call, then an outage: failed requests, the retry, the breaker opening and the fallbacks", async () => {
    bot.handler = (_request, res) => json(res, 200, { messages: [{ text: "Hello there" }] });
    const refs = await addWebhookAgent(
      t,
      webhookDefinition(bot, {
        retries: 1,
        circuit_breaker: { failures: 2, cooldown_ms: 600_000 },
        fallback: { message: { text: "Back soon." } },
      }),
    );
    const agent = refs.agentId;
    const ref = await newSession(t, { connectorToken: refs.connectorToken });
    const client = track(await connect(t, ref));
    await client.waitFor("EVENT_TYPE_SESSION_START");
    client.send("EVENT_TYPE_REQUEST_POLY_AGENT_JOIN");
    expect((await client.waitFor(isAgentMessageEnd)).payload.text).toBe("Hello there");

    let m = await metrics();
    const ok = { agent, outcome: "ok" };
    expect(sampleValue(m, "switchboard_webhook_requests_total", ok)).toBe(1);
    expect(sampleValue(m, "switchboard_webhook_request_seconds_count", ok)).toBe(1);
    expect(sampleValue(m, "switchboard_webhook_breaker_state", { agent, state: "closed" })).toBe(1);
    expect(sampleValue(m, "switchboard_webhook_breaker_state", { agent, state: "open" })).toBe(0);
    expect(sampleValue(m, "switchboard_webhook_fallbacks_total", { agent })).toBeUndefined();

    // The bot's server goes away: connections are refused.
    await bot.close();
    expect((await say(client, "one")).reply.payload.text).toBe("Back soon.");
    expect((await say(client, "two")).reply.payload.text).toBe("Back soon.");

    m = await metrics();
    const refused = { agent, outcome: "network_error" };
    // "one": the first attempt and its one retry both fail, which opens the breaker (2 in a row);
    // "two" is not sent at all.
    expect(sampleValue(m, "switchboard_webhook_requests_total", refused)).toBe(2);
    expect(sampleValue(m, "switchboard_webhook_request_seconds_count", refused)).toBe(2);
    expect(sampleValue(m, "switchboard_webhook_retries_total", refused)).toBe(1);
    expect(sampleValue(m, "switchboard_webhook_breaker_opened_total", { agent })).toBe(1);
    expect(sampleValue(m, "switchboard_webhook_breaker_state", { agent, state: "open" })).toBe(1);
    expect(sampleValue(m, "switchboard_webhook_breaker_state", { agent, state: "closed" })).toBe(0);
    const fallback = (reason: string) => ({ agent, reason, action: "message" });
    expect(sampleValue(m, "switchboard_webhook_fallbacks_total", fallback("failed"))).toBe(1);
    expect(sampleValue(m, "switchboard_webhook_fallbacks_total", fallback("circuit_open"))).toBe(1);
    expect(sampleValue(m, "switchboard_webhook_requests_total", ok)).toBe(1);
  });
});
