// Client profiles, chunk layouts, token renewal binding and the notices that replace LIVE_AGENT_LEFT.
import { describe, expect, it } from "vitest";
import { chunkLayoutFor, clientProfileOf } from "../../src/core/client-profile.js";
import { leftNotice, liveAgentLeftEvent } from "../../src/core/desk/live-agent-left.js";
import { decideBinding, RENEWAL_WINDOW_MS } from "../../src/gateway/session-binding.js";
import { chunkLayoutOf } from "../../src/protocol/index.js";

describe("client profile", () => {
  it.each([
    ["PolyMessaging-iOS/0.9.2 (iOS; Version 17.5)", "official-sdk"],
    ["PolyMessaging-Android/0.9.0 (Android; 14)", "official-sdk"],
    ["polymessaging-ios/0.9.2", "standard"],
    ["Mozilla/5.0 PolyMessaging-iOS/0.9.2", "standard"],
    ["PolyMessaging-Web/1.0", "standard"],
    [null, "standard"],
  ] as const)("takes %j as %s", (userAgent, profile) => {
    expect(clientProfileOf(userAgent)).toBe(profile);
  });

  it("lays sessions out for the profile unless the connector says otherwise", () => {
    expect(chunkLayoutFor("official-sdk", "auto")).toBe("space");
    expect(chunkLayoutFor("standard", "auto")).toBe("concat");
    expect(chunkLayoutFor("official-sdk", "concat")).toBe("concat");
    expect(chunkLayoutFor("standard", "space")).toBe("space");
  });

  it("reads the layout a SESSION_START announces; anything else is concatenation", () => {
    expect(chunkLayoutOf({ capabilities: { chunk_join: "space" } })).toBe("space");
    expect(chunkLayoutOf({ capabilities: { chunk_join: "tabs" } })).toBe("concat");
    expect(chunkLayoutOf({ capabilities: {} })).toBe("concat");
    expect(chunkLayoutOf(null)).toBe("concat");
  });
});

describe("session binding on connect", () => {
  const now = 1_000_000_000;
  const session = { connectorId: "c", subject: "s1", subjectExpiresAt: now + 3_600_000 };

  it("accepts the bound subject, remembering only a later expiry", () => {
    expect(
      decideBinding(session, { connectorId: "c", subject: "s1", expiresAt: now }, now),
    ).toEqual({
      ok: true,
    });
    const later = now + 7_200_000;
    expect(
      decideBinding(session, { connectorId: "c", subject: "s1", expiresAt: later }, now),
    ).toEqual({ ok: true, change: { subjectExpiresAt: later } });
  });

  it("moves the session to a new subject only within the renewal window of the bound token", () => {
    const fresh = { connectorId: "c", subject: "s2", expiresAt: now + 86_400_000 };
    expect(decideBinding(session, fresh, now)).toEqual({ ok: false });
    const near = { ...session, subjectExpiresAt: now + RENEWAL_WINDOW_MS };
    expect(decideBinding(near, fresh, now)).toEqual({
      ok: true,
      change: { subject: "s2", subjectExpiresAt: fresh.expiresAt },
    });
    const expired = { ...session, subjectExpiresAt: now - 1 };
    expect(decideBinding(expired, fresh, now).ok).toBe(true);
    expect(
      decideBinding({ ...near, subjectExpiresAt: now + RENEWAL_WINDOW_MS + 1 }, fresh, now).ok,
    ).toBe(false);
  });

  it("never accepts another connector, nor another subject while the bound expiry is unknown", () => {
    const expired = { ...session, subjectExpiresAt: now - 1 };
    expect(
      decideBinding(expired, { connectorId: "x", subject: "s1", expiresAt: now + 1 }, now),
    ).toEqual({
      ok: false,
    });
    const unknown = { ...session, subjectExpiresAt: null };
    expect(
      decideBinding(unknown, { connectorId: "c", subject: "s2", expiresAt: now + 1 }, now),
    ).toEqual({
      ok: false,
    });
    expect(
      decideBinding(unknown, { connectorId: "c", subject: "s1", expiresAt: now + 1 }, now),
    ).toEqual({
      ok: true,
      change: { subjectExpiresAt: now + 1 },
    });
  });
});

describe("a live agent leaving a conversation that goes on", () => {
  const sam = { id: "d1", name: "Sam" };

  it("is LIVE_AGENT_LEFT for standard sessions, as documented, naming the agent and the transfer's queue", () => {
    expect(
      liveAgentLeftEvent({ clientProfile: "standard", language: null }, sam, "TRANSFER", "billing"),
    ).toEqual({
      type: "EVENT_TYPE_LIVE_AGENT_LEFT",
      payload: { reason: "TRANSFER", agent_id: "d1", agent_name: "Sam", transfer_to: "billing" },
    });
    expect(
      liveAgentLeftEvent(
        { clientProfile: "standard", language: null },
        { id: "d2", name: null },
        "AGENT_LEFT",
      ),
    ).toEqual({
      type: "EVENT_TYPE_LIVE_AGENT_LEFT",
      payload: { reason: "AGENT_LEFT", agent_id: "d2" },
    });
  });

  it("tells official-SDK sessions where a transfer goes, in their language", () => {
    expect(
      liveAgentLeftEvent(
        { clientProfile: "official-sdk", language: "fr" },
        sam,
        "TRANSFER",
        "billing",
      ),
    ).toMatchObject({
      payload: {
        message: "Sam vous transfère vers billing. Merci de rester dans la conversation.",
        live_agent_left: { reason: "TRANSFER", transfer_to: "billing", agent_name: "Sam" },
      },
    });
  });

  it("is an INFO system message for the official SDKs, with the facts kept for transcripts", () => {
    expect(
      liveAgentLeftEvent({ clientProfile: "official-sdk", language: "fr-FR" }, sam, "AGENT_LEFT"),
    ).toEqual({
      type: "EVENT_TYPE_SYSTEM_MESSAGE",
      payload: {
        level: "SYSTEM_MESSAGE_LEVEL_INFO",
        message: "Sam a quitté la conversation. Notre assistant virtuel prend le relais.",
        live_agent_left: { reason: "AGENT_LEFT", agent_id: "d1", agent_name: "Sam" },
      },
    });
  });

  it("speaks the session's language, English when it has none of its own", () => {
    expect(leftNotice("AGENT_DISCONNECTED", "Sam", "de")).toBe(
      "Die Verbindung zu Sam wurde getrennt. Wir verbinden Sie mit einer anderen Person.",
    );
    expect(leftNotice("TRANSFER", null, "es-ES")).toBe(
      "Tu agente te está transfiriendo a otro equipo. Por favor, no salgas del chat.",
    );
    expect(leftNotice("TRANSFER", "Sam", "ja")).toBe(
      "Sam is transferring you to another team. Please stay in the chat.",
    );
  });
});
