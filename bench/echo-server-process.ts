// The baseline as a bench child: a bare `ws` server that sends every message straight back.
import { createServer } from "node:http";
import { WebSocketServer } from "ws";
import { announceReady, serveRunner } from "./child-ipc.js";

const http = createServer((_request, response) => response.writeHead(404).end());
// The same frame limits as Switchboard's gateway, so only the work per message differs.
const wss = new WebSocketServer({ server: http, maxPayload: 128 * 1024, perMessageDeflate: false });
wss.on("connection", (ws) => {
  ws.on("message", (data, isBinary) => ws.send(data, { binary: isBinary }));
  ws.on("error", () => ws.terminate());
});

http.listen(0, "127.0.0.1", () => {
  const address = http.address();
  const port = typeof address === "object" && address ? address.port : 0;
  serveRunner(
    () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close(() => http.close(() => resolve()));
      }),
  );
  announceReady({ kind: "ready", port });
});
