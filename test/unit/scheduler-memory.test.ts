import { MemoryTimerTable } from "../../src/coordination/index.js";
import { schedulerContract } from "../support/scheduler-contract.js";

schedulerContract("in memory (the fake scheduler's table)", async () => {
  const table = new MemoryTimerTable();
  return { connect: () => table, drop: async () => undefined };
});
