/** Owns the small WebSocket surface the connections use, so tests can hand them a fake. */

import { pageCredential } from "./page_credential.ts";

export interface SocketLike {
  binaryType: BinaryType;
  readonly readyState: number;
  /** Bytes queued by `send` and not yet on the wire. */
  readonly bufferedAmount: number;
  onopen: ((event: Event) => void) | null;
  onmessage: ((event: MessageEvent) => void) | null;
  onclose: ((event: CloseEvent) => void) | null;
  onerror: ((event: Event) => void) | null;
  send(data: string | ArrayBufferLike | ArrayBufferView): void;
  close(code?: number, reason?: string): void;
}

export type SocketFactory = (url: string) => SocketLike;

export const OPEN = 1;

/** A real WebSocket that carries the page's credential (a browser's WebSocket has no headers). */
export const browserSocket: SocketFactory = (url: string): SocketLike =>
  new WebSocket(url, pageCredential.protocols());

/** `path` on this page's origin with the ws:/wss: scheme. */
export function socketUrl(path: string, location: { protocol: string; host: string }): string {
  return `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}${path}`;
}

export type TimerId = ReturnType<typeof setTimeout>;

/** Timer functions, injectable for tests. */
export interface Timers {
  setTimeout(callback: () => void, ms: number): TimerId;
  clearTimeout(id: TimerId): void;
}

export const realTimers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (id) => clearTimeout(id),
};
