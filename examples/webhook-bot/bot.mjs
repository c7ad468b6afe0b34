// A small Switchboard webhook bot in plain Node (no dependencies): it checks every request's
// signature, answers inline, streams NDJSON, answers later through the agent API, hands off and ends.
//
//   WEBHOOK_SECRET=… AGENT_KEY=… SWITCHBOARD_URL=http://localhost:8080 node examples/webhook-bot/bot.mjs
//
// docs/webhook-agents.md walks through it.
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer } from "node:http";

const PORT = Number(process.env.PORT ?? 3000);
const SECRET = process.env.WEBHOOK_SECRET ?? "";
const AGENT_KEY = process.env.AGENT_KEY ?? "";
const SWITCHBOARD_URL = (process.env.SWITCHBOARD_URL ?? "http://localhost:8080").replace(/\/$/, "");
/** How long the pretend order lookup takes. */
const LOOKUP_MS = Number(process.env.LOOKUP_MS ?? 500);
/** Signatures older (or newer) than this are refused: a captured request cannot be replayed later. */
const TOLERANCE_SECONDS = 300;

if (SECRET === "") {
  console.error("Set WEBHOOK_SECRET to the agent's signing secret.");
  process.exit(1);
}

/** True when `header` (`t=<seconds>,v1=<hex>`) signs `body` with our secret, recently. */
function verify(body, header) {
  const fields = Object.fromEntries(
    String(header ?? "")
      .split(",")
      .map((part) => part.trim().split("=", 2)),
  );
  const t = Number(fields.t);
  if (!Number.isInteger(t) || Math.abs(Date.now() / 1000 - t) > TOLERANCE_SECONDS) return false;
  const expected = createHmac("sha256", SECRET).update(`${t}.${body}`).digest("hex");
  const given = Buffer.from(String(fields.v1 ?? ""));
  return given.length === expected.length && timingSafeEqual(given, Buffer.from(expected));
}

/** Answers already given, by event id: Switchboard retries with the same id, and gets the same answer. */
const answered = new Map();

const server = createServer((req, res) => {
  let body = "";
  req.setEncoding("utf8");
  req.on("data", (chunk) => {
    body += chunk;
  });
  req.on("end", () => {
    if (req.method !== "POST" || !verify(body, req.headers["x-switchboard-signature"])) {
      res.writeHead(401).end();
      return;
    }
    const event = JSON.parse(body);
    const earlier = answered.get(event.id);
    if (earlier) return send(res, earlier);
    const answer = decide(event);
    answered.set(event.id, answer);
    if (answered.size > 1000) answered.delete(answered.keys().next().value);
    send(res, answer);
  });
});

/** What to do with one event: `{json}`, `{stream: parts}`, `{later: event}` or `{empty: true}`. */
function decide(event) {
  const french = event.session.language.startsWith("fr");
  switch (event.type) {
    case "join":
      return {
        json: {
          messages: [
            {
              text: "Hi, I'm the example bot. What can I do for you?",
              response_suggestions: [
                { message_text: "Opening hours" },
                { message_text: "Where is my order?" },
                { message_text: "Tell me a story" },
                { message_text: "Talk to a person" },
              ],
            },
          ],
        },
      };
    case "rejoin":
      return { json: { messages: [{ text: "I'm back. How else can I help?" }] } };
    case "message":
      return reply(event.message.text.toLowerCase(), french, event);
    default:
      return { empty: true }; // session_end: nothing to say
  }
}

function reply(text, french, event) {
  if (text.includes("hours")) {
    return { json: { messages: [{ text: "We are open **9 to 5**, Monday to Friday." }] } };
  }
  if (text.includes("order")) return { later: event }; // needs a slow lookup: answer later
  if (text.includes("story")) {
    const words = "Once upon a time a message was streamed, one line at a time.".split(" ");
    return {
      stream: words.map((word, i) => ({ type: "text", text: i === 0 ? word : ` ${word}` })),
    };
  }
  if (text.includes("person") || text.includes("human")) {
    return {
      json: {
        messages: [{ text: "Let me find a person for you." }],
        actions: [{ type: "handoff", reason: "the user asked for a person" }],
      },
    };
  }
  if (text.includes("bonjour")) {
    return {
      json: {
        actions: [{ type: "language", language_code: "fr" }],
        messages: [{ text: "Bonjour ! Je parle français maintenant." }],
      },
    };
  }
  if (text.includes("bye")) {
    return { json: { messages: [{ text: "Goodbye!" }], actions: [{ type: "end" }] } };
  }
  return {
    json: { messages: [{ text: french ? `Vous avez dit : ${text}` : `You said: ${text}` }] },
  };
}

function send(res, answer) {
  if (answer.json) {
    res.writeHead(200, { "Content-Type": "application/json" });
    res.end(JSON.stringify(answer.json));
  } else if (answer.stream) {
    res.writeHead(200, { "Content-Type": "application/x-ndjson" });
    for (const part of answer.stream) res.write(`${JSON.stringify(part)}\n`);
    res.end();
  } else if (answer.later) {
    res.writeHead(202).end();
    if (!answer.started) {
      answer.started = true;
      answerLater(answer.later).catch((error) => console.error("agent API:", error.message));
    }
  } else {
    res.writeHead(204).end();
  }
}

/** The slow path: show typing, look the order up, then answer through the agent API. */
async function answerLater(event) {
  const path = `/agent/v1/sessions/${event.session.id}`;
  await agentApi(`${path}/typing`, {});
  await new Promise((resolve) => setTimeout(resolve, LOOKUP_MS)); // the "order lookup"
  await agentApi(`${path}/messages`, {
    text: "Your order shipped yesterday and arrives tomorrow.",
    reply_to: event.id,
  });
}

async function agentApi(path, body) {
  const response = await fetch(`${SWITCHBOARD_URL}${path}`, {
    method: "POST",
    headers: { Authorization: `Bearer ${AGENT_KEY}`, "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  if (response.status >= 400)
    throw new Error(`${path}: ${response.status} ${await response.text()}`);
}

server.listen(PORT, "127.0.0.1", () => {
  console.log(`Example bot listening on http://127.0.0.1:${server.address().port}/`);
});
