// A stand-in S3 for the S3 BlobStore tests: a real HTTP server on loopback that keeps objects in
// memory and checks every request's AWS Signature Version 4 as S3 does, refusing bad ones with 403.
import { createHash, createHmac } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export const S3_ACCESS_KEY = "AKIDTESTSWITCHBOARD";
export const S3_SECRET_KEY = "test-secret-key-0123456789abcdefghijklmn";
export const S3_REGION = "eu-test-1";
export const S3_BUCKET = "files";

/** One request the fake received, with its signature verdict. */
export interface S3Request {
  method: string;
  url: string;
  signed: boolean;
  /** Why the signature failed, when it did. */
  problem?: string;
}

/** In-memory S3 (path-style): PUT/GET/DELETE object, ListObjectsV2, DeleteObjects. */
export class FakeS3 {
  readonly requests: S3Request[] = [];
  readonly objects = new Map<string, { body: Buffer; contentType: string }>();
  readonly #server: Server;
  /** Secret the fake checks signatures with (tests change it to see refusals). */
  secret = S3_SECRET_KEY;

  private constructor(server: Server) {
    this.#server = server;
  }

  static async start(): Promise<FakeS3> {
    const server = createServer();
    const fake = new FakeS3(server);
    server.on("request", (req, res) => fake.#receive(req, res));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return fake;
  }

  get endpoint(): string {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise((resolve) => this.#server.close(resolve));
  }

  #receive(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const problem = sigV4Problem(req, body, this.secret);
      this.requests.push({
        method: req.method ?? "",
        url: req.url ?? "",
        signed: problem === undefined,
        ...(problem ? { problem } : {}),
      });
      if (problem) xml(res, 403, error("SignatureDoesNotMatch", problem));
      else this.#handle(req, body, res);
    });
  }

  #handle(req: IncomingMessage, body: Buffer, res: ServerResponse): void {
    const url = new URL(req.url ?? "/", "http://s3");
    const [, bucket, ...rest] = url.pathname.split("/");
    const key = decodeURIComponent(rest.join("/"));
    if (bucket !== S3_BUCKET) return void xml(res, 404, error("NoSuchBucket", "no such bucket"));
    if (req.method === "PUT" && key) {
      const contentType = String(req.headers["content-type"] ?? "application/octet-stream");
      this.objects.set(key, { body, contentType });
      res.writeHead(200, { ETag: `"${createHash("md5").update(body).digest("hex")}"` });
      return void res.end();
    }
    if (req.method === "GET" && key) {
      const found = this.objects.get(key);
      if (!found)
        return void xml(res, 404, error("NoSuchKey", "The specified key does not exist."));
      res.writeHead(200, {
        "Content-Type": found.contentType,
        "Content-Length": found.body.length,
      });
      return void res.end(found.body);
    }
    if (req.method === "DELETE" && key) {
      this.objects.delete(key);
      res.writeHead(204);
      return void res.end();
    }
    if (req.method === "GET" && url.searchParams.get("list-type") === "2") {
      const prefix = url.searchParams.get("prefix") ?? "";
      const keys = [...this.objects.keys()].filter((k) => k.startsWith(prefix)).sort();
      const contents = keys.map((k) => `<Contents><Key>${escapeXml(k)}</Key></Contents>`).join("");
      return void xml(
        res,
        200,
        `<ListBucketResult><Name>${S3_BUCKET}</Name><Prefix>${escapeXml(prefix)}</Prefix><KeyCount>${keys.length}</KeyCount><IsTruncated>false</IsTruncated>${contents}</ListBucketResult>`,
      );
    }
    if (req.method === "POST" && url.searchParams.has("delete")) {
      const keys = [...body.toString("utf8").matchAll(/<Key>([^<]*)<\/Key>/g)].map((m) =>
        unescapeXml(m[1] ?? ""),
      );
      for (const k of keys) this.objects.delete(k);
      return void xml(res, 200, "<DeleteResult></DeleteResult>");
    }
    xml(res, 400, error("InvalidRequest", "not supported by the fake"));
  }
}

// --- AWS Signature Version 4, as S3 checks it ---------------------------------------------------

function sigV4Problem(req: IncomingMessage, body: Buffer, secret: string): string | undefined {
  const auth = String(req.headers.authorization ?? "");
  const match =
    /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/s3\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/.exec(
      auth,
    );
  if (!match) return "no SigV4 Authorization header";
  const [, accessKey, day, region, signedHeaders, signature] = match as unknown as string[];
  if (accessKey !== S3_ACCESS_KEY) return "unknown access key";
  if (region !== S3_REGION) return "wrong region";
  const amzDate = String(req.headers["x-amz-date"] ?? "");
  if (!amzDate.startsWith(day as string)) return "x-amz-date does not match the credential's day";
  const payloadHash = String(req.headers["x-amz-content-sha256"] ?? "");
  if (payloadHash !== "UNSIGNED-PAYLOAD" && payloadHash !== sha256(body))
    return "x-amz-content-sha256 does not match the body";
  const names = (signedHeaders as string).split(";");
  if (!names.includes("host") || !names.includes("x-amz-date"))
    return "host and x-amz-date must be signed";
  const raw = new URL(req.url ?? "/", "http://s3");
  const canonicalHeaders = names
    .map(
      (n) =>
        `${n}:${String(req.headers[n] ?? "")
          .trim()
          .replace(/\s+/g, " ")}\n`,
    )
    .join("");
  const canonical = [
    req.method,
    raw.pathname,
    canonicalQuery(req.url ?? ""),
    canonicalHeaders,
    signedHeaders,
    payloadHash,
  ].join("\n");
  const scope = `${day}/${region}/s3/aws4_request`;
  const toSign = ["AWS4-HMAC-SHA256", amzDate, scope, sha256(Buffer.from(canonical))].join("\n");
  let key: Buffer = hmac(`AWS4${secret}`, day as string);
  for (const part of [region as string, "s3", "aws4_request"]) key = hmac(key, part);
  const expected = createHmac("sha256", key).update(toSign).digest("hex");
  return expected === signature ? undefined : "signature does not match";
}

function canonicalQuery(url: string): string {
  const query = url.includes("?") ? url.slice(url.indexOf("?") + 1) : "";
  if (query === "") return "";
  return query
    .split("&")
    .map((pair) => {
      const at = pair.indexOf("=");
      const k = decodeURIComponent(at < 0 ? pair : pair.slice(0, at));
      const v = at < 0 ? "" : decodeURIComponent(pair.slice(at + 1).replace(/\+/g, "%20"));
      return [rfc3986(k), rfc3986(v)] as const;
    })
    .sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join("&");
}

function rfc3986(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

const sha256 = (data: Buffer) => createHash("sha256").update(data).digest("hex");
const hmac = (key: string | Buffer, text: string) =>
  createHmac("sha256", key).update(text).digest();
const escapeXml = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const unescapeXml = (s: string) =>
  s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
const error = (code: string, message: string) =>
  `<Error><Code>${code}</Code><Message>${escapeXml(message)}</Message></Error>`;

function xml(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { "Content-Type": "application/xml" });
  res.end(`<?xml version="1.0" encoding="UTF-8"?>${text}`);
}
