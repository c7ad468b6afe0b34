import { InProcessLimits } from "../../src/core/index.js";
import { limitsContract } from "../support/limits-contract.js";

limitsContract("in-process", async () => {
  const limits = new InProcessLimits();
  return { connect: () => limits, drop: async () => undefined };
});
