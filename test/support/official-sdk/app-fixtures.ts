// A server set up as a mobile app would use it: an app-id connector, an agent with tricky texts, queues.
import { generateSecretToken, hashToken } from "../../../src/auth/index.js";
import type { ChunkJoinSetting, HandoffConfig } from "../../../src/core/index.js";
import { addQueue } from "../desk.js";
import type { TestServer } from "../server.js";

/** The app's bundle id, registered as the connectors' host and sent by the SDK as X-Host. */
export const APP_ID = "com.example.shop";

/**
 * The agent's texts. Double spaces, newlines and markdown catch any layout that is not exact:
 * the official SDKs join chunk texts with one space, so a wrong cut shows as a changed text.
 */
export const TEXTS = {
  greeting: "Hi, I'm **Ada**.  Ask me about opening hours,\nor ask for a human.",
  hours:
    "We are open **9 to 5**, Monday to Friday.\n\n- [Map](https://example.com/map)\n- Call 0800  123 456 any time.",
  handoff: "Let me connect you with a person.",
  rejoin: "I'm back.  How else can I help?",
  bye: "Goodbye! Thanks for chatting.",
  fallback: "Sorry, I did not get that. Try asking about our opening hours.",
} as const;

function definition(): Record<string, unknown> {
  return {
    kind: "rules",
    name: "Ada",
    avatar_url: "https://example.com/ada.png",
    greeting: { text: TEXTS.greeting, response_suggestions: [{ message_text: "Opening hours" }] },
    fallback: { text: TEXTS.fallback },
    rules: [
      {
        match: { keywords: ["opening hours", "hours"] },
        reply: {
          text: TEXTS.hours,
          attachments: [
            {
              title: "Map",
              content_url: "https://example.com/map",
              content_type: "ATTACHMENT_CONTENT_TYPE_URL",
            },
          ],
        },
      },
      {
        match: { keywords: ["human", "person"] },
        reply: { text: TEXTS.handoff },
        action: { type: "handoff" },
      },
      { match: { regex: "^bye\\b" }, reply: { text: TEXTS.bye }, action: { type: "end" } },
    ],
    rejoin: { text: TEXTS.rejoin },
  };
}

let count = 0;

/** A connector for the app (host APP_ID) on its own copy of the agent; returns its token. */
export async function appConnector(
  t: TestServer,
  handoff: HandoffConfig,
  chunkJoin: ChunkJoinSetting = "auto",
): Promise<string> {
  count += 1;
  const id = `app-${count}-${Math.random().toString(36).slice(2, 8)}`;
  const token = generateSecretToken("sbc_");
  const now = Date.now();
  await t.server.store.createAgent({
    id,
    name: "Ada",
    definition: definition(),
    keyHash: null,
    createdAt: now,
    updatedAt: now,
  });
  await t.server.store.createConnector({
    id,
    name: id,
    host: APP_ID,
    agentId: id,
    handoff,
    chunkJoin,
    tokenHash: hashToken(token),
    createdAt: now,
    updatedAt: now,
  });
  return token;
}

/** The queues the flows hand over to. */
export async function appQueues(t: TestServer): Promise<void> {
  await addQueue(t, "support");
  await addQueue(t, "billing");
}
