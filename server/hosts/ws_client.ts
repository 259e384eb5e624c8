/**
 * Owns a minimal WebSocket client (RFC 6455) over Deno's TCP/TLS connections. Used for the
 * manager → worker links because, unlike the WebSocket API, it reads only when asked (so a slow
 * browser slows the worker through TCP instead of filling the manager's memory) and it accepts
 * a custom CA for `wss://` workers.
 */

export interface WsConnectOptions {
  headers?: Record<string, string>;
  /** PEM certificates to trust for `wss://` (e.g. a worker's self-signed certificate). */
  caCerts?: string[];
  /** Milliseconds to wait for the connection and handshake. */
  timeoutMs?: number;
}

/** One received message. */
export interface WsMessage {
  binary: boolean;
  data: Uint8Array;
}

/** The server refused the upgrade (HTTP status and body, e.g. a JSON API error). */
export class WsHandshakeError extends Error {
  constructor(readonly status: number, readonly body: string) {
    super(`WebSocket upgrade refused with HTTP ${status}${body ? `: ${body.slice(0, 300)}` : ""}`);
    this.name = "WsHandshakeError";
  }
}

/** Largest message accepted from a peer. */
export const WS_MAX_MESSAGE_BYTES = 16 * 1024 * 1024;
/** How long a close frame may take to go out before the connection is dropped anyway. */
export const WS_CLOSE_FRAME_WAIT_MS = 1000;
const GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * A connected WebSocket. `next()` pulls one message (null once closed); `send()` writes one.
 *
 * @example
 * ```ts
 * const ws = await WsClient.connect("ws://127.0.0.1:23000/api/events", { headers });
 * for (let m = await ws.next(); m; m = await ws.next()) handle(m);
 * ```
 */
export class WsClient {
  readonly #conn: Deno.Conn;
  readonly #chunk = new Uint8Array(65536);
  #buffer: Uint8Array;
  #writing: Promise<void> = Promise.resolve();
  #closed = false;
  #closing: Promise<void> | null = null;
  /** Date.now() of the last frame received (any kind, pongs included). */
  lastReceived = Date.now();
  /** Close code and reason from the peer, once closed. */
  closeCode: number | null = null;
  closeReason = "";

  private constructor(conn: Deno.Conn, leftover: Uint8Array) {
    this.#conn = conn;
    this.#buffer = leftover;
  }

