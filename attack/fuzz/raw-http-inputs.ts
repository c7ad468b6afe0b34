// Requests the HTTP parser itself must refuse: broken request lines, headers and framing, sent as bytes.
import { connect } from "node:net";
import type { Finding } from "./findings.js";
import type { Random } from "./random.js";
import { ANSWER_MS } from "./ws-fuzzer.js";

/** Statuses Node's parser and Fastify answer unreadable requests with, before any route runs. */
const PARSER_STATUSES = [400, 404, 405, 413, 414, 431, 505];

/** Raw request bytes. */
export interface RawHttpInput {
  name: string;
  bytes: Buffer;
}

/** A malformed (or barely well-formed) request. */
export function rawHttpInput(random: Random): RawHttpInput {
  const target = random.pick(["/", "/healthz", "/api/v1/sessions", "/ws", "*", "http://x/", ""]);
  const lines = random.weighted<string[]>([
    [1, [`GET ${target} HTTP/1.1`, "Host: x"]],
    [1, [`GET ${target}`, "Host: x"]],
    [1, [`G\u0000T ${target} HTTP/1.1`, "Host: x"]],
    [1, [`GET ${target} HTTP/9.9`, "Host: x"]],
    [1, [`GET ${target} HTTP/1.1`, "Host: x", "Bad Header Without Colon"]],
    [1, [`POST ${target} HTTP/1.1`, "Host: x", "Content-Length: 5", "Content-Length: 6"]],
    [1, [`POST ${target} HTTP/1.1`, "Host: x", "Transfer-Encoding: chunked", "Content-Length: 3"]],
    [1, [`POST ${target} HTTP/1.1`, "Host: x", "Transfer-Encoding: chunked", "", "zz\r\nxx"]],
    [1, [`GET ${target} HTTP/1.1`, "Host: x", `X-Big: ${"b".repeat(random.size(17_000, 80_000))}`]],
    [1, [`GET /${"p".repeat(random.size(9000, 70_000))} HTTP/1.1`, "Host: x"]],
    [
      1,
      [
        `GET ${target} HTTP/1.1`,
        "Host: x",
        "Upgrade: websocket",
        "Connection: Upgrade",
        "Sec-WebSocket-Version: 8",
      ],
    ],
    [
      1,
      [
        `GET /ws?session_id=a&access_token=b HTTP/1.1`,
        "Host: x",
        "Upgrade: websocket",
        "Connection: Upgrade",
        "Sec-WebSocket-Key: short",
        "Sec-WebSocket-Version: 13",
      ],
    ],
  ]);
  return { name: "raw HTTP", bytes: Buffer.from(`${lines.join("\r\n")}\r\n\r\n`, "latin1") };
}

/** Sends the bytes on a fresh connection; a finding unless a parser status or a close comes back in time. */
export function runRawHttp(
  host: string,
  port: number,
  input: RawHttpInput,
): Promise<Omit<Finding, "input" | "name"> | null> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    let head = "";
    const done = (finding: Omit<Finding, "input" | "name"> | null) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(finding);
    };
    const timer = setTimeout(
      () => done({ kind: "hang", detail: "no answer to raw bytes" }),
      ANSWER_MS,
    );
    socket.on("data", (chunk: Buffer) => {
      head += chunk.toString("latin1");
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1] ?? Number.NaN);
      if (Number.isNaN(status)) return;
      if (status >= 500 && status !== 505)
        return done({ kind: "undocumented", detail: `raw bytes answered ${status}` });
      done(
        status < 500 || PARSER_STATUSES.includes(status)
          ? null
          : { kind: "undocumented", detail: `raw bytes answered ${status}` },
      );
    });
    socket.on("error", () => done(null));
    socket.on("close", () => done(null));
    socket.write(input.bytes);
  });
}
