// A WebSocket client at the byte level: the upgrade by hand, frames written and read as they are on the wire.
import { randomBytes } from "node:crypto";
import { connect, type Socket } from "node:net";

/** Frame opcodes (RFC 6455 §5.2). */
export const OPCODES = {
  continuation: 0x0,
  text: 0x1,
  binary: 0x2,
  close: 0x8,
  ping: 0x9,
  pong: 0xa,
} as const;

/** One frame as a client writes it; every field may be set to something a server must refuse. */
export interface RawFrame {
  opcode: number;
  payload: Buffer;
  /** FIN bit; false starts or continues a fragmented message. */
  fin?: boolean;
  /** RSV1..3 as a 3-bit number (must be 0 without extensions). */
  rsv?: number;
  /** Clients must mask; false writes an unmasked frame, which a server must refuse. */
  masked?: boolean;
}

/** One frame as the server sent it. */
export interface ServerFrame {
  opcode: number;
  fin: boolean;
  payload: Buffer;
}

export interface RawUpgrade {
  host: string;
  port: number;
  /** Path and query, e.g. `/ws?session_id=…&access_token=…`. */
  path: string;
  /** Source address (127.0.0.2 …), so per-client limits can tell clients apart. */
  localAddress?: string;
  headers?: Record<string, string>;
}

/** The socket after a 101, or the status and head of the refusal. */
export type UpgradeOutcome =
  | { ok: true; socket: Socket; rest: Buffer }
  | { ok: false; status: number; head: string };

/** Encodes a client frame (masked unless told otherwise). */
export function encodeFrame(frame: RawFrame): Buffer {
  const { payload } = frame;
  const masked = frame.masked ?? true;
  const first = ((frame.fin ?? true) ? 0x80 : 0) | (((frame.rsv ?? 0) & 0x7) << 4) | frame.opcode;
  const length = payload.length;
  const lengthBytes = length < 126 ? 0 : length < 65_536 ? 2 : 8;
  const header = Buffer.alloc(2 + lengthBytes + (masked ? 4 : 0));
  header[0] = first;
  header[1] = (masked ? 0x80 : 0) | (lengthBytes === 0 ? length : lengthBytes === 2 ? 126 : 127);
  if (lengthBytes === 2) header.writeUInt16BE(length, 2);
  if (lengthBytes === 8) header.writeBigUInt64BE(BigInt(length), 2);
  if (!masked) return Buffer.concat([header, payload]);
  const mask = randomBytes(4);
  mask.copy(header, 2 + lengthBytes);
  const body = Buffer.allocUnsafe(length);
  for (let i = 0; i < length; i++) body[i] = (payload[i] as number) ^ (mask[i & 3] as number);
  return Buffer.concat([header, body]);
}

/** Splits server bytes into frames; keeps an incomplete tail for the next chunk. */
export class FrameReader {
  #pending: Buffer = Buffer.alloc(0);

  /** Frames completed by `chunk`. */
  push(chunk: Buffer): ServerFrame[] {
    this.#pending = this.#pending.length === 0 ? chunk : Buffer.concat([this.#pending, chunk]);
    const frames: ServerFrame[] = [];
    for (;;) {
      const frame = this.#next();
      if (!frame) return frames;
      frames.push(frame);
    }
  }

  #next(): ServerFrame | undefined {
    const buffer = this.#pending;
    if (buffer.length < 2) return undefined;
    const short = (buffer[1] as number) & 0x7f;
    const offset = short === 126 ? 4 : short === 127 ? 10 : 2;
    if (buffer.length < offset) return undefined;
    const length =
      short === 126
        ? buffer.readUInt16BE(2)
        : short === 127
          ? Number(buffer.readBigUInt64BE(2))
          : short;
    if (buffer.length < offset + length) return undefined;
    this.#pending = buffer.subarray(offset + length);
    return {
      opcode: (buffer[0] as number) & 0x0f,
      fin: ((buffer[0] as number) & 0x80) !== 0,
      payload: buffer.subarray(offset, offset + length),
    };
  }
}

/** The close code of a close frame's payload (1005 when it carries none). */
export function closeCodeOf(frame: ServerFrame): number {
  return frame.payload.length >= 2 ? frame.payload.readUInt16BE(0) : 1005;
}

/**
 * Opens a TCP connection and performs the upgrade; resolves on the status line and headers. The
 * socket comes back paused (call `resume()` to read frames), with any bytes after the headers in `rest`.
 */
