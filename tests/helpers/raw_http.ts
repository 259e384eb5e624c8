/**
 * Owns sending one HTTP request with its path exactly as written: `fetch` and `WebSocket` resolve
 * "." and ".." segments (and "%2E", as the URL standard says) before anything is sent, so tests of
 * how a server treats such paths need their own request line.
 */

export interface RawAnswer {
  status: number;
  headers: Headers;
  body: string;
}

export interface RawRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** Ask for a WebSocket upgrade; the answer then ends after its head (101 or a refusal). */
  upgrade?: boolean;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Send `path` (sent byte for byte, not normalised) to the `http://` server at `base`. */
export async function rawRequest(
  base: string,
  path: string,
  request: RawRequest = {},
): Promise<RawAnswer> {
  const url = new URL(base);
  const conn = await Deno.connect({ hostname: url.hostname, port: Number(url.port) });
  try {
    const body = request.body === undefined ? null : encoder.encode(request.body);
    const lines = [
      `${request.method ?? "GET"} ${path} HTTP/1.1`,
      `Host: ${url.host}`,
      ...(request.upgrade
        ? [
          "Connection: Upgrade",
          "Upgrade: websocket",
          "Sec-WebSocket-Version: 13",
          "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
        ]
        : ["Connection: close"]),
      ...Object.entries(request.headers ?? {}).map(([name, value]) => `${name}: ${value}`),
      ...(body ? ["Content-Type: application/json", `Content-Length: ${body.length}`] : []),
    ];
    await writeAll(conn, encoder.encode(lines.join("\r\n") + "\r\n\r\n"));
    if (body) await writeAll(conn, body);
    return await readAnswer(conn);
  } finally {
    conn.close();
  }
}

async function writeAll(conn: Deno.Conn, bytes: Uint8Array): Promise<void> {
  for (let offset = 0; offset < bytes.length;) offset += await conn.write(bytes.subarray(offset));
}

async function readAnswer(conn: Deno.Conn): Promise<RawAnswer> {
  let received = new Uint8Array(0);
  const chunk = new Uint8Array(16 * 1024);
  let headEnd = -1;
  let head: { status: number; headers: Headers } | null = null;
  while (true) {
    if (head === null) {
      headEnd = indexOfHeadEnd(received);
      if (headEnd >= 0) {
        head = parseHead(decoder.decode(received.subarray(0, headEnd)));
        if (head.status === 101) return { ...head, body: "" };
      }
    }
    if (head !== null) {
      const rest = received.subarray(headEnd + 4);
      const length = head.headers.get("content-length");
      if (length !== null && rest.length >= Number(length)) {
        return { ...head, body: decoder.decode(rest.subarray(0, Number(length))) };
      }
    }
    const count = await conn.read(chunk);
    if (count === null) break;
    const next = new Uint8Array(received.length + count);
    next.set(received);
    next.set(chunk.subarray(0, count), received.length);
    received = next;
  }
  if (head === null) throw new Error("The server closed the connection without an answer");
  const rest = received.subarray(headEnd + 4);
  const chunked = /chunked/i.test(head.headers.get("transfer-encoding") ?? "");
  return { ...head, body: decoder.decode(chunked ? unchunk(rest) : rest) };
}

function indexOfHeadEnd(bytes: Uint8Array): number {
  for (let i = 0; i + 3 < bytes.length; i++) {
    if (bytes[i] === 13 && bytes[i + 1] === 10 && bytes[i + 2] === 13 && bytes[i + 3] === 10) {
      return i;
    }
  }
  return -1;
}

function parseHead(text: string): { status: number; headers: Headers } {
  const [statusLine = "", ...fields] = text.split("\r\n");
  const headers = new Headers();
  for (const field of fields) {
    const colon = field.indexOf(":");
    if (colon > 0) headers.append(field.slice(0, colon).trim(), field.slice(colon + 1).trim());
  }
  return { status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? 0), headers };
}

function unchunk(bytes: Uint8Array): Uint8Array {
  const parts: Uint8Array[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    const lineEnd = bytes.indexOf(10, offset);
    if (lineEnd < 0) break;
    const size = parseInt(decoder.decode(bytes.subarray(offset, lineEnd)).trim(), 16);
    if (!(size > 0)) break;
    parts.push(bytes.subarray(lineEnd + 1, lineEnd + 1 + size));
    offset = lineEnd + 1 + size + 2;
  }
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
