// The server's own words to visitors in the session's language: queue status, agent-side failures.
import { describe, expect, it } from "vitest";
import { statusFor } from "../../src/core/desk/queue-watch.js";
import {
  queueStatusText,
  visitorSystemMessage,
  visitorTexts,
} from "../../src/core/visitor-texts.js";
import { protocolError, systemMessagePayload } from "../../src/protocol/index.js";

describe("visitor texts", () => {
  it("words the queue status in the session's language, English otherwise", () => {
    expect(queueStatusText(1, undefined, "fr-CA")).toBe("Vous êtes le prochain dans la file.");
    expect(queueStatusText(3, 200, "de")).toBe(
      "Sie sind Nummer 3 in der Warteschlange. Geschätzte Wartezeit: etwa 3 Minuten.",
    );
    expect(queueStatusText(2, 20, "es")).toBe(
      "Eres el número 2 en la fila. Espera estimada: menos de un minuto.",
    );
    expect(queueStatusText(2, 70, "ja")).toBe(
      "You are #2 in line. Estimated wait: about 1 minute.",
    );
    expect(queueStatusText(2, undefined, null)).toBe("You are #2 in line.");
  });

  it("re-words a status for a session without touching its facts", () => {
    const status = {
      queue_name: "support",
      position_in_queue: 1,
      estimated_wait_seconds: 20,
      display_message: "You are next in line. Estimated wait: less than a minute.",
    };
    expect(statusFor(status, "fr")).toEqual({
      ...status,
      display_message: "Vous êtes le prochain dans la file. Attente estimée : moins d'une minute.",
    });
    expect(statusFor(status, null)).toEqual(status);
  });

  it("localises agent-side failures and keeps protocol errors in the spec's English", () => {
    expect(visitorSystemMessage(protocolError("handoff_no_agent"), "fr")).toEqual({
      level: "SYSTEM_MESSAGE_LEVEL_ERROR",
      message:
        "Désolé, nous n'avons pas pu vous mettre en relation avec un conseiller. Veuillez réessayer.",
    });
    for (const language of [null, "en", "en-GB", "pt"]) {
      expect(visitorSystemMessage(protocolError("handoff_no_agent"), language)).toEqual(
        systemMessagePayload(protocolError("handoff_no_agent")),
      );
    }
    expect(visitorSystemMessage(protocolError("session_lookup_failed"), "de")).toEqual(
      systemMessagePayload(protocolError("session_lookup_failed")),
    );
  });

  it("has every failure text in every language but English (which is the spec's)", () => {
    const codes = Object.keys(visitorTexts("fr").failures).sort();
    for (const language of ["es", "de"]) {
      expect(Object.keys(visitorTexts(language).failures).sort()).toEqual(codes);
    }
    expect(visitorTexts("en").failures).toEqual({});
  });
});
