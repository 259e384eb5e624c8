/** Owns a test client for the overview WebSocket: records every message and mirrors the state. */

import {
  type OverviewMessage,
  OverviewMirror,
  parseOverviewMessage,
  type Thumbnail,
} from "../../protocol/overview_protocol.ts";
import { TestSocket } from "./test_socket.ts";

/** An `/api/overview` client for tests; `await using` closes it. */
export class OverviewClient extends TestSocket {
  readonly messages: OverviewMessage[] = [];
  readonly mirror = new OverviewMirror();
  /** Every thumbnail received, in order (to count re-sends). */
  readonly received: Thumbnail[] = [];

  protected override onMessage(event: MessageEvent): void {
    const message = parseOverviewMessage(String(event.data));
    if (message === null) throw new Error(`Not an overview message: ${event.data}`);
    this.messages.push(message);
    this.received.push(...message.thumbnails);
    this.mirror.apply(message);
  }

  /** The current thumbnail of a session, if any. */
  thumbnail(name: string, host = "local"): Thumbnail | undefined {
    return this.mirror.get({ host, name });
  }

  /** How many times a session's thumbnail was sent. */
  sends(name: string, host = "local"): number {
    return this.received.filter((t) => t.host === host && t.name === name).length;
  }

  get synced(): boolean {
    return this.messages.some((m) => m.synced);
  }

  /** Wait until a session's screen satisfies `predicate`. */
  async waitForScreen(
    name: string,
    predicate: (screen: string) => boolean,
    what: string,
    host = "local",
  ): Promise<Thumbnail> {
    await this.waitFor(() => {
      const t = this.thumbnail(name, host);
      return t !== undefined && predicate(t.screen);
    }, `${host}/${name} to show ${what}`);
    return this.thumbnail(name, host) as Thumbnail;
  }
}
