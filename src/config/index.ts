// Configuration: the schema, the loader and the optional config file.
export { loadConfigFromEnvironment } from "./config-file.js";
export { type ConfigResult, loadConfig } from "./load-config.js";
export { CONFIG_SCHEMA, type Config, type ConfigKey } from "./schema.js";
