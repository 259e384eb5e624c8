/**
 * Owns a manager's link to one worker's `/api/overview`: the worker captures its own sessions
 * (with its own throttling), this reads the changes, re-tags them with the host id and reconnects
 * with back-off while the manager's overview has listeners.
 */

import type { Logger } from "../logger.ts";
import {
  type MirrorChange,
  OverviewMirror,
  parseOverviewMessage,
  type ThumbnailRef,
} from "../../protocol/overview_protocol.ts";

/** A pull-based message connection (the manager's WsClient fits). */
export interface MessageLink {
  next(): Promise<{ binary: boolean; data: Uint8Array } | null>;
  close(code?: number, reason?: string): Promise<void>;
}

export interface RemoteOverviewLinkOptions {
  hostId: string;
  open: () => Promise<MessageLink>;
  /** Called with what each message changed (hosts already re-tagged). */
  onChange: (change: MirrorChange) => void;
  /** Called once the worker's state is complete for the first time, or the link failed. */
  onSettled: () => void;
  logger: Logger;
  minBackoffMs?: number;
  maxBackoffMs?: number;
}

const decoder = new TextDecoder();

export class RemoteOverviewLink implements AsyncDisposable {
  readonly #options: RemoteOverviewLinkOptions;
  readonly #mirror = new OverviewMirror();
  #link: MessageLink | null = null;
  #loop: Promise<void> | null = null;
  #stopped = false;
  #settled = false;
  #wake: (() => void) | null = null;

  constructor(options: RemoteOverviewLinkOptions) {
    this.#options = options;
  }

  get settled(): boolean {
    return this.#settled;
  }

  /** Sessions without a thumbnail on the worker (its own limit). */
  get omitted(): number {
    return this.#mirror.omitted;
  }

  /** The worker's thumbnails held now. */
  refs(): ThumbnailRef[] {
    return this.#mirror.all().map(({ host, name }) => ({ host, name }));
  }

  start(): void {
    this.#loop ??= this.#run();
  }

  #settle(): void {
    if (this.#settled) return;
    this.#settled = true;
    this.#options.onSettled();
  }

  async #run(): Promise<void> {
    const min = this.#options.minBackoffMs ?? 1000;
    const max = this.#options.maxBackoffMs ?? 30_000;
    let backoff = min;
    while (!this.#stopped) {
      let reason = "the worker closed the overview";
      try {
        const link = await this.#options.open();
        if (this.#stopped) {
          await link.close(1001, "manager overview closed");
          break;
        }
        this.#link = link;
        for (let message = await link.next(); message; message = await link.next()) {
          if (message.binary) continue;
          const parsed = parseOverviewMessage(decoder.decode(message.data));
          if (parsed === null) continue;
          backoff = min;
          const change = this.#mirror.apply(parsed, this.#options.hostId);
          if (change.updated.length > 0 || change.removed.length > 0) {
            this.#options.onChange(change);
          }
          if (parsed.synced) this.#settle();
        }
      } catch (error) {
        reason = error instanceof Error ? error.message : String(error);
      } finally {
        this.#link = null;
      }
      if (this.#stopped) break;
      this.#options.logger.debug("Overview link down", { host: this.#options.hostId, reason });
      this.#settle();
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, backoff);
        this.#wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.#wake = null;
      backoff = Math.min(backoff * 2, max);
    }
  }

  async [Symbol.asyncDispose](): Promise<void> {
    this.#stopped = true;
    this.#wake?.();
    await this.#link?.close(1001, "manager overview closed");
    await this.#loop;
  }
}
