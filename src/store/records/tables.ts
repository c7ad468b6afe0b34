// The shared tables as Kysely sees them: column names and the values both dialects return.
import type { Generated } from "kysely";

/** Every table the shared query layer reads or writes (SQLite and PostgreSQL alike). */
export interface Tables {
  sessions: {
    id: string;
    connector_id: string;
    subject: string;
    subject_expires_at: number | null;
    /** 0/1 in SQLite, a boolean in PostgreSQL. */
    streaming: number | boolean;
    client_profile: string;
    chunk_layout: string;
    platform: string;
    device_type: string | null;
    user_agent: string | null;
    state: string;
    agent_status: string;
    language: string | null;
    end_reason: string | null;
    call_sid: string | null;
    last_sequence: number;
    revision: number;
    created_at: number;
    updated_at: number;
    ended_at: number | null;
  };
  agents: {
    id: string;
    name: string;
    definition_json: string;
    key_hash: string | null;
    created_at: number;
    updated_at: number;
  };
  connectors: {
    id: string;
    name: string | null;
    host: string | null;
    agent_id: string;
    handoff_json: string | null;
    chunk_join: string;
    language_detection_json: string | null;
    rating_json: string | null;
    /** Agent variants (`{ variant id: agent id }`), or null when none. */
    variants_json: string | null;
    token_hash: string;
    created_at: number;
    updated_at: number;
  };
  signing_keys: {
    kid: string;
    alg: string;
    secret: string;
    created_at: number;
    retired_at: number | null;
  };
  queues: {
    name: string;
    max_wait_seconds: number;
    status_interval_seconds: number;
    opening_hours_json: string | null;
    created_at: number;
    updated_at: number;
  };
  desk_users: {
    id: string;
    name: string;
    avatar_url: string | null;
    queues_json: string;
    max_concurrent: number;
    token_hash: string;
    created_at: number;
    updated_at: number;
  };
  handoffs: {
    id: string;
    session_id: string;
    queue: string;
    state: string;
    priority: number;
    enqueued_at: number;
    assigned_to: string | null;
    assigned_at: number | null;
    closed_at: number | null;
    outcome: string | null;
  };
  session_ratings: {
    session_id: string;
    connector_id: string;
    scale: string;
    score: string;
    comment: string | null;
    rated_at: number;
  };
  offline_messages: {
    id: string;
    session_id: string;
    connector_id: string;
    queue: string;
    reason: string;
    email: string;
    name: string | null;
    message: string;
    language: string | null;
    created_at: number;
    delivery: string;
    attempts: number;
    last_error: string | null;
    delivered_at: number | null;
  };
  files: {
    id: string;
    session_id: string;
    connector_id: string;
    name: string;
    content_type: string;
    size: number;
    uploaded_by: string;
    desk_user_id: string | null;
    created_at: number;
  };
  settings: {
    name: string;
    value: string;
    updated_at: number;
  };
  /**
   * `rowid` is SQLite's implicit row number; the PostgreSQL table has an identity column of the
   * same name, so "newest first" breaks ties within one millisecond alike on both.
   */
  context_keys: {
    rowid: Generated<number>;
    connector_id: string;
    kid: string;
    sealed_secret: string;
    created_at: number;
    expires_at: number | null;
  };
  session_context: {
    session_id: string;
    verified_json: string | null;
    verified_at: number | null;
    attributes_json: string | null;
  };
  api_keys: {
    rowid: Generated<number>;
    id: string;
    account_id: string;
    key_hash: string;
    created_at: number;
    expires_at: number | null;
  };
  chat_conversations: {
    session_id: string;
    account_id: string;
    channel: string;
    variant_id: string | null;
    cursor: number;
    /** Who holds the conversation's turn (a `respond` in some process) and until when. */
    hold_by: string | null;
    hold_until: number | null;
  };
  desk_logins: {
    desk_user_id: string;
    email: string;
    password_hash: string | null;
    generation: number;
    updated_at: number;
  };
  desk_web_sessions: {
    id_hash: string;
    desk_user_id: string;
    generation: number;
    csrf_token: string;
    created_at: number;
    expires_at: number;
  };
  desk_statuses: {
    desk_user_id: string;
    status: string;
    changed_at: number;
  };
  saved_replies: {
    id: string;
    owner_queue: string | null;
    owner_user: string | null;
    shortcut: string;
    text: string;
    created_at: number;
    updated_at: number;
  };
  desk_notes: {
    id: string;
    session_id: string;
    author_id: string;
    author_name: string;
    text: string;
    transfer_to: string | null;
    created_at: number;
  };
}
