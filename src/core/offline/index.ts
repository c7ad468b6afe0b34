// Offline conversations: the visitor's email and message when nobody can take the chat.
export {
  OFFLINE_DELIVERY_TIMER,
  OFFLINE_RETRY_DELAYS_MS,
  OfflineDesk,
  type OfflineFailure,
  type OfflineObserver,
  type OfflineWebhook,
  offlineMessageJson,
  webhookBody,
} from "./offline-desk.js";
export { checkOfflineInput, OFFLINE_LIMITS, type OfflineInputProblem } from "./offline-input.js";
export {
  NO_OFFLINE_SETTINGS,
  type OfflineSettings,
  readOfflineSettings,
  writeOfflineSettings,
} from "./offline-settings.js";
