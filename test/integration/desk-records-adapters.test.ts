// The desk's sign-in, status, saved-reply and note ports on SQLite and on the real PostgreSQL.
import { DeskAccountRecords } from "../../src/store/index.js";
import { describeDeskPortsContract } from "../support/desk-auth-contract.js";
import { BACKENDS } from "../support/port-harness.js";

for (const [name, open] of Object.entries(BACKENDS)) {
  describeDeskPortsContract(name, () =>
    open((store) => new DeskAccountRecords(store.sharedExecutor())),
  );
}
