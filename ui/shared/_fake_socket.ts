/** Owns test doubles for sockets and timers used by the connection tests. */

import type { SocketLike, TimerId, Timers } from "./socket.ts";

export class FakeSocket implements SocketLike {
  binaryType: BinaryType = "blob";
  readyState = 0;
  bufferedAmount = 0;
  onopen: ((event: Event) => void) | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;
  onclose: ((event: CloseEvent) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  readonly sent: (string | Uint8Array)[] = [];
  closedWith: number | null = null;

  constructor(readonly url: string) {}

  send(data: string | ArrayBufferLike | ArrayBufferView): void {
    this.sent.push(
      typeof data === "string"
        ? data
        : ArrayBuffer.isView(data)
        ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice()
        : new Uint8Array(data).slice(),
    );
  }

  close(code = 1000): void {
    this.closedWith = code;
    this.readyState = 3;
  }

  // Test side: what the server does.
  serverOpen(): void {
    this.readyState = 1;
    this.onopen?.(new Event("open"));
  }

  serverSend(data: string | Uint8Array): void {
    const payload = typeof data === "string" ? data : data.slice().buffer;
    this.onmessage?.(new MessageEvent("message", { data: payload }));
  }

  serverClose(code: number, reason = ""): void {
    this.readyState = 3;
    this.onclose?.(new CloseEvent("close", { code, reason }));
  }
}

/** Records sockets created by a connection under test. */
export class SocketLog {
  readonly sockets: FakeSocket[] = [];
  readonly create = (url: string): FakeSocket => {
    const socket = new FakeSocket(url);
    this.sockets.push(socket);
    return socket;
  };

  get last(): FakeSocket {
    const socket = this.sockets.at(-1);
    if (socket === undefined) throw new Error("No socket was created");
    return socket;
  }
}

/** Timers that run only when the test says so. */
export class ManualTimers implements Timers {
  #next = 1;
  readonly pending = new Map<number, { callback: () => void; ms: number }>();

  setTimeout(callback: () => void, ms: number): TimerId {
    const id = this.#next++;
    this.pending.set(id, { callback, ms });
    return id as unknown as TimerId;
  }

  clearTimeout(id: TimerId): void {
    this.pending.delete(id as unknown as number);
  }

  /** Delays of the pending timers. */
  get delays(): number[] {
    return [...this.pending.values()].map((timer) => timer.ms);
  }

  /** Run every pending timer once. */
  runAll(): void {
    const timers = [...this.pending];
    this.pending.clear();
    for (const [, timer] of timers) timer.callback();
  }
}
