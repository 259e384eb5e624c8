import assert from "node:assert/strict";
import { HttpError } from "../http_error.ts";
import { BodyDeadline } from "./body_deadline.ts";

const encoder = new TextEncoder();

/** A request whose body is fed by hand; `cancelled` resolves with the reason if it is cancelled. */
function feedableRequest() {
  let feed: ReadableStreamDefaultController<Uint8Array> | undefined;
  const { promise: cancelled, resolve: onCancel } = Promise.withResolvers<unknown>();
  const body = new ReadableStream<Uint8Array>({
    start: (controller) => {
      feed = controller;
    },
    cancel: (reason) => onCancel(reason),
  });
  const request = new Request("http://127.0.0.1/api/login", { method: "POST", body });
  return { request, feed: feed as ReadableStreamDefaultController<Uint8Array>, cancelled };
}

Deno.test("BodyDeadline hands on a body that arrives in time, byte for byte", async () => {
  const { request, feed } = feedableRequest();
  let expired = 0;
  const deadline = new BodyDeadline(request, 5000, () => expired++);
  assert.notEqual(deadline.request, request);
  assert.equal(deadline.request.method, "POST");
  assert.equal(deadline.request.url, "http://127.0.0.1/api/login");
  const text = deadline.request.text();
  feed.enqueue(encoder.encode('{"token":'));
  feed.enqueue(encoder.encode('"é"}'));
  feed.close();
  assert.equal(await text, '{"token":"é"}');
  assert.equal(expired, 0);
});

Deno.test("BodyDeadline errors a stalled body with a 408 and reports it once", async () => {
  const { request, feed, cancelled } = feedableRequest();
  let expired = 0;
  const deadline = new BodyDeadline(request, 50, () => expired++);
  feed.enqueue(encoder.encode('{"tok'));
  const error = await deadline.request.text().then(() => null, (e: unknown) => e);
  assert.ok(error instanceof HttpError, `rejected with ${error}`);
  assert.equal(error.status, 408);
  assert.equal(error.code, "request_timeout");
  assert.match(error.message, /^Request body did not arrive within 0\.1 s/);
  assert.equal(expired, 1);
  assert.equal(await cancelled, error, "the connection's own body is cancelled");
  deadline.stop();
  assert.equal(expired, 1);
});

Deno.test("BodyDeadline passes on an error of the body itself", async () => {
  const { request, feed } = feedableRequest();
  let expired = 0;
  const deadline = new BodyDeadline(request, 5000, () => expired++);
  const text = deadline.request.text();
  feed.error(new Error("connection reset"));
  await assert.rejects(text, /connection reset/);
  assert.equal(expired, 0);
});

Deno.test("BodyDeadline stop lifts the deadline from a body not read yet", async () => {
  const { request, feed } = feedableRequest();
  let expired = 0;
  const deadline = new BodyDeadline(request, 20, () => expired++);
  deadline.stop();
  await new Promise((resolve) => setTimeout(resolve, 60));
  assert.equal(expired, 0);
  const text = deadline.request.text();
  feed.enqueue(encoder.encode("late"));
  feed.close();
  assert.equal(await text, "late", "the body still reads after stop");
});

Deno.test("BodyDeadline leaves a request without a body as it is", () => {
  const request = new Request("http://127.0.0.1/api/events", { headers: { upgrade: "websocket" } });
  const deadline = new BodyDeadline(request, 10, () => {
    throw new Error("never expires");
  });
  assert.equal(deadline.request, request, "the original, so Deno.upgradeWebSocket accepts it");
  deadline.stop();
});
