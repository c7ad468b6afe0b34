// The conversation reducer: every server event's effect on the model, purely.
import { describe, expect, it } from "vitest";
import { addOutgoing, setDeliveryStatus } from "../../src/sdk/conversation-local.js";
import {
  type Conversation,
  emptyConversation,
  reduceConversation,
  type ServerEvent,
} from "../../src/sdk/index.js";
import { ev, sessionStart } from "../support/protocol-fake.js";

const reduce = (events: ServerEvent[], start: Conversation = emptyConversation("s1")) =>
  events.reduce(reduceConversation, start);

const joined = ev(
  "EVENT_TYPE_POLY_AGENT_JOINED",
  { agent_name: "Ada", agent_avatar_url: "a.png" },
  2,
);

function chunk(index: number, text: string, extra: Record<string, unknown> = {}, seq = index + 10) {
  return ev(
    "EVENT_TYPE_POLY_AGENT_MESSAGE_CHUNK",
    {
      message_id: "m1",
      text,
      chunk_index: index,
      is_complete: false,
      attachments: [],
      response_suggestions: [],
      ...extra,
    },
    seq,
  );
}

describe("conversation reducer", () => {
  it("is pure: the input is not changed and an unrelated event returns the same object", () => {
    const before = emptyConversation("s1");
    const frozen = JSON.stringify(before);
    const after = reduceConversation(before, joined);
    expect(JSON.stringify(before)).toBe(frozen);
    expect(after).not.toBe(before);
    const same = reduceConversation(after, ev("EVENT_TYPE_HEARTBEAT"));
    expect(same).toBe(after);
  });

  it("records the AI agent on join and its messages with name, avatar and suggestions", () => {
    const c = reduce([
      joined,
      ev("EVENT_TYPE_POLY_AGENT_THINKING"),
      ev(
        "EVENT_TYPE_POLY_AGENT_MESSAGE",
        {
          message_id: "m1",
          text: "Hi",
          attachments: [
            { title: "Map", content_url: "https://x", content_type: "ATTACHMENT_CONTENT_TYPE_URL" },
          ],
          response_suggestions: [{ message_text: "Hours" }, { nope: 1 }],
        },
        3,
      ),
    ]);
    expect(c.agent).toEqual({ kind: "ai", name: "Ada", avatarUrl: "a.png" });
    expect(c.thinking).toBe(false);
    expect(c.messages).toEqual([
      expect.objectContaining({
        id: "m1",
        from: "ai",
        text: "Hi",
        complete: true,
        agentName: "Ada",
        avatarUrl: "a.png",
        sequence: 3,
        suggestions: [{ message_text: "Hours" }],
        attachments: [expect.objectContaining({ title: "Map" })],
      }),
    ]);
    expect(c.suggestions).toEqual([{ message_text: "Hours" }]);
  });

  it("shows thinking until a reply, and ignores a second message with the same id", () => {
    let c = reduce([joined, ev("EVENT_TYPE_POLY_AGENT_THINKING")]);
    expect(c.thinking).toBe(true);
    const message = ev("EVENT_TYPE_POLY_AGENT_MESSAGE", { message_id: "m1", text: "a" }, 3);
    c = reduceConversation(c, message);
    expect(reduceConversation(c, { ...message, id: "other" })).toBe(c);
  });

  it("marks a message that ends the conversation, then SESSION_END sets ended", () => {
    const c = reduce([
      joined,
      ev(
        "EVENT_TYPE_POLY_AGENT_MESSAGE",
        { message_id: "m9", text: "Bye", end_conversation: true },
        3,
      ),
      ev("EVENT_TYPE_SESSION_END", { reason: "REASON_NATURAL_END" }, 4),
    ]);
    expect(c.messages[0]?.endsConversation).toBe(true);
    expect(c.ended).toEqual({ reason: "REASON_NATURAL_END" });
  });

  it("tracks the user's message from sending to sent by its client_event_id, keeping the id", () => {
    let c = addOutgoing(reduce([joined]), { id: "local-1", text: "hello", timestamp: "t0" });
    expect(c.messages.at(-1)).toMatchObject({ id: "local-1", status: "sending", sequence: null });
    c = setDeliveryStatus(c, "local-1", "failed");
    expect(c.messages.at(-1)?.status).toBe("failed");
    const echo = ev("EVENT_TYPE_USER_MESSAGE", { text: "hello", message_id: "srv-1" }, 3, {
      metadata: { custom: { client_event_id: "local-1" } },
    });
    c = reduceConversation(c, echo);
    expect(c.messages).toHaveLength(1);
    expect(c.messages[0]).toMatchObject({ id: "local-1", status: "sent", sequence: 3 });
    // A repeated echo (the server answering a retry) changes nothing; sent never goes back.
    expect(reduceConversation(c, echo)).toBe(c);
    expect(setDeliveryStatus(c, "local-1", "failed")).toBe(c);
  });

  it("adds echoes of messages it never sent (history replay), with local_id as the id", () => {
    const c = reduce([
      ev("EVENT_TYPE_USER_MESSAGE", { text: "from before", message_id: "srv-1" }, 3, {
        metadata: { custom: { local_id: "L1", payload: { k: 1 } } },
      }),
      ev("EVENT_TYPE_USER_MESSAGE", { text: "no key", message_id: "srv-2" }, 4),
    ]);
    expect(c.messages.map((m) => [m.id, m.from, m.text, m.status])).toEqual([
      ["L1", "user", "from before", "sent"],
      ["srv-2", "user", "no key", "sent"],
    ]);
    expect(c.messages[0]?.payload).toEqual({ k: 1 });
  });

  it("clears the suggestions when the user sends", () => {
    const c = reduce([
      joined,
      ev(
        "EVENT_TYPE_POLY_AGENT_MESSAGE",
        { message_id: "m1", text: "Hi", response_suggestions: [{ message_text: "A" }] },
        3,
      ),
    ]);
    expect(c.suggestions).toHaveLength(1);
    expect(addOutgoing(c, { id: "x", text: "A", timestamp: "t" }).suggestions).toEqual([]);
  });

  describe("streaming chunks", () => {
    it("concatenates chunks in chunk_index order and completes on the final chunk", () => {
      let c = reduce([joined, chunk(1, "Hello "), chunk(2, "there ")]);
      expect(c.messages[0]).toMatchObject({
        id: "m1",
        from: "ai",
        text: "Hello there ",
        complete: false,
        agentName: "Ada",
      });
      c = reduceConversation(c, chunk(3, "friend.", { is_complete: true }));
      expect(c.messages[0]).toMatchObject({ text: "Hello there friend.", complete: true });
      expect(c.messages).toHaveLength(1);
    });

    it("joins chunks with one space in a session that announces chunk_join: space", () => {
      const start = sessionStart({ chunk_join: "space" });
      let c = reduce([start, joined, chunk(1, "Hello"), chunk(2, "there,\nfriend")]);
      expect(c.chunkLayout).toBe("space");
      expect(c.messages[0]).toMatchObject({ text: "Hello there,\nfriend", complete: false });
      c = reduceConversation(c, chunk(3, "", { is_complete: true }));
      expect(c.messages[0]).toMatchObject({ text: "Hello there,\nfriend", complete: true });
      // Without the announcement the documented concatenation applies.
      expect(
        reduce([sessionStart(), joined, chunk(1, "a "), chunk(2, "b")]).messages[0]?.text,
      ).toBe("a b");
    });

    it("reassembles chunks that arrive out of order, showing only the gap-free prefix", () => {
      let c = reduce([joined, chunk(3, "C", { is_complete: true }), chunk(1, "A")]);
      expect(c.messages[0]).toMatchObject({ text: "A", complete: false });
      c = reduceConversation(c, chunk(2, "B"));
      expect(c.messages[0]).toMatchObject({ text: "ABC", complete: true });
    });

    it("takes attachments and suggestions from an empty final chunk", () => {
      const c = reduce([
        joined,
        chunk(1, "Here you go."),
        chunk(2, "", {
          is_complete: true,
          attachments: [
            { title: "Doc", content_url: "https://d", content_type: "ATTACHMENT_CONTENT_TYPE_URL" },
          ],
          response_suggestions: [{ message_text: "Thanks" }],
        }),
      ]);
      expect(c.messages[0]).toMatchObject({
        text: "Here you go.",
        complete: true,
        attachments: [expect.objectContaining({ title: "Doc" })],
        suggestions: [{ message_text: "Thanks" }],
      });
      expect(c.suggestions).toEqual([{ message_text: "Thanks" }]);
    });

    it("ignores a repeated chunk index", () => {
      const c = reduce([joined, chunk(1, "A")]);
      expect(reduceConversation(c, chunk(1, "A", {}, 99))).toBe(c);
    });
  });

  describe("handoff", () => {
    const requested = [
      joined,
      ev("EVENT_TYPE_POLY_AGENT_TRIGGERED_HANDOFF", {}, 5),
      ev("EVENT_TYPE_POLY_AGENT_LEFT", { reason: "HANDOFF" }, 6),
    ];

    it("goes requested → queued (position, display message) → connected → none", () => {
      let c = reduce(requested);
      expect(c.handoff).toEqual({ state: "requested" });
      expect(c.agent).toEqual({ kind: "none" });
      c = reduceConversation(c, ev("EVENT_TYPE_HANDOFF_ACCEPTED", { queue_name: "support" }, 7));
      expect(c.handoff).toEqual({ state: "queued", queueName: "support" });
      c = reduceConversation(
        c,
        ev("EVENT_TYPE_HANDOFF_QUEUE_STATUS", {
          queue_name: "support",
          position_in_queue: 2,
          estimated_wait_seconds: 60,
          display_message: "You are #2 in line",
        }),
      );
      expect(c.handoff).toEqual({
        state: "queued",
        queueName: "support",
        position: 2,
        estimatedWaitSeconds: 60,
        displayMessage: "You are #2 in line",
      });
      expect(c.messages.at(-1)).toMatchObject({
        from: "system",
        kind: "handoff",
        handoffState: "queued",
        text: "You are #2 in line",
      });
      c = reduceConversation(
        c,
        ev(
          "EVENT_TYPE_LIVE_AGENT_JOINED",
          { agent: { id: "d1", name: "Sarah", avatar_url: "s.png" }, agent_id: "d1" },
          8,
        ),
      );
      expect(c.handoff).toEqual({ state: "connected", queueName: "support" });
      expect(c.agent).toEqual({ kind: "live", name: "Sarah", avatarUrl: "s.png" });
      expect(c.messages.at(-1)).toMatchObject({
        kind: "handoff",
        handoffState: "connected",
        text: "Sarah joined the conversation.",
      });
      // A late queue status does not undo "connected".
      expect(
        reduceConversation(c, ev("EVENT_TYPE_HANDOFF_QUEUE_STATUS", { position_in_queue: 1 })),
      ).toBe(c);
      c = reduceConversation(
        c,
        ev("EVENT_TYPE_LIVE_AGENT_TYPING", { state: "TYPING_STATE_STARTED", agent_id: "d1" }),
      );
      expect(c.liveAgentTyping).toBe(true);
      c = reduceConversation(
        c,
        ev(
          "EVENT_TYPE_LIVE_AGENT_MESSAGE",
          { message_id: "lm1", agent_id: "d1", agent_name: "Sarah", text: "Hello" },
          9,
        ),
      );
      expect(c.liveAgentTyping).toBe(false);
      expect(c.messages.at(-1)).toMatchObject({
        id: "lm1",
        from: "live",
        agentName: "Sarah",
        avatarUrl: "s.png",
      });
      c = reduceConversation(c, ev("EVENT_TYPE_LIVE_AGENT_LEFT", {}, 10));
      expect(c.agent).toEqual({ kind: "none" });
      expect(c.handoff).toEqual({ state: "none" });
      expect(c.messages.at(-1)?.text).toBe("Sarah left the conversation.");
    });

    it("fails with a reason and the AI comes back", () => {
      const c = reduce([
        ...requested,
        ev(
          "EVENT_TYPE_HANDOFF_FAILED",
          { reason: "NO_AGENTS_AVAILABLE", queue_name: "support" },
          7,
        ),
        ev(
          "EVENT_TYPE_SYSTEM_MESSAGE",
          { level: "SYSTEM_MESSAGE_LEVEL_ERROR", message: "Sorry" },
          8,
        ),
        ev("EVENT_TYPE_POLY_AGENT_JOINED", { agent_name: "Ada" }, 9),
      ]);
      expect(c.handoff).toEqual({
        state: "failed",
        queueName: "support",
        reason: "NO_AGENTS_AVAILABLE",
      });
      expect(c.agent).toMatchObject({ kind: "ai", name: "Ada" });
      expect(c.messages.at(-1)).toMatchObject({
        from: "system",
        level: "error",
        kind: "notice",
        text: "Sorry",
      });
    });

    it("times out with a notice", () => {
      const c = reduce([
        ...requested,
        ev("EVENT_TYPE_HANDOFF_ACCEPTED", { queue_name: "support" }, 7),
        ev("EVENT_TYPE_HANDOFF_TIMEOUT", { reason: "MAX_WAIT_EXCEEDED" }, 8),
      ]);
      expect(c.handoff).toEqual({
        state: "timed_out",
        queueName: "support",
        reason: "MAX_WAIT_EXCEEDED",
      });
      expect(c.messages.at(-1)).toMatchObject({ kind: "handoff", handoffState: "timed_out" });
    });

    it("asks the client to hand off, with route, reason and queue", () => {
      const c = reduce([
        joined,
        ev("EVENT_TYPE_POLY_AGENT_TRIGGERED_HANDOFF", {}, 3),
        ev(
          "EVENT_TYPE_CLIENT_HANDOFF_REQUIRED",
          { reason: "POLICY", queue_name: "billing", route: "https://r" },
          4,
        ),
      ]);
      expect(c.handoff).toEqual({
        state: "client_required",
        reason: "POLICY",
        queueName: "billing",
        route: "https://r",
      });
    });
  });

  it("follows LANGUAGE_CHANGED and keeps system messages with their level", () => {
    const c = reduce([
      ev("EVENT_TYPE_LANGUAGE_CHANGED", { language_code: "fr-FR" }, 3),
      ev("EVENT_TYPE_SYSTEM_MESSAGE", {
        level: "SYSTEM_MESSAGE_LEVEL_WARNING",
        message: "Slow down",
      }),
    ]);
    expect(c.language).toBe("fr-FR");
    expect(c.messages[0]).toMatchObject({
      from: "system",
      level: "warning",
      kind: "notice",
      text: "Slow down",
      sequence: null,
    });
  });
});