  static async connect(url: string, options: WsConnectOptions = {}): Promise<WsClient> {
    const target = new URL(url);
    const secure = target.protocol === "wss:" || target.protocol === "https:";
    const port = Number(target.port) || (secure ? 443 : 80);
    const hostname = target.hostname.replace(/^\[|\]$/g, "");
    const timeout = options.timeoutMs ?? 5000;
    // TCP first, Nagle off, then TLS over it (a TlsConn has no such switch): a relayed keystroke
    // is a small frame, never to be held back until the worker acknowledges the one before.
    const connecting: Promise<Deno.Conn> = Deno.connect({ hostname, port }).then(
      (tcp): Deno.Conn | Promise<Deno.Conn> => {
        tcp.setNoDelay(true);
        if (!secure) return tcp;
        return Deno.startTls(tcp, {
          hostname,
          ...(options.caCerts ? { caCerts: options.caCerts } : {}),
        }).catch((error) => {
          tcp.close();
          throw error;
        });
      },
    );
    const conn = await raceTimeout(
      connecting,
      timeout,
      `Cannot connect to ${target.host}`,
      (c) => c.close(),
    );
    try {
      const key = encodeBase64(crypto.getRandomValues(new Uint8Array(16)));
      const lines = [
        `GET ${target.pathname}${target.search} HTTP/1.1`,
        `Host: ${target.host}`,
        "Upgrade: websocket",
        "Connection: Upgrade",
        `Sec-WebSocket-Key: ${key}`,
        "Sec-WebSocket-Version: 13",
        ...Object.entries(options.headers ?? {}).map(([name, value]) => `${name}: ${value}`),
      ];
      await writeAll(conn, encoder.encode(lines.join("\r\n") + "\r\n\r\n"));
      const { head, rest } = await raceTimeout(
        readHead(conn),
        timeout,
        `No WebSocket handshake from ${target.host}`,
      );
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0);
      if (status !== 101) {
        const body = await raceTimeout(readBody(conn, head, rest), timeout, "body").catch(() => "");
        throw new WsHandshakeError(status, body);
      }
      const accept = /\r\nsec-websocket-accept:\s*(\S+)/i.exec(head)?.[1];
      const expected = encodeBase64(
        new Uint8Array(await crypto.subtle.digest("SHA-1", encoder.encode(key + GUID))),
      );
      if (accept !== expected) throw new WsHandshakeError(status, "bad Sec-WebSocket-Accept");
      return new WsClient(conn, rest);
    } catch (error) {
      conn.close();
      throw error;
    }
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Read the next data message; null when the connection closed. Answers pings by itself. */
  async next(): Promise<WsMessage | null> {
    const parts: Uint8Array[] = [];
    let size = 0;
    let binary = true;
    while (!this.#closed) {
      const header = await this.#read(2);
      if (!header) break;
      this.lastReceived = Date.now();
      const b0 = header[0] as number, b1 = header[1] as number;
      const fin = (b0 & 0x80) !== 0;
      const opcode = b0 & 0x0f;
      let length = b1 & 0x7f;
      if (length === 126) {
        const ext = await this.#read(2);
        if (!ext) break;
        length = ((ext[0] as number) << 8) | (ext[1] as number);
      } else if (length === 127) {
        const ext = await this.#read(8);
        if (!ext) break;
        length = Number(new DataView(ext.buffer, ext.byteOffset, 8).getBigUint64(0));
      }
      const maskKey = (b1 & 0x80) !== 0 ? await this.#read(4) : null;
      if (size + length > WS_MAX_MESSAGE_BYTES) {
        await this.close(1009, "message too large");
        break;
      }
      const payload = length === 0 ? new Uint8Array(0) : await this.#read(length);
      if (!payload) break;
      if (maskKey) {
        for (let i = 0; i < payload.length; i++) {
          payload[i] = (payload[i] as number) ^ (maskKey[i % 4] as number);
        }
      }
      if (opcode === 0x8) {
        this.closeCode = payload.length >= 2
          ? ((payload[0] as number) << 8) | (payload[1] as number)
          : 1005;
        this.closeReason = decoder.decode(payload.subarray(2));
        await this.close(this.closeCode === 1005 ? 1000 : this.closeCode);
        break;
      }
      if (opcode === 0x9) {
        await this.#writeFrame(0xa, payload).catch(() => {});
        continue;
      }
      if (opcode === 0xa) continue;
      if (opcode === 0x1 || opcode === 0x2) binary = opcode === 0x2;
      parts.push(payload);
      size += payload.length;
      if (fin) return { binary, data: parts.length === 1 ? payload : concatBytes(parts, size) };
    }
    this.#finish();
    return null;
  }

