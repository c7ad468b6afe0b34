// HTTP requests from a chosen source address (127.0.0.2, …), so one machine can play several clients.
import { request } from "node:http";

/** A response read whole. */
export interface SentResult {
  status: number;
  headers: Headers;
  text: string;
  /** The body parsed, when it is JSON. */
  json: unknown;
}

/** Sends one request from `localAddress` on a connection of its own and reads the answer. */
export function sendFrom(
  localAddress: string,
  url: URL,
  method: string,
  headers: Record<string, string>,
  body?: string,
): Promise<SentResult> {
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { method, headers, localAddress, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        const responseHeaders = new Headers();
        for (const [name, value] of Object.entries(response.headers)) {
          if (value !== undefined) responseHeaders.set(name, String(value));
        }
        resolve({
          status: response.statusCode ?? 0,
          headers: responseHeaders,
          text,
          json: parsed(text),
        });
      });
    });
    outgoing.once("error", reject);
    outgoing.end(body);
  });
}

function parsed(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
