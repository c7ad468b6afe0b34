// Child process for the SQLite crash test: appends events until killed, printing each one acknowledged.
// Usage: node sqlite-crash-writer.mjs <database file> <session id>
// Prints "ack <sequence> <event id>" only after the append's promise resolved (i.e. committed).
import { randomUUID } from "node:crypto";
import { createSqliteStore } from "../../dist/src/store/index.js";

const [file, sessionId] = process.argv.slice(2);
const store = createSqliteStore({ file });
const timestamp = () => new Date().toISOString();
const event = (type) => ({
  id: randomUUID(),
  type,
  timestamp: timestamp(),
  payloadJson: `{"text":"crash test ${randomUUID()}"}`,
  metadataJson: null,
  clientKey: null,
});

const ack = (stored) => {
  for (const e of stored) process.stdout.write(`ack ${e.sequence} ${e.id}\n`);
};

const created = await store.createSession(
  {
    id: sessionId,
    connectorId: "crash-connector",
    subject: "crash-user",
    subjectExpiresAt: null,
    streaming: false,
    clientProfile: "standard",
    chunkLayout: "concat",
    platform: "web",
    deviceType: null,
    userAgent: null,
    createdAt: Date.now(),
  },
  event("EVENT_TYPE_SESSION_START"),
);
ack([created.start]);

// Bursts of concurrent appends (every fourth with two events) exercise group commit.
for (;;) {
  const burst = [];
  for (let i = 0; i < 16; i++) {
    const events =
      i % 4 === 0
        ? [event("EVENT_TYPE_USER_MESSAGE"), event("EVENT_TYPE_POLY_AGENT_MESSAGE")]
        : [event("EVENT_TYPE_USER_MESSAGE")];
    burst.push(store.append(sessionId, events).then((result) => ack(result.events)));
  }
  await Promise.race(burst);
  await new Promise((resolve) => setImmediate(resolve));
}
