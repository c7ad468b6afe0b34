// The attributes and reactive state of <switchboard-chat>, with their defaults.
import { LitElement } from "lit";
import {
  type ClientOptions,
  type ContextRequest,
  type Conversation,
  type EarlierConversation,
  emptyConversation,
} from "../sdk/index.js";
import { emptyOfflineForm, type OfflineFormState } from "./offline-form.js";
import type { RatingPanel } from "./rating-view.js";
import type { WidgetPhase } from "./widget-state.js";

/** The element's reactive properties: its documented attributes, then its internal state. */
export class ChatProperties extends LitElement {
  static override properties = {
    server: { type: String },
    connectorToken: { type: String, attribute: "connector-token" },
    host: { type: String },
    tokenEndpoint: { type: String, attribute: "token-endpoint" },
    chatTitle: { type: String, attribute: "chat-title" },
    uiLanguage: { type: String, attribute: "lang" },
    streaming: { type: String },
    open: { type: Boolean, reflect: true },
    accent: { type: String },
    storage: { type: String },
    storageKey: { type: String, attribute: "storage-key" },
    position: { type: String, reflect: true },
    theme: { type: String, reflect: true },
    tokenProvider: { attribute: false },
    clientOptions: { attribute: false },
    onContextRequired: { attribute: false },
    _conversation: { state: true },
    _phase: { state: true },
    _draft: { state: true },
    _unread: { state: true },
    _announcement: { state: true },
    _broken: { state: true },
    _offline: { state: true },
    _confirmingEnd: { state: true },
    _emojiOpen: { state: true },
    _upload: { state: true },
    _rating: { state: true },
    _earlier: { state: true },
    _offlineForm: { state: true },
  };

  /** Base URL of the Switchboard server (default: this page's origin). */
  declare server: string;
  declare connectorToken: string | null;
  declare host: string | null;
  declare tokenEndpoint: string | null;
  declare chatTitle: string;
  declare uiLanguage: string | null;
  /** "false" turns streaming off. */
  declare streaming: string | null;
  declare open: boolean;
  declare accent: string | null;
  declare storage: "session" | "local" | "none";
  declare storageKey: string;
  declare position: "left" | "right";
  /** "auto" (the visitor's system setting, default), "light" or "dark". */
  declare theme: "auto" | "light" | "dark";
  /** Production auth from script: returns an access token from your backend. */
  declare tokenProvider: ((previous?: string) => Promise<string>) | null;
  /** From script, before the chat starts: more SDK options (e.g. `liveness`, `reconnect`). */
  declare clientOptions: Partial<
    Pick<ClientOptions, "liveness" | "reconnect" | "deliveryTimeoutMs" | "typingIdleMs">
  > | null;
  /**
   * Verified context: called with `{sessionId, contextId}` after the session starts and before
   * the agent joins; return (or resolve to) the token your backend signed, anything else to decline.
   */
  declare onContextRequired: ((request: ContextRequest) => unknown) | null;
  declare _conversation: Conversation;
  declare _phase: WidgetPhase;
  declare _draft: string;
  declare _unread: number;
  declare _announcement: string;
  declare _broken: ReadonlySet<string>;
  /** The SDK said `offline` and no `online` since. */
  declare _offline: boolean;
  /** The "End this chat?" question is showing. */
  declare _confirmingEnd: boolean;
  /** The emoji picker is open. */
  declare _emojiOpen: boolean;
  /** A file on its way (name and percent), or the last refusal's sentence. */
  declare _upload: { name: string; percent: number } | { error: string } | null;
  /** The satisfaction question after the end. */
  declare _rating: RatingPanel;
  /** The visitor's other conversations, shown with the ended conversation. */
  declare _earlier: EarlierConversation[];
  /** The offline form as typed (shown when nobody could take the chat). */
  declare _offlineForm: OfflineFormState;

  constructor() {
    super();
    this.server = "";
    this.connectorToken = null;
    this.host = null;
    this.tokenEndpoint = null;
    this.chatTitle = "Chat";
    this.uiLanguage = null;
    this.streaming = null;
    this.open = false;
    this.accent = null;
    this.storage = "local";
    this.storageKey = "switchboard:session";
    this.position = "right";
    this.theme = "auto";
    this.tokenProvider = null;
    this.onContextRequired = null;
    this._conversation = emptyConversation();
    this._phase = "idle";
    this._draft = "";
    this._unread = 0;
    this._announcement = "";
    this._broken = new Set();
    this._offline = false;
    this._confirmingEnd = false;
    this._emojiOpen = false;
    this._upload = null;
    this._rating = { step: "none" };
    this._earlier = [];
    this._offlineForm = emptyOfflineForm();
    this.clientOptions = null;
  }
}
