/**
 * Owns the echo benchmark's floor: a bare WebSocket echo server in a process of its own
 * (`ws_floor_server.ts`) and one socket to it, whose round trip is the least any WebSocket
 * between a viewer and a server costs on this machine, before Maestro does anything.
 */

const SERVER = new URL("./ws_floor_server.ts", import.meta.url).pathname;

/** One socket to a bare echo server; `await using` closes both. */
export class WsFloor implements AsyncDisposable {
  /** Called with performance.now() when a message comes back. */
  onEcho: (at: number) => void = () => {};
  readonly #child: Deno.ChildProcess;
  readonly #socket: WebSocket;

  private constructor(child: Deno.ChildProcess, socket: WebSocket) {
    this.#child = child;
    this.#socket = socket;
    socket.binaryType = "arraybuffer";
    socket.onmessage = () => this.onEcho(performance.now());
  }

  static async start(): Promise<WsFloor> {
    const child = new Deno.Command(Deno.execPath(), {
      args: ["run", "--allow-net", SERVER],
      stdin: "null",
      stdout: "piped",
      stderr: "inherit",
    }).spawn();
    try {
      const port = await firstPort(child.stdout);
      const socket = new WebSocket(`ws://127.0.0.1:${port}/`);
      await new Promise<void>((resolve, reject) => {
        socket.onopen = () => resolve();
        socket.onerror = () => reject(new Error("Cannot open the bare WebSocket"));
      });
      return new WsFloor(child, socket);
    } catch (error) {
      child.kill("SIGKILL");
      await child.status;
      throw error;
    }
  }

  /** Send one small binary message (it comes back to {@linkcode onEcho}). */
  send(bytes: Uint8Array): void {
    this.#socket.send(bytes);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    this.#socket.close();
    try {
      this.#child.kill("SIGTERM");
    } catch {
      // Already gone.
    }
    await this.#child.status;
  }
}

/** Reads `listening <port>` from the server's output, then drains the rest. */
async function firstPort(stdout: ReadableStream<Uint8Array>): Promise<number> {
  const reader = stdout.getReader();
  const decoder = new TextDecoder();
  let text = "";
  const deadline = setTimeout(() => reader.cancel(), 15_000);
  try {
    while (true) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`The bare WebSocket server printed no port: ${text}`);
      text += decoder.decode(value, { stream: true });
      const match = /listening (\d+)/.exec(text);
      if (match) {
        (async () => {
          while (!(await reader.read()).done) { /* drain */ }
        })().catch(() => {});
        return Number(match[1]);
      }
    }
  } finally {
    clearTimeout(deadline);
  }
}
