// The agent API (/agent/v1): how a webhook bot answers later, streams, types, hands off and ends.
export { AGENT_API_PREFIX, type AgentApiDeps, registerAgentApiRoutes } from "./agent-api-routes.js";
