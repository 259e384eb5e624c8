/** Owns a test client for `/api/events`: records every JSON message it pushes. */

import { TestSocket } from "./test_socket.ts";

/** An `/api/events` client for tests; `await using` closes it. */
export class EventsClient<M extends { type: string } = { type: string }> extends TestSocket {
  readonly messages: M[] = [];

  protected override onMessage(event: MessageEvent): void {
    this.messages.push(JSON.parse(event.data as string));
  }

  /** The messages of one type, in order. */
  ofType<T extends M>(type: string): T[] {
    return this.messages.filter((m) => m.type === type) as T[];
  }
}
