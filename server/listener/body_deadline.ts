/**
 * Owns the body timeout of one request: the request handed to the app carries a body that must
 * arrive completely within a deadline, else it errors with a 408 and the listener is told.
 */

import { HttpError } from "../http_error.ts";

/**
 * A copy of a request whose body errors with a 408 {@linkcode HttpError} if it has not arrived
 * within `timeoutMs`. Call {@linkcode BodyDeadline.stop} once the response is out (a handler may
 * answer without reading the body); the timer is then cleared.
 *
 * @example
 * ```ts
 * const deadline = new BodyDeadline(request, 30_000, () => closeConnectionSoon());
 * const response = await app.fetch(deadline.request);
 * deadline.stop();
 * ```
 */
export class BodyDeadline {
  /** The request to hand on; the original one if it has no body. */
  readonly request: Request;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #expired = false;

  constructor(request: Request, timeoutMs: number, onExpired: () => void) {
    const body = request.body;
    if (body === null) {
      this.request = request;
      return;
    }
    const reader = body.getReader();
    let controller: ReadableStreamDefaultController<Uint8Array> | undefined;
    const stream = new ReadableStream<Uint8Array>({
      start: (c) => {
        controller = c;
      },
      pull: async (c) => {
        try {
          const { done, value } = await reader.read();
          if (this.#expired) return;
          if (done) {
            this.stop();
            c.close();
          } else {
            c.enqueue(value);
          }
        } catch (error) {
          if (this.#expired) return;
          this.stop();
          c.error(error);
        }
      },
      cancel: async (reason) => {
        this.stop();
        await reader.cancel(reason);
      },
    });
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#expired = true;
      const seconds = Math.round(timeoutMs / 100) / 10;
      const error = new HttpError(
        408,
        "request_timeout",
        `Request body did not arrive within ${seconds} s: send it at once after the headers`,
      );
      controller?.error(error);
      reader.cancel(error).catch(() => {});
      onExpired();
    }, timeoutMs);
    this.request = new Request(request.url, {
      method: request.method,
      headers: request.headers,
      body: stream,
    });
  }

  /** The body arrived or the response is out: the deadline no longer applies. */
  stop(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
