// What the console knows about the visitor, as rows and a list of their earlier conversations.
import { html, nothing, type TemplateResult } from "lit";
import type { Chat } from "./chat-state.js";
import { formatTime } from "./format.js";
import { presenceText } from "./presence-text.js";
import { describeUserAgent } from "./user-agent.js";

/** A fact, and where it came from: verified context, a client's attributes, or the offline form. */
type Row = [label: string, value: string | null, source?: Source];
type Source = "verified" | "not verified" | "offline form";

/** The visitor's facts: name and email when known, then the rest of the session's context. */
export function visitorRows(chat: Chat): Row[] {
  const info = chat.info;
  const fields = chat.about?.fields ?? [];
  const field = (name: string) => fields.find((f) => f.name === name);
  const shown = (value: unknown) => (value === null || value === undefined ? null : String(value));
  const source = (f: { verified: boolean } | undefined): Source | undefined =>
    f === undefined ? undefined : f.verified ? "verified" : "not verified";
  const name = field("name");
  const email = field("email");
  // What the visitor typed into the offline form, when the desk has nothing better.
  const form = chat.about?.offline_form ?? null;
  const rest = fields.filter((f) => f.name !== "name" && f.name !== "email");
  return [
    known("Name", shown(name?.value), source(name)) ??
      known("Name", chat.visitorName) ??
      known("Name", form?.name ?? null, "offline form") ?? ["Name", null],
    known("Email", shown(email?.value), source(email)) ?? [
      "Email",
      form?.email ?? null,
      form ? "offline form" : undefined,
    ],
    ...rest.map((f): Row => [f.name, shown(f.value), source(f)]),
    ["Presence", chat.visitor ? presenceText(chat.visitor) : null],
    ["Language", info?.language ?? null],
    ["Page", chat.about?.page_url ?? null],
    ["Referrer", chat.about?.referrer ?? null],
    ["Browser and system", describeUserAgent(info?.user_agent ?? null)],
    ["Device", info?.device_type?.replace(/^DEVICE_TYPE_/, "").toLowerCase() ?? null],
    ["Platform", info?.platform ?? null],
    ["Started", info ? formatTime(info.created_at) : null],
  ];
}

/** The row when its value is known; undefined otherwise (the next source is tried). */
function known(label: string, value: string | null, source?: Source): Row | undefined {
  if (value === null || value === "") return undefined;
  return source === undefined ? [label, value] : [label, value, source];
}

/** The rows as a definition list; each known fact says where it came from (verified, told, the offline form). */
export function visitorList(chat: Chat): TemplateResult {
  return html`<dl aria-label="Visitor details">
    ${visitorRows(chat).map(
      ([label, value, source]) =>
        html`<dt>${label}</dt><dd dir="auto">${value ?? "Unknown"}${
          value !== null && source !== undefined
            ? html` <span class="tag">${source}</span>`
            : nothing
        }</dd>`,
    )}
  </dl>`;
}

/** The visitor's other conversations (by their browser's visitor id), each openable read-only. */
export function earlierList(chat: Chat, open: (id: string) => void): TemplateResult {
  const earlier = chat.about?.earlier ?? [];
  return html`<div class="earlier">
    <h3 id="earlier-title">Earlier conversations</h3>
    ${
      earlier.length === 0
        ? html`<p class="none">None known.</p>`
        : html`<ul aria-labelledby="earlier-title">
          ${earlier.map(
            (e) => html`<li>
              <button class="link" data-earlier=${e.session_id} @click=${() => open(e.session_id)}>
                ${new Date(e.created_at).toLocaleString([], { dateStyle: "medium", timeStyle: "short" })}
                ${e.state === "active" ? " (ongoing)" : ""}
              </button>
              ${e.last_message ? html`<span class="last" dir="auto">${e.last_message.text}</span>` : nothing}
            </li>`,
          )}
        </ul>`
    }
  </div>`;
}

/** An earlier conversation, read-only: its messages in order, and a way back. */
export function earlierTranscript(chat: Chat, close: () => void): TemplateResult | typeof nothing {
  const earlier = chat.earlier;
  if (!earlier) return nothing;
  // Streamed answers arrive as chunks: one line per message.
  const chunks = new Map<string, { id: string; who: string; text: string; at: string }>();
  const lines: Array<{ id: string; who: string; text: string; at: string }> = [];
  for (const e of earlier.events) {
    if (e.type !== "EVENT_TYPE_POLY_AGENT_MESSAGE_CHUNK") continue;
    const key = String(e.payload.message_id ?? e.id);
    const text = typeof e.payload.text === "string" ? e.payload.text : "";
    const line = chunks.get(key);
    if (line) line.text += text;
    else chunks.set(key, { id: e.id, who: "Bot", text, at: e.timestamp });
  }
  const whole = earlier.events.flatMap((e) => {
    if (e.type === "EVENT_TYPE_POLY_AGENT_MESSAGE_CHUNK") {
      const key = String(e.payload.message_id ?? e.id);
      const line = chunks.get(key);
      if (!line || line.id !== e.id) return [];
      return [line];
    }
    const text = e.payload.text;
    if (typeof text !== "string" || text === "") return [];
    const who =
      e.type === "EVENT_TYPE_USER_MESSAGE"
        ? "Visitor"
        : e.type === "EVENT_TYPE_LIVE_AGENT_MESSAGE"
          ? "Agent"
          : e.type === "EVENT_TYPE_POLY_AGENT_MESSAGE"
            ? "Bot"
            : null;
    return who ? [{ id: e.id, who, text, at: e.timestamp }] : [];
  });
  lines.push(...whole);
  const when = new Date(earlier.createdAt).toLocaleString([], {
    dateStyle: "medium",
    timeStyle: "short",
  });
  return html`<section class="earlier-view" role="region" aria-label="Earlier conversation of ${when} (read-only)">
    <div class="earlier-head">
      <strong>Earlier conversation, ${when}</strong> <span class="tag">read-only</span>
      <button class="btn small" data-close-earlier @click=${close}>Back to the chat</button>
    </div>
    <ol>
      ${lines.map(
        (l) =>
          html`<li><span class="who">${l.who}</span> <span dir="auto">${l.text}</span> <time>${formatTime(l.at)}</time></li>`,
      )}
    </ol>
  </section>`;
}
