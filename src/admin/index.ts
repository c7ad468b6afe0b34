// The admin API (/admin/v1), its operations and declarative provisioning.
export {
  type AdminError,
  type AdminErrorCode,
  type AdminResult,
  sendAdminError,
} from "./admin-error.js";
export { ADMIN_PREFIX, registerAdminRoutes } from "./admin-routes.js";
export {
  AGENT_KEY_PREFIX,
  type AgentWithKey,
  createAgent,
  deleteAgent,
  getAgent,
  replaceAgent,
  rotateAgentKey,
} from "./agent-service.js";
export { apiKeyJson } from "./api-key-routes.js";
export {
  createApiKey,
  deleteApiKey,
  listApiKeys,
  rotateApiKey,
} from "./api-key-service.js";
export {
  CONNECTOR_TOKEN_PREFIX,
  type ConnectorWithToken,
  createConnector,
  deleteConnector,
  getConnector,
  patchConnector,
  rotateConnectorToken,
} from "./connector-service.js";
export { contextKeyJson, contextKeySecretJson } from "./context-key-routes.js";
export {
  addContextKey,
  deleteContextKey,
  listContextKeys,
  rotateContextKey,
} from "./context-key-service.js";
export { deskLoginJson, getDeskLogin, putDeskLogin } from "./desk-login-service.js";
export {
  checkAvatarUrl,
  checkDeskUserName,
  checkMaxConcurrent,
  checkQueueRefs,
  type DeskUserFields,
  MAX_CONCURRENT,
} from "./desk-user-input.js";
export {
  createDeskUser,
  DESK_TOKEN_PREFIX,
  type DeskUserWithToken,
  deleteDeskUser,
  getDeskUser,
  patchDeskUser,
  rotateDeskUserToken,
} from "./desk-user-service.js";
export { isoTime, parseTime } from "./fields.js";
export { ADMIN_OPENAPI } from "./openapi.js";
export {
  type AppliedObject,
  type ApplyOutcome,
  type ApplyResult,
  applyProvisioning,
  type GeneratedAgentKey,
  type GeneratedDeskToken,
  type GeneratedToken,
  type ParsedFile,
  parseProvisioningFile,
} from "./provisioning/index.js";
export {
  checkOpeningHours,
  checkQueueSettings,
  isQueueName,
  QUEUE_LIMITS,
  type QueueSettings,
  queueNameProblem,
} from "./queue-input.js";
export { createQueue, deleteQueue, getQueue, replaceQueue } from "./queue-service.js";
export { putSavedReply, savedReplyScope } from "./saved-reply-service.js";
export {
  agentJson,
  connectorJson,
  deskUserAdminJson,
  queueJson,
  sessionJson,
  wireEvent,
} from "./serialize.js";
export type { AdminDeps, DeskUserChange, ServiceDeps } from "./service-deps.js";
export {
  getSessionWithEvents,
  listSessions,
  parseSessionQuery,
  type SessionPage,
} from "./session-service.js";
