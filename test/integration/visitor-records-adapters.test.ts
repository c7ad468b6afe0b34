// The verified-context, context-key and Chat API ports on SQLite and on the real PostgreSQL.
import { VisitorRecords } from "../../src/store/index.js";
import { describeVisitorPortsContract } from "../support/context-store-contract.js";
import { BACKENDS } from "../support/port-harness.js";

for (const [name, open] of Object.entries(BACKENDS)) {
  describeVisitorPortsContract(name, () =>
    open((store) => {
      const { records, dialect } = store.sharedExecutor();
      return new VisitorRecords({ records, dialect });
    }),
  );
}
