// The records the core keeps through its Store: sessions, events, agents, connectors, keys.
import type {
  ChunkLayout,
  DeviceType,
  EventType,
  Platform,
  SessionEndReason,
} from "../protocol/index.js";

/**
 * Which clients a session was made for, decided when it is created: `official-sdk` when the
 * official PolyAI mobile SDKs created it (their `User-Agent`), else `standard`. The official
 * SDKs' profile changes what the server sends where those SDKs would misread the documented
 * behaviour (`sdk-expectations.md` rules 16, 29, 30).
 */
export type ClientProfile = "standard" | "official-sdk";
/** A connector's choice of chunk layout: `auto` follows the session's client profile. */
export type ChunkJoinSetting = "auto" | ChunkLayout;

/** Who is answering the user right now. */
export type AgentStatus = "none" | "ai" | "handoff" | "live";
export type SessionState = "active" | "ended";

export interface SessionRecord {
  id: string;
  connectorId: string;
  /** `sub` of the access token it is bound to; only tokens with this subject may connect. */
  subject: string;
  /**
   * When the latest token of `subject` seen by the server expires (ms since the epoch); null when
   * unknown (sessions from before it was kept), which keeps the binding strict.
   */
  subjectExpiresAt: number | null;
  streaming: boolean;
  clientProfile: ClientProfile;
  /** How its streamed replies are cut into chunks; fixed for its whole life. */
  chunkLayout: ChunkLayout;
  platform: Platform;
  deviceType: DeviceType | null;
  userAgent: string | null;
  state: SessionState;
  agentStatus: AgentStatus;
  /** BCP-47 tag after a LANGUAGE_CHANGED, else null. */
  language: string | null;
  endReason: SessionEndReason | null;
  /** Voice add-on call id from EVENT_TYPE_LINK_TO_WEBRTC_CONVERSATION. */
  callSid: string | null;
  /** Highest sequence appended so far (1 right after creation). */
  lastSequence: number;
  /**
   * Bumped by one by every append that patches the session (its state, agent status, …);
   * writers pass the revision they decided on, so a decision from a stale copy is refused.
   */
  revision: number;
  /** Milliseconds since the epoch. */
  createdAt: number;
  updatedAt: number;
  endedAt: number | null;
}

export interface NewSession {
  id: string;
  connectorId: string;
  subject: string;
  subjectExpiresAt: number | null;
  streaming: boolean;
  clientProfile: ClientProfile;
  chunkLayout: ChunkLayout;
  platform: Platform;
  deviceType: DeviceType | null;
  userAgent: string | null;
  createdAt: number;
}

/** Fields of a session the core changes together with an append. */
export type SessionPatch = Partial<
  Pick<
    SessionRecord,
    | "state"
    | "agentStatus"
    | "language"
    | "endReason"
    | "callSid"
    | "endedAt"
    | "subject"
    | "subjectExpiresAt"
  >
>;

/** An event as the core hands it to the store: ids and times assigned, JSON pre-encoded. */
export interface NewEvent {
  id: string;
  type: EventType;
  /** ISO 8601 UTC with milliseconds. */
  timestamp: string;
  payloadJson: string;
  /** JSON of `{custom: …}` as echoed back, or null. */
  metadataJson: string | null;
  /** The client's idempotency key (`local_id` / `client_event_id`), or null. */
  clientKey: string | null;
}

/** An event as stored, with its sequence. */
export interface StoredEvent extends NewEvent {
  sessionId: string;
  sequence: number;
}

export interface AgentRecord {
  id: string;
  name: string;
  /** The agent definition (`product.md` §5), validated before it is stored. */
  definition: Record<string, unknown>;
  /**
   * SHA-256 hex of the agent's key for the agent API (kinds that answer through it), or null;
   * the key itself is never stored.
   */
  keyHash: string | null;
  createdAt: number;
  updatedAt: number;
}

/** How a connector hands conversations to humans. */
export type HandoffConfig =
  | { mode: "server"; queue?: string }
  | { mode: "client"; reason: string; queue_name: string; route?: string };

/** Whether (and among which languages) the user's language is detected from their messages. */
export interface LanguageDetection {
  enabled: boolean;
  /** Primary language tags the session may switch to (`["en", "fr"]`); null: any. */
  languages: string[] | null;
}

