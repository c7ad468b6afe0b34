// Closing what a test opened (servers, sockets, clients) after it, newest first.
import { afterEach } from "vitest";

/** Anything a test opens and must close: a TestServer, a TestClient, a DeskSocket, … */
export interface Closable {
  close(): unknown;
}

/**
 * Registers an `afterEach` that closes everything given to the returned `track` during the test,
 * newest first, so clients and sockets go before the server they talk to. `track` returns its
 * argument, for `t = track(await startTestServer())`.
 */
export function closeAfterEach(): <T extends Closable>(thing: T) => T {
  const opened: Closable[] = [];
  afterEach(async () => {
    for (const thing of opened.splice(0).reverse()) await thing.close();
  });
  return (thing) => {
    opened.push(thing);
    return thing;
  };
}
