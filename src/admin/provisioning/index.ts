// Declarative provisioning: parse a YAML/JSON file and apply it idempotently.
export {
  type AppliedObject,
  type ApplyResult,
  applyProvisioning,
  type GeneratedAgentKey,
  type GeneratedDeskToken,
  type GeneratedToken,
} from "./apply.js";
export { type ParsedFile, parseProvisioningFile } from "./parse-file.js";
export type { ApplyOutcome } from "./plan.js";