/** `five`: a score from 1 to 5; `thumbs`: up or down. */
export type RatingScale = "five" | "thumbs";

/** A connector's satisfaction question. */
export interface RatingSetting {
  scale: RatingScale;
  /** Whether the visitor may add a comment (optional for them). */
  comment: boolean;
}

/** A visitor's rating of an ended conversation (one per session; the last one counts). */
export interface SessionRating {
  sessionId: string;
  connectorId: string;
  scale: RatingScale;
  /** `"1"`–`"5"` on the five scale, `"up"` or `"down"` on thumbs. */
  score: string;
  comment: string | null;
  ratedAt: number;
}

export interface ConnectorRecord {
  id: string;
  name: string | null;
  /** Registered host identifier (domain or app namespace); null when none was registered. */
  host: string | null;
  agentId: string;
  handoff: HandoffConfig | null;
  /** Chunk layout of its new sessions; `auto` picks it from the client profile. */
  chunkJoin: ChunkJoinSetting;
  /** Language detection for its sessions; absent: on, any language. */
  languageDetection?: LanguageDetection;
  /** The satisfaction question asked when a conversation ends; absent: none is asked. */
  rating?: RatingSetting;
  /**
   * Agent variants a Chat API conversation may be started on by `variant_id`: variant id →
   * agent id. Absent or empty: the connector has none (every `variant_id` is refused).
   */
  variants?: Readonly<Record<string, string>>;
  /** SHA-256 hex of the connector token; the token itself is never stored. */
  tokenHash: string;
  createdAt: number;
  updatedAt: number;
}

export interface SigningKeyRecord {
  kid: string;
  alg: "HS256";
  /** base64url key material. */
  secret: string;
  createdAt: number;
  /** When a newer key replaced it; it still verifies tokens until they expire. */
  retiredAt: number | null;
}

export interface SessionFilter {
  connectorId?: string;
  state?: SessionState;
  createdAfter?: number;
  createdBefore?: number;
  /** Most recent first; at most this many (default 50, at most 500). */
  limit?: number;
  /** Only sessions created strictly before this session (keyset pagination). */
  before?: string;
}

/** Weekly opening hours of a queue in its own time zone; outside them the queue is closed. */
export interface OpeningHours {
  /** IANA time zone, e.g. "Europe/Paris". */
  timezone: string;
  /** Day (`mon`…`sun`) → open intervals as "HH:MM-HH:MM"; a day left out is closed. */
  weekly: Partial<Record<Weekday, string[]>>;
}
export type Weekday = "mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun";

/** A live-agent queue. */
export interface QueueRecord {
  /** The queue's name is its id (`support`). */
  name: string;
  /** Waiting longer than this ends the handoff with HANDOFF_TIMEOUT. */
  maxWaitSeconds: number;
  /** HANDOFF_QUEUE_STATUS is repeated this often while the position does not change. */
  statusIntervalSeconds: number;
  openingHours: OpeningHours | null;
  createdAt: number;
  updatedAt: number;
}

/** A human agent who answers handed-off conversations. */
export interface DeskUserRecord {
  id: string;
  name: string;
  avatarUrl: string | null;
  /** Names of the queues this person serves. */
  queues: string[];
  /** Conversations this person may hold at once. */
  maxConcurrent: number;
  /** SHA-256 hex of the desk token; the token itself is never stored. */
  tokenHash: string;
  createdAt: number;
  updatedAt: number;
}

export type HandoffState = "queued" | "assigned" | "closed";
/** How a handoff ended. */
export type HandoffOutcome =
  | "completed"
  | "timed_out"
  | "abandoned"
  | "transferred"
  | "returned_to_ai";

/** One wait of a session in a queue, and its assignment to a desk user. */
export interface HandoffRecord {
  id: string;
  sessionId: string;
  queue: string;
  state: HandoffState;
  /** Requeued after a desk user dropped: served before everyone else. */
  priority: number;
  enqueuedAt: number;
  assignedTo: string | null;
  assignedAt: number | null;
  closedAt: number | null;
  outcome: HandoffOutcome | null;
}

/** Fields of a handoff that change after it is created. */
export type HandoffPatch = Partial<
  Pick<HandoffRecord, "state" | "priority" | "assignedTo" | "assignedAt" | "closedAt" | "outcome">
>;
