/** Owns a raw TCP connection to a test server, for requests no well-behaved client would send. */

import net from "node:net";

/**
 * A TCP connection that writes exactly the bytes it is given and records everything it reads.
 * `from` picks the local address (any 127.0.0.0/8 address works on Linux), so one test can play
 * several peers. `await using` closes it.
 */
export class RawConnection implements AsyncDisposable {
  /** Everything received so far, as text. */
  received = "";
  /** True once the server closed its side (or reset the connection). */
  ended = false;
  readonly #socket: net.Socket;
  readonly #closed: Promise<void>;
  readonly #changes = new Set<() => void>();

  private constructor(socket: net.Socket) {
    this.#socket = socket;
    socket.setEncoding("latin1");
    socket.on("data", (chunk: string) => {
      this.received += chunk;
      this.#changed();
    });
    socket.on("error", () => {}); // A reset shows as the end of the connection.
    this.#closed = new Promise((resolve) => {
      socket.on("close", () => {
        this.ended = true;
        this.#changed();
        resolve();
      });
    });
    socket.on("end", () => {
      this.ended = true;
      this.#changed();
    });
  }

  /** Connect to the host and port of `url`; resolves once connected. */
  static open(url: string, options: { from?: string } = {}): Promise<RawConnection> {
    const { hostname, port } = new URL(url);
    return new Promise((resolve, reject) => {
      const socket = net.connect({
        host: hostname,
        port: Number(port),
        ...(options.from !== undefined ? { localAddress: options.from } : {}),
      });
      const connection = new RawConnection(socket);
      socket.once("connect", () => resolve(connection));
      socket.once("error", (error) => reject(error));
    });
  }

  /** Send `text` as bytes (latin1); false if the connection is already gone. */
  write(text: string): Promise<boolean> {
    if (this.ended || this.#socket.destroyed) return Promise.resolve(false);
    return new Promise((resolve) => {
      this.#socket.write(text, "latin1", (error) => resolve(error === undefined || error === null));
    });
  }

  /**
   * Wait until `condition` holds (checked on every read and at the end), or fail after
   * `timeoutMs` naming `what` and what was received.
   */
  async waitFor(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
    if (condition()) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let check: (() => void) | undefined;
    try {
      await new Promise<void>((resolve, reject) => {
        timer = setTimeout(() => {
          reject(
            new Error(
              `Timed out after ${timeoutMs} ms waiting for ${what}; received ${
                JSON.stringify(this.received.slice(0, 500))
              }, ended ${this.ended}`,
            ),
          );
        }, timeoutMs);
        check = () => {
          if (condition()) resolve();
        };
        this.#changes.add(check);
      });
    } finally {
      clearTimeout(timer);
      if (check) this.#changes.delete(check);
    }
  }

  /** Wait until the server closes the connection; resolves with the ms it took from the call. */
  async waitForEnd(what: string, timeoutMs = 10_000): Promise<number> {
    const started = performance.now();
    await this.waitFor(() => this.ended, what, timeoutMs);
    return performance.now() - started;
  }

  /** Wait for `count` complete responses (status lines); returns their status codes. */
  async waitForResponses(count: number, what: string, timeoutMs = 10_000): Promise<number[]> {
    await this.waitFor(() => statuses(this.received).length >= count, what, timeoutMs);
    return statuses(this.received);
  }

  #changed(): void {
    for (const check of [...this.#changes]) check();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    this.#socket.destroy();
    await this.#closed;
  }
}

/** The status codes of the responses in `text`, in order. */
function statuses(text: string): number[] {
  return [...text.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((match) => Number(match[1]));
}

/** A request head for `path` on `url`'s host; `headers` are added as given. */
export function requestHead(
  url: string,
  path: string,
  headers: Record<string, string> = {},
  method = "GET",
): string {
  const lines = [`${method} ${path} HTTP/1.1`, `Host: ${new URL(url).host}`];
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  return lines.join("\r\n") + "\r\n\r\n";
}
