// Sends HTTP inputs and checks each answer: never a 5xx, always nosniff, errors in each surface's documented shape.
import { Agent, request } from "node:http";
import { httpErrorProblem } from "./documented.js";
import type { Finding, Findings } from "./findings.js";
import type { HttpInput } from "./http-inputs.js";
import { ANSWER_MS } from "./ws-fuzzer.js";

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Requests over one keep-alive agent, as a browser or an SDK would make them. */
export class HttpFuzzer {
  readonly #host: string;
  readonly #port: number;
  readonly #findings: Findings;
  readonly #agent = new Agent({ keepAlive: true, maxSockets: 4 });

  constructor(host: string, port: number, findings: Findings) {
    this.#host = host;
    this.#port = port;
    this.#findings = findings;
  }

  /** Sends one input and checks its answer. */
  async run(input: HttpInput, index: number): Promise<void> {
    const answer = await this.#send(input);
    const problem =
      answer === "timeout"
        ? { kind: "hang" as const, detail: "no answer" }
        : answerProblem(input, answer);
    if (problem) this.#findings.add({ ...problem, input: index, name: input.name });
  }

  close(): void {
    this.#agent.destroy();
  }

  #send(input: HttpInput): Promise<Answer | "timeout"> {
    return new Promise((resolve) => {
      const outgoing = request(
        {
          host: this.#host,
          port: this.#port,
          method: input.method,
          path: input.path,
          headers: input.headers,
          agent: this.#agent,
          timeout: ANSWER_MS,
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on("data", (chunk: Buffer) => chunks.push(chunk));
          response.on("end", () =>
            resolve({
              status: response.statusCode ?? 0,
              headers: response.headers,
              body: Buffer.concat(chunks).toString("utf8"),
            }),
          );
          response.on("error", () =>
            resolve({ status: response.statusCode ?? 0, headers: response.headers, body: "" }),
          );
        },
      );
      outgoing.on("timeout", () => {
        outgoing.destroy();
        resolve("timeout");
      });
      // The server may answer (413, 401) and close before reading a large body: that is an answer too.
      outgoing.on("error", () => resolve({ status: -1, headers: {}, body: "" }));
      outgoing.end(input.body);
    });
  }
}

/** What is wrong with `answer` for `input`, or null. */
export function answerProblem(
  input: HttpInput,
  answer: Answer,
): Omit<Finding, "input" | "name"> | null {
  if (answer.status === -1) return null;
  if (answer.status >= 500)
    return { kind: "undocumented", detail: `${answer.status} ${answer.body.slice(0, 200)}` };
  if (answer.headers["x-content-type-options"] !== "nosniff")
    return { kind: "undocumented", detail: `${answer.status} without nosniff` };
  if (answer.status < 400 || input.method === "HEAD") return null;
  let body: unknown;
  try {
    body = JSON.parse(answer.body);
  } catch {
    return {
      kind: "undocumented",
      detail: `${answer.status} with a body that is not JSON: ${answer.body.slice(0, 120)}`,
    };
  }
  const problem = errorBodyProblem(input.surface, answer.status, body);
  return problem ? { kind: "undocumented", detail: problem } : null;
}

// The public API's text is exact; admin and desk add `: detail` after it.
function errorBodyProblem(
  surface: HttpInput["surface"],
  status: number,
  body: unknown,
): string | null {
  const value = (body ?? {}) as {
    code?: unknown;
    message?: unknown;
    error?: { code?: unknown; message?: unknown };
  };
  if (surface === "admin") {
    if (value.error) return httpErrorProblem(status, value.error.code, value.error.message, false);
    // Outside a route the admin scope does not own (a bad URL), the public shape answers.
  }
  return httpErrorProblem(status, value.code, value.message, surface === "public");
}
