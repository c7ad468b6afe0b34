// Internal notes stay on the desk side; a conversation handed to a named colleague arrives with its note.
import { beforeAll, describe, expect, it } from "vitest";
import { connect } from "../support/conversation.js";
import { addQueue, onlineDesk, queuedClient } from "../support/desk.js";
import { closeAfterEach } from "../support/teardown.js";
import { BACKEND_NAMES, type BackendName, startTestServerOn } from "../support/test-backends.js";

const track = closeAfterEach();
/** The store the servers of the running describe block use. */
let onStore: BackendName = "sqlite";

describe.each(BACKEND_NAMES)("internal notes and named transfers on %s", (name) => {
  beforeAll(() => {
    onStore = name;
  });
  it("keeps notes from the visitor, and hands the chat to a colleague who sees the note first", async () => {
    const t = track(await startTestServerOn(onStore));
    await addQueue(t, "support");
    const ada = await onlineDesk(t, { name: "Ada" });
    const bob = await onlineDesk(t, { name: "Bob" });
    track(ada.socket);
    track(bob.socket);
    const { client, sessionId, token } = await queuedClient(t);
    track(client);
    expect((await ada.api.accept(sessionId)).status).toBe(200);

    const note = await ada.api.request("POST", `/sessions/${sessionId}/notes`, {
      text: "VIP customer: refund already approved",
    });
    expect(note.status).toBe(201);
    expect(note.json).toMatchObject({ author: { name: "Ada" }, transfer_to: null });
    expect(
      (await bob.api.request("POST", `/sessions/${sessionId}/notes`, { text: "x" })).status,
    ).toBe(404);

    await bob.api.request("PUT", "/me/status", { status: "away" });
    const refused = await ada.api.request("POST", `/sessions/${sessionId}/transfer`, {
      desk_user: bob.user.id,
    });
    expect((refused.json as { code: string }).code).toBe("desk_colleague_unavailable");
    await bob.api.request("PUT", "/me/status", { status: "online" });
    const moved = await ada.api.request("POST", `/sessions/${sessionId}/transfer`, {
      desk_user: bob.user.id,
      note: "Bob, over to you: they want the tracking number",
    });
    expect(moved.status).toBe(204);
    const assigned = await bob.socket.waitFor(
      (f) => f.type === "assigned" && f.session_id === sessionId,
    );
    expect(assigned).toMatchObject({
      from: { id: ada.user.id, name: "Ada" },
      note: { text: "Bob, over to you: they want the tracking number", transfer_to: bob.user.id },
    });
    await ada.socket.waitFor((f) => f.type === "unassigned" && f.reason === "transferred");
    await client.waitFor(
      (e) => e.type === "EVENT_TYPE_LIVE_AGENT_JOINED" && e.payload.agent_name === "Bob",
    );
    expect((await bob.api.message(sessionId, { text: "Hi, Bob here" })).status).toBe(201);
    expect((await ada.api.message(sessionId, { text: "still me?" })).status).toBe(404);

    const transcript = await bob.api.events(sessionId);
    expect((transcript.json as { notes: { text: string }[] }).notes.map((n) => n.text)).toEqual([
      "VIP customer: refund already approved",
      "Bob, over to you: they want the tracking number",
    ]);
    // The visitor's own view, live and replayed from the start, never carries a note.
    expect(JSON.stringify(client.events)).not.toContain("VIP customer");
    const replay = track(await connect(t, { token, sessionId }));
    await replay.waitFor((e) => e.payload.text === "Hi, Bob here");
    expect(JSON.stringify(replay.events)).not.toContain("refund already approved");
    expect(JSON.stringify(replay.events)).not.toContain("over to you");
  });
});