export function rawUpgrade(target: RawUpgrade, timeoutMs = 10_000): Promise<UpgradeOutcome> {
  return new Promise((resolve, reject) => {
    const socket = connect({
      host: target.host,
      port: target.port,
      ...(target.localAddress ? { localAddress: target.localAddress } : {}),
    });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer to the upgrade of ${target.path} within ${timeoutMs} ms`));
    }, timeoutMs);
    let received = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      const end = received.indexOf("\r\n\r\n");
      if (end < 0) return;
      clearTimeout(timer);
      socket.off("data", onData);
      // Paused until the caller reads: a reader that never resumes never reads a byte more.
      socket.pause();
      const head = received.subarray(0, end).toString("latin1");
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0);
      if (status === 101) resolve({ ok: true, socket, rest: received.subarray(end + 4) });
      else {
        socket.destroy();
        resolve({ ok: false, status, head });
      }
    };
    socket.on("data", onData);
    socket.once("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    socket.once("connect", () => {
      const headers = {
        Host: `${target.host}:${target.port}`,
        Upgrade: "websocket",
        Connection: "Upgrade",
        "Sec-WebSocket-Key": randomBytes(16).toString("base64"),
        "Sec-WebSocket-Version": "13",
        ...target.headers,
      };
      const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}`);
      socket.write(`GET ${target.path} HTTP/1.1\r\n${lines.join("\r\n")}\r\n\r\n`);
    });
  });
}

/** A raw connection that reads: every server frame collected, the close code once one arrives. */
export class RawConnection {
  readonly frames: ServerFrame[] = [];
  /** The server's close code (1005 if its close frame had none), or null when the TCP link just ended. */
  readonly closed: Promise<number | null>;
  readonly #socket: Socket;
  readonly #reader = new FrameReader();
  #waiters: Array<() => void> = [];

  constructor(socket: Socket, rest: Buffer) {
    this.#socket = socket;
    let code: number | null = null;
    this.closed = new Promise((resolve) => socket.once("close", () => resolve(code)));
    const take = (chunk: Buffer) => {
      for (const frame of this.#reader.push(chunk)) {
        this.frames.push(frame);
        if (frame.opcode !== OPCODES.close || code !== null) continue;
        code = closeCodeOf(frame);
        // As RFC 6455 asks: answer the close frame, then the server ends the TCP connection.
        socket.end(encodeFrame({ opcode: OPCODES.close, payload: frame.payload.subarray(0, 2) }));
      }
      for (const wake of this.#waiters.splice(0)) wake();
    };
    socket.on("error", () => undefined);
    socket.on("close", () => {
      for (const wake of this.#waiters.splice(0)) wake();
    });
    if (rest.length > 0) take(rest);
    socket.on("data", take);
    socket.resume();
  }

  /** Upgrades and starts reading. */
  static async open(target: RawUpgrade): Promise<RawConnection> {
    const outcome = await rawUpgrade(target);
    if (!outcome.ok) throw new Error(`upgrade refused: ${outcome.status} ${outcome.head}`);
    return new RawConnection(outcome.socket, outcome.rest);
  }

  get open(): boolean {
    return !this.#socket.destroyed;
  }

  /** Writes frames (or raw bytes) as they are. */
  write(...frames: Array<RawFrame | Buffer>): void {
    if (this.#socket.destroyed) return;
    for (const frame of frames)
      this.#socket.write(Buffer.isBuffer(frame) ? frame : encodeFrame(frame));
  }

  /** The text of every text frame received so far, parsed as JSON. */
  texts(): unknown[] {
    return this.frames
      .filter((frame) => frame.opcode === OPCODES.text)
      .map((frame) => JSON.parse(frame.payload.toString("utf8")) as unknown);
  }

  /** Resolves with the first frame from index `from` that `match` accepts, or null on close/timeout. */
  async waitFor(
    match: (frame: ServerFrame) => boolean,
    from = 0,
    timeoutMs = 5000,
  ): Promise<ServerFrame | null> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.frames.slice(from).find(match);
      if (found) return found;
      if (this.#socket.destroyed || Date.now() > deadline) return null;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(1, deadline - Date.now()));
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Answers the close handshake if the server started it, and ends the connection. */
  close(): void {
    this.#socket.destroy();
  }
}
