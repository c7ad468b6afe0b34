// The user's language is detected from what they write: LANGUAGE_CHANGED, then answers in it;
// a connector can turn detection off or limit it to some languages.
import { beforeEach, describe, expect, it } from "vitest";
import { tinyldDetector } from "../../src/platform/index.js";
import { joinedClient, say } from "../support/conversation.js";
import { createConnector } from "../support/http.js";
import { startTestServer, type TestServer } from "../support/server.js";
import { closeAfterEach } from "../support/teardown.js";

let t: TestServer;
const track = closeAfterEach();
beforeEach(async () => {
  t = track(await startTestServer());
});

const FRENCH = "Bonsoir, je voudrais savoir comment fonctionne votre service";

async function clientOn(languageDetection?: unknown) {
  const connector = await createConnector(t, {
    host: "localhost",
    agent_id: "demo",
    ...(languageDetection === undefined ? {} : { language_detection: languageDetection }),
  });
  expect(connector.status).toBe(201);
  const joined = await joinedClient(t, { connectorToken: connector.token });
  return track(joined.client);
}

describe("language detection", () => {
  it("switches to the language the user writes in and answers in it", async () => {
    const client = await clientOn();
    const { echo, reply } = await say(client, FRENCH);
    const changed = client.events.find((e) => e.type === "EVENT_TYPE_LANGUAGE_CHANGED");
    expect(changed?.payload).toEqual({ language_code: "fr" });
    expect(changed?.sequence).toBeGreaterThan(echo.sequence as number);
    expect(reply.payload.text).toBe(
      "Désolé, je n'ai pas compris. Demandez-moi nos horaires d'ouverture.",
    );
  });

  it("leaves short or already-matching messages alone", async () => {
    const client = await clientOn();
    await say(client, "ok merci");
    await say(client, "What are your opening hours, please?");
    expect(client.events.some((e) => e.type === "EVENT_TYPE_LANGUAGE_CHANGED")).toBe(false);
  });

  it("does nothing when the connector turns detection off", async () => {
    const client = await clientOn({ enabled: false });
    const { reply } = await say(client, FRENCH);
    expect(client.events.some((e) => e.type === "EVENT_TYPE_LANGUAGE_CHANGED")).toBe(false);
    expect(reply.payload.text).toMatch(/^Sorry/);
  });

  it("only switches to the connector's languages", async () => {
    const client = await clientOn({ enabled: true, languages: ["en", "de"] });
    await say(client, FRENCH);
    expect(client.events.some((e) => e.type === "EVENT_TYPE_LANGUAGE_CHANGED")).toBe(false);
    await say(client, "Guten Tag, ich habe eine Frage zu meiner Rechnung");
    const changed = client.events.find((e) => e.type === "EVENT_TYPE_LANGUAGE_CHANGED");
    expect(changed?.payload).toEqual({ language_code: "de" });
  });

  it("names a bad setting", async () => {
    const bad = await createConnector(t, {
      host: "localhost",
      agent_id: "demo",
      language_detection: { enabled: "yes", languages: ["French"] },
    });
    expect(bad.status).toBe(400);
    const text = JSON.stringify(bad.json);
    expect(text).toContain("language_detection.enabled: required; must be true or false");
    expect(text).toContain("language_detection.languages[0]: must be a lower-case ISO 639 code");
  });
});

describe("the tinyld detector", () => {
  it("is confident on a sentence and declines a guess", () => {
    expect(tinyldDetector.detect("Hola, ¿cuál es el horario de apertura?")).toBe("es");
    expect(tinyldDetector.detect("Hello")).toBeNull();
    expect(
      tinyldDetector.detect("Hola, ¿cuál es el horario de apertura?", ["en", "fr"]),
    ).toBeNull();
  });
});
