// The in-process bus keeps the Bus contract.
import { InProcessBus } from "../../src/bus/index.js";
import { describeBusContract } from "../support/bus-contract.js";

describeBusContract("in-process", async () => {
  const bus = new InProcessBus();
  return { publisher: bus, subscriber: bus, close: () => bus.close() };
});
