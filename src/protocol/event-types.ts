// The wire as data: every event type, who may send it, whether it is kept in history.
import type { PayloadValidator } from "./payload-validators.js";
import {
  emptyObject,
  linkToWebrtcPayload,
  userMessagePayload,
  userTypingPayload,
} from "./payload-validators.js";

interface EventTypeSpec {
  /** Who sends it on the wire. */
  readonly from: "client" | "server";
  /** Transient events carry `sequence: null` and are never replayed. */
  readonly transient: boolean;
  /** Present on client events: checks the payload, returning what is wrong or null. */
  readonly validate?: PayloadValidator;
}

/** Every event type of the protocol (`protocol.md` §4–§5). */
export const EVENT_TYPES = {
  EVENT_TYPE_REQUEST_POLY_AGENT_JOIN: { from: "client", transient: false, validate: emptyObject },
  EVENT_TYPE_USER_MESSAGE: { from: "client", transient: false, validate: userMessagePayload },
  EVENT_TYPE_USER_TYPING: { from: "client", transient: true, validate: userTypingPayload },
  EVENT_TYPE_USER_END_SESSION: { from: "client", transient: false, validate: emptyObject },
  EVENT_TYPE_HEARTBEAT: { from: "client", transient: true, validate: emptyObject },
  EVENT_TYPE_LINK_TO_WEBRTC_CONVERSATION: {
    from: "client",
    transient: true,
    validate: linkToWebrtcPayload,
  },

  EVENT_TYPE_POLY_AGENT_JOINED: { from: "server", transient: false },
  EVENT_TYPE_POLY_AGENT_THINKING: { from: "server", transient: true },
  EVENT_TYPE_POLY_AGENT_MESSAGE: { from: "server", transient: false },
  EVENT_TYPE_POLY_AGENT_MESSAGE_CHUNK: { from: "server", transient: false },
  EVENT_TYPE_POLY_AGENT_LEFT: { from: "server", transient: false },
  EVENT_TYPE_POLY_AGENT_TRIGGERED_HANDOFF: { from: "server", transient: false },

  EVENT_TYPE_LIVE_AGENT_JOINED: { from: "server", transient: false },
  EVENT_TYPE_LIVE_AGENT_TYPING: { from: "server", transient: true },
  EVENT_TYPE_LIVE_AGENT_MESSAGE: { from: "server", transient: false },
  EVENT_TYPE_LIVE_AGENT_LEFT: { from: "server", transient: false },
  /** Addition: the live agent has read the user's messages up to `up_to_sequence`. */
  EVENT_TYPE_LIVE_AGENT_SEEN: { from: "server", transient: false },

  EVENT_TYPE_HANDOFF_ACCEPTED: { from: "server", transient: false },
  EVENT_TYPE_HANDOFF_QUEUE_STATUS: { from: "server", transient: true },
  EVENT_TYPE_CLIENT_HANDOFF_REQUIRED: { from: "server", transient: false },
  EVENT_TYPE_HANDOFF_FAILED: { from: "server", transient: false },
  EVENT_TYPE_HANDOFF_TIMEOUT: { from: "server", transient: false },

  EVENT_TYPE_SESSION_START: { from: "server", transient: false },
  EVENT_TYPE_SESSION_END: { from: "server", transient: false },
  EVENT_TYPE_SYSTEM_MESSAGE: { from: "server", transient: false },
  EVENT_TYPE_LANGUAGE_CHANGED: { from: "server", transient: false },
  EVENT_TYPE_EVENT_BATCH: { from: "server", transient: true },
} as const satisfies Record<string, EventTypeSpec>;

export type EventType = keyof typeof EVENT_TYPES;
export type ClientEventType = {
  [K in EventType]: (typeof EVENT_TYPES)[K]["from"] extends "client" ? K : never;
}[EventType];
export type ServerEventType = Exclude<EventType, ClientEventType>;

/** True when `type` names an event type of the protocol. */
export function isEventType(type: unknown): type is EventType {
  return typeof type === "string" && Object.hasOwn(EVENT_TYPES, type);
}

/** True when clients may send `type`. */
export function isClientEventType(type: EventType): type is ClientEventType {
  return EVENT_TYPES[type].from === "client";
}

export const SESSION_END_REASONS = [
  "REASON_USER_END",
  "REASON_USER_ABANDONED",
  "REASON_NATURAL_END",
] as const;
export type SessionEndReason = (typeof SESSION_END_REASONS)[number];

export const SYSTEM_MESSAGE_LEVELS = [
  "SYSTEM_MESSAGE_LEVEL_INFO",
  "SYSTEM_MESSAGE_LEVEL_WARNING",
  "SYSTEM_MESSAGE_LEVEL_ERROR",
] as const;
export type SystemMessageLevel = (typeof SYSTEM_MESSAGE_LEVELS)[number];

export const TYPING_STATES = ["TYPING_STATE_STARTED", "TYPING_STATE_STOPPED"] as const;
export type TypingState = (typeof TYPING_STATES)[number];

export const CLIENT_HANDOFF_REASONS = ["COMPLEX_QUERY", "AGENT_DECISION", "POLICY"] as const;
export type ClientHandoffReason = (typeof CLIENT_HANDOFF_REASONS)[number];

export const ATTACHMENT_CONTENT_TYPES = [
  "ATTACHMENT_CONTENT_TYPE_URL",
  "ATTACHMENT_CONTENT_TYPE_IMAGE",
] as const;

export const PLATFORMS = ["web", "ios", "android", "ios-web", "android-web", "custom"] as const;
export type Platform = (typeof PLATFORMS)[number];

export const DEVICE_TYPES = ["mobile", "tablet", "desktop"] as const;
export type DeviceType = (typeof DEVICE_TYPES)[number];
