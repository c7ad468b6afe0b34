// The desk's read marker: POST /desk/v1/sessions/{id}/seen records LIVE_AGENT_SEEN for the holder,
// only when it reads further, and is refused to anyone else or with a bad body.
import { describe, expect, it } from "vitest";
import { addQueue, onlineDesk, queuedClient, typesFrom } from "../support/desk.js";
import { startTestServer } from "../support/server.js";
import { closeAfterEach } from "../support/teardown.js";

const track = closeAfterEach();

describe("the desk's read marker", () => {
  it("records how far the holder has read, once per advance, and refuses others and bad bodies", async () => {
    const t = track(await startTestServer());
    await addQueue(t, "support");
    const holder = await onlineDesk(t, { name: "Rosa", queues: ["support"] });
    const other = await onlineDesk(t, { name: "Ivo", queues: ["support"] });
    track(holder.socket);
    track(other.socket);
    const { client, sessionId } = await queuedClient(t);
    track(client);
    expect(
      (await other.api.request("POST", `/sessions/${sessionId}/seen`, { up_to_sequence: 1 }))
        .status,
    ).toBe(404);
    expect((await holder.api.accept(sessionId)).status).toBe(200);
    const lastUser = client.events.filter((e) => e.type === "EVENT_TYPE_USER_MESSAGE").at(-1);
    const upTo = lastUser?.sequence as number;
    const from = client.events.length;
    const seen = (body: unknown) => holder.api.request("POST", `/sessions/${sessionId}/seen`, body);
    expect((await seen({ up_to_sequence: upTo })).status).toBe(204);
    const marker = await client.waitFor("EVENT_TYPE_LIVE_AGENT_SEEN", 5_000, from);
    expect(marker.payload).toEqual({
      agent_id: holder.user.id,
      agent_name: "Rosa",
      up_to_sequence: upTo,
    });
    expect(typeof marker.sequence).toBe("number");
    // Not further than before (or past the end, clamped): nothing new is recorded.
    expect((await seen({ up_to_sequence: upTo })).status).toBe(204);
    expect((await seen({ up_to_sequence: 1 })).status).toBe(204);
    for (const bad of [
      {},
      { up_to_sequence: 0 },
      { up_to_sequence: 1.5 },
      { up_to_sequence: "3" },
    ]) {
      expect((await seen(bad)).status).toBe(400);
    }
    client.send("EVENT_TYPE_USER_MESSAGE", { text: "still there?" });
    const echo = await client.waitFor("EVENT_TYPE_USER_MESSAGE", 5_000, from + 1);
    expect((await seen({ up_to_sequence: 1_000_000 })).status).toBe(204);
    const again = await client.waitFor(
      "EVENT_TYPE_LIVE_AGENT_SEEN",
      5_000,
      client.events.indexOf(echo),
    );
    expect(again.payload.up_to_sequence).toBe(echo.sequence);
    expect(
      typesFrom(client, from).filter((type) => type === "EVENT_TYPE_LIVE_AGENT_SEEN"),
    ).toHaveLength(2);
  });
});
