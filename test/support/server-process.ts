// The built server as a child process (crash, restart and log tests); shared with the attack scripts.
export {
  demoConnectorToken,
  freePort,
  type ServerProcess,
  spawnServer,
} from "../../attack/support/server-main.js";