  /** Send one message (binary for bytes, text for strings). */
  send(data: Uint8Array | string): Promise<void> {
    if (this.#closed) return Promise.reject(new Error("WebSocket is closed"));
    return typeof data === "string"
      ? this.#writeFrame(0x1, encoder.encode(data))
      : this.#writeFrame(0x2, data);
  }

  /** Send a ping; the peer's pong updates {@link lastReceived}. */
  ping(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    return this.#writeFrame(0x9, new Uint8Array(0)).catch(() => {});
  }

  /**
   * Send a close frame and close the connection. A peer that stopped reading (a machine that
   * vanished, its socket buffers full) gets {@link WS_CLOSE_FRAME_WAIT_MS} for the frame, then the
   * connection is dropped without it.
   */
  close(code = 1000, reason = ""): Promise<void> {
    if (this.#closed) return Promise.resolve();
    this.#closing ??= this.#sendClose(code, reason);
    return this.#closing;
  }

  async #sendClose(code: number, reason: string): Promise<void> {
    const body = new Uint8Array(2 + Math.min(encoder.encode(reason).length, 120));
    body[0] = code >> 8;
    body[1] = code & 0xff;
    body.set(encoder.encode(reason).subarray(0, 120), 2);
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      this.#writeFrame(0x8, body).catch(() => {}),
      new Promise<void>((resolve) => timer = setTimeout(resolve, WS_CLOSE_FRAME_WAIT_MS)),
    ]);
    clearTimeout(timer);
    this.#finish();
  }

  #finish(): void {
    if (this.#closed) return;
    this.#closed = true;
    try {
      this.#conn.close();
    } catch {
      // Already closed.
    }
  }

  #writeFrame(opcode: number, payload: Uint8Array): Promise<void> {
    const length = payload.length;
    const headerLength = 2 + (length < 126 ? 0 : length < 65536 ? 2 : 8) + 4;
    const frame = new Uint8Array(headerLength + length);
    frame[0] = 0x80 | opcode;
    let offset = 2;
    if (length < 126) {
      frame[1] = 0x80 | length;
    } else if (length < 65536) {
      frame[1] = 0x80 | 126;
      frame[2] = length >> 8;
      frame[3] = length & 0xff;
      offset = 4;
    } else {
      frame[1] = 0x80 | 127;
      new DataView(frame.buffer).setBigUint64(2, BigInt(length));
      offset = 10;
    }
    const mask = crypto.getRandomValues(new Uint8Array(4));
    frame.set(mask, offset);
    offset += 4;
    for (let i = 0; i < length; i++) {
      frame[offset + i] = (payload[i] as number) ^ (mask[i & 3] as number);
    }
    const write = this.#writing.then(() => writeAll(this.#conn, frame));
    this.#writing = write.catch(() => {});
    return write;
  }

  /** Exactly `n` bytes, or null at end of stream. */
  async #read(n: number): Promise<Uint8Array | null> {
    while (this.#buffer.length < n) {
      // Reads land in one reused buffer; only what arrived is kept (a large frame reads big).
      const missing = n - this.#buffer.length;
      const chunk = missing > this.#chunk.length ? new Uint8Array(missing) : this.#chunk;
      let count: number | null;
      try {
        count = await this.#conn.read(chunk);
      } catch {
        count = null;
      }
      if (count === null) return null;
      const got = chunk.subarray(0, count);
      this.#buffer = this.#buffer.length === 0
        ? got.slice()
        : concatBytes([this.#buffer, got], this.#buffer.length + count);
    }
    const out = this.#buffer.slice(0, n);
    this.#buffer = this.#buffer.subarray(n);
    return out;
  }
}

async function writeAll(conn: Deno.Conn, data: Uint8Array): Promise<void> {
  let offset = 0;
  while (offset < data.length) offset += await conn.write(data.subarray(offset));
}

async function readHead(conn: Deno.Conn): Promise<{ head: string; rest: Uint8Array }> {
  let buffer: Uint8Array = new Uint8Array(0);
  while (true) {
    const chunk = new Uint8Array(4096);
    const count = await conn.read(chunk);
    if (count === null) throw new Error("Connection closed during the WebSocket handshake");
    buffer = concatBytes([buffer, chunk.subarray(0, count)], buffer.length + count);
    const end = findHeadEnd(buffer);
    if (end >= 0) {
      return { head: decoder.decode(buffer.subarray(0, end)), rest: buffer.slice(end + 4) };
    }
    if (buffer.length > 64 * 1024) throw new Error("WebSocket handshake response too large");
  }
}

async function readBody(conn: Deno.Conn, head: string, rest: Uint8Array): Promise<string> {
  const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
  let body = rest;
  while (body.length < Math.min(length, 8192)) {
    const chunk = new Uint8Array(4096);
    const count = await conn.read(chunk);
    if (count === null) break;
    body = concatBytes([body, chunk.subarray(0, count)], body.length + count);
  }
  return decoder.decode(body.subarray(0, length));
}

function findHeadEnd(buffer: Uint8Array): number {
  for (let i = 0; i + 3 < buffer.length; i++) {
    if (buffer[i] === 13 && buffer[i + 1] === 10 && buffer[i + 2] === 13 && buffer[i + 3] === 10) {
      return i;
    }
  }
  return -1;
}

function concatBytes(parts: Uint8Array[], size: number): Uint8Array {
  const out = new Uint8Array(size);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** `promise`, or a timeout error after `ms`; a late result is handed to `discard`. */
async function raceTimeout<T>(
  promise: Promise<T>,
  ms: number,
  message: string,
  discard?: (late: T) => void,
): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let timedOut = false;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      timedOut = true;
      reject(new Error(`${message}: timed out after ${ms} ms`));
    }, ms);
  });
  promise.then((value) => timedOut && discard?.(value), () => {});
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Standard base64 of bytes. */
export function encodeBase64(bytes: Uint8Array): string {
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}
