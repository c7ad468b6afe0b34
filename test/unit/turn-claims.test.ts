import { InProcessTurnClaims } from "../../src/core/index.js";
import { turnClaimsContract } from "../support/turn-claims-contract.js";

turnClaimsContract("in-process", async () => {
  const claims = new InProcessTurnClaims();
  return { connect: () => claims, drop: async () => undefined };
});
