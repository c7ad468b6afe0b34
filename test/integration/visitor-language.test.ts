// The server's own texts to a visitor follow the session's language: queue status and a failed handoff
// for a French session, the spec's English for a session without a language of its own.
import { describe, expect, it } from "vitest";
import { askForHuman, joinedClient } from "../support/conversation.js";
import { addQueue, onlineDesk } from "../support/desk.js";
import { startTestServer } from "../support/server.js";
import { closeAfterEach } from "../support/teardown.js";

const track = closeAfterEach();

async function frenchVisitor(t: Parameters<typeof joinedClient>[0]) {
  const joined = await joinedClient(t);
  track(joined.client);
  await askForHuman(joined.client, "EVENT_TYPE_LANGUAGE_CHANGED", "Bonjour");
  return joined;
}

describe("the server's texts in the session's language", () => {
  it("tells a French session its place in the queue in French, an English one in English", async () => {
    const t = track(await startTestServer());
    await addQueue(t, "support");
    track((await onlineDesk(t, { queues: ["support"] })).socket);
    const english = await joinedClient(t);
    track(english.client);
    const englishStatus = await askForHuman(english.client, "EVENT_TYPE_HANDOFF_QUEUE_STATUS");
    expect(englishStatus.at(-1)?.payload.display_message).toBe("You are next in line.");

    const french = await frenchVisitor(t);
    const events = await askForHuman(
      french.client,
      "EVENT_TYPE_HANDOFF_QUEUE_STATUS",
      "Je voudrais un agent, une personne",
    );
    expect(events.at(-1)?.payload).toMatchObject({
      position_in_queue: 2,
      display_message: "Vous êtes n° 2 dans la file.",
    });
  });

  it("says that a handoff failed in French to a French session", async () => {
    const t = track(await startTestServer());
    const french = await frenchVisitor(t);
    const events = await askForHuman(
      french.client,
      (e) => e.type === "EVENT_TYPE_SYSTEM_MESSAGE",
      "Je voudrais un agent, une personne",
    );
    expect(events.map((e) => e.type)).toContain("EVENT_TYPE_HANDOFF_FAILED");
    expect(events.at(-1)?.payload).toEqual({
      level: "SYSTEM_MESSAGE_LEVEL_ERROR",
      message:
        "Désolé, nous n'avons pas pu vous mettre en relation avec un conseiller. Veuillez réessayer.",
    });
  });
});
