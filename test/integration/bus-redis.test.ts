// The Redis bus keeps the Bus contract against the machine's Redis, including through an outage.
import { randomBytes } from "node:crypto";
import { RedisBus } from "../../src/bus/index.js";
import { describeBusContract } from "../support/bus-contract.js";
import { TcpProxy } from "../support/tcp-proxy.js";

const REDIS_PORT = 6379;

describeBusContract("Redis", async () => {
  const prefix = `test-${randomBytes(6).toString("hex")}`;
  const proxy = await TcpProxy.start(REDIS_PORT);
  const publisher = new RedisBus({ url: `redis://127.0.0.1:${REDIS_PORT}`, prefix });
  const subscriber = new RedisBus({ url: `redis://127.0.0.1:${proxy.port}`, prefix });
  await Promise.all([publisher.ready(), subscriber.ready()]);
  return {
    publisher,
    subscriber,
    outage: proxy,
    async close() {
      await Promise.all([publisher.close(), subscriber.close()]);
      await proxy.close();
    },
  };
});