describe("order and queue notices", () => {
  const status = (position: number, wait?: number) =>
    ev("EVENT_TYPE_HANDOFF_QUEUE_STATUS", {
      queue_name: "support",
      position_in_queue: position,
      ...(wait === undefined ? {} : { estimated_wait_seconds: wait }),
      display_message: `You are #${position} in line.`,
    });

  it("places a message sent during an outage by its sequence once echoed, after what others said meanwhile", () => {
    let c = reduce([
      joined,
      ev("EVENT_TYPE_POLY_AGENT_MESSAGE", { message_id: "a1", text: "Hi" }, 3),
    ]);
    c = addOutgoing(c, { id: "u1", text: "still there?", timestamp: "t" });
    c = reduceConversation(
      c,
      ev("EVENT_TYPE_LIVE_AGENT_MESSAGE", { message_id: "l1", text: "Meanwhile" }, 4),
    );
    expect(c.messages.map((m) => m.id)).toEqual(["a1", "u1", "l1"]);
    c = reduceConversation(
      c,
      ev("EVENT_TYPE_USER_MESSAGE", { text: "still there?", message_id: "s5" }, 5, {
        metadata: { custom: { client_event_id: "u1" } },
      }),
    );
    expect(c.messages.map((m) => m.id)).toEqual(["a1", "l1", "u1"]);
    expect(c.messages.at(-1)).toMatchObject({ status: "sent", sequence: 5 });
  });

  it("keeps an echoed message where it was when nothing later came before it", () => {
    let c = reduce([joined]);
    c = addOutgoing(c, { id: "u1", text: "one", timestamp: "t" });
    c = addOutgoing(c, { id: "u2", text: "two", timestamp: "t" });
    const echo = (id: string, seq: number) =>
      ev("EVENT_TYPE_USER_MESSAGE", { text: id, message_id: `s${seq}` }, seq, {
        metadata: { custom: { client_event_id: id } },
      });
    c = reduceConversation(c, echo("u1", 3));
    expect(c.messages.map((m) => m.id)).toEqual(["u1", "u2"]);
    c = reduceConversation(c, echo("u2", 4));
    expect(c.messages.map((m) => m.id)).toEqual(["u1", "u2"]);
  });

  it("keeps one queue notice per wait and updates it in place with each status", () => {
    let c = reduce([
      joined,
      ev("EVENT_TYPE_POLY_AGENT_TRIGGERED_HANDOFF", {}, 3),
      ev("EVENT_TYPE_HANDOFF_ACCEPTED", { queue_name: "support" }, 4),
      status(3, 180),
    ]);
    const first = c.messages.at(-1);
    expect(first).toMatchObject({
      handoffState: "queued",
      queue: { queueName: "support", position: 3, estimatedWaitSeconds: 180 },
    });
    const same = reduceConversation(c, status(3, 180));
    expect(same.messages).toBe(c.messages);
    c = reduceConversation(same, status(1, 60));
    const queued = c.messages.filter((m) => m.handoffState === "queued");
    expect(queued).toHaveLength(1);
    expect(queued[0]).toMatchObject({
      id: first?.id,
      text: "You are #1 in line.",
      queue: { position: 1, estimatedWaitSeconds: 60 },
    });
  });

  it("starts a new queue notice for a new wait (after a transfer)", () => {
    const c = reduce([
      joined,
      ev("EVENT_TYPE_POLY_AGENT_TRIGGERED_HANDOFF", {}, 3),
      status(1),
      ev("EVENT_TYPE_LIVE_AGENT_JOINED", { agent: { name: "Sam" } }, 4),
      ev("EVENT_TYPE_LIVE_AGENT_LEFT", { reason: "TRANSFER" }, 5),
      ev("EVENT_TYPE_HANDOFF_ACCEPTED", { queue_name: "billing" }, 6),
      status(2),
    ]);
    expect(c.messages.filter((m) => m.handoffState === "queued")).toHaveLength(2);
  });
});

describe("read marker", () => {
  it("marks the user's messages up to LIVE_AGENT_SEEN's sequence seen, and no others", () => {
    let c = reduce([joined]);
    const echo = (id: string, seq: number) =>
      ev("EVENT_TYPE_USER_MESSAGE", { text: id, message_id: `s${seq}` }, seq, {
        metadata: { custom: { client_event_id: id } },
      });
    c = reduceConversation(c, echo("u1", 3));
    c = reduceConversation(c, echo("u2", 4));
    c = addOutgoing(c, { id: "u3", text: "pending", timestamp: "t" });
    c = reduceConversation(c, ev("EVENT_TYPE_LIVE_AGENT_SEEN", { up_to_sequence: 3 }, 5));
    expect(c.messages.map((m) => [m.id, m.seen ?? false])).toEqual([
      ["u1", true],
      ["u2", false],
      ["u3", false],
    ]);
    expect(reduceConversation(c, ev("EVENT_TYPE_LIVE_AGENT_SEEN", { up_to_sequence: 3 }, 6))).toBe(
      c,
    );
    expect(reduceConversation(c, ev("EVENT_TYPE_LIVE_AGENT_SEEN", {}, 7))).toBe(c);
  });
});
