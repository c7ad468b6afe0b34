// A complete example webhook definition, as docs/agents.md and docs/webhook-agents.md show it.

/** A fresh copy of the example webhook definition; a unit test keeps it valid. */
export function exampleWebhookDefinition(): Record<string, unknown> {
  return {
    kind: "webhook",
    name: "Ada",
    avatar_url: "https://example.com/ada.png",
    url: "https://bot.example.com/switchboard",
    secret_env: "ADA_WEBHOOK_SECRET",
    headers: { "X-Bot-Version": "2" },
    timeout_ms: 10000,
    retries: 2,
    backoff_ms: 250,
    circuit_breaker: { failures: 5, cooldown_ms: 30000 },
    fallback: {
      message: { text: "Our assistant is unavailable right now. Let me find a person for you." },
      handoff: { queue: "support", reason: "bot unavailable" },
    },
    deadline_ms: 30000,
    interrupt: false,
    history: { unit: "characters", limit: 8000 },
    on_handoff_failure: "rejoin",
    default_language: "en",
  };
}
