// The PostgreSQL LISTEN/NOTIFY bus keeps the Bus contract against the machine's PostgreSQL.
import { randomBytes } from "node:crypto";
import { PostgresBus } from "../../src/bus/index.js";
import { describeBusContract } from "../support/bus-contract.js";
import { TcpProxy } from "../support/tcp-proxy.js";

const PG_PORT = 5432;
const url = (port: number) => `postgres://postgres@127.0.0.1:${port}/test`;

describeBusContract("PostgreSQL LISTEN/NOTIFY", async () => {
  const channel = `test_${randomBytes(6).toString("hex")}`;
  const proxy = await TcpProxy.start(PG_PORT);
  const publisher = new PostgresBus({ url: url(PG_PORT), channel });
  const subscriber = new PostgresBus({ url: url(proxy.port), channel, maxRetryMs: 200 });
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
