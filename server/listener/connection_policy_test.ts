import assert from "node:assert/strict";
import {
  BODY_TIMEOUT_GRACE_MS,
  connectionDeadline,
  ConnectionLedger,
  type ConnectionState,
  DEFAULT_CONNECTION_LIMITS,
  limitsForOpenFiles,
} from "./connection_policy.ts";

const LIMITS = {
  ...DEFAULT_CONNECTION_LIMITS,
  headerTimeoutMs: 100,
  bodyTimeoutMs: 300,
  idleTimeoutMs: 200,
  authenticatedIdleTimeoutMs: 5000,
  unauthenticatedLifetimeMs: 1000,
};

const FRESH: ConnectionState = {
  acceptedAt: 50,
  authenticated: false,
  upgraded: false,
  inFlight: 0,
  requests: 0,
  idleSince: 50,
  bodyTimedOutAt: null,
};

Deno.test("ConnectionLedger admits each peer up to its own cap", () => {
  const ledger = new ConnectionLedger({ maxUnauthenticatedPerPeer: 2, maxUnauthenticated: 10 });
  assert.equal(ledger.admit("10.0.0.1").admitted, true);
  assert.equal(ledger.admit("10.0.0.1").admitted, true);
  assert.deepEqual(ledger.admit("10.0.0.1"), { admitted: false, reason: "peer", limit: 2 });
  assert.equal(ledger.admit("10.0.0.2").admitted, true, "another peer has its own count");
  assert.equal(ledger.admit("::1").admitted, true);
  assert.equal(ledger.unauthenticated("10.0.0.1"), 2);
  assert.equal(ledger.unauthenticated("10.0.0.2"), 1);
  assert.equal(ledger.unauthenticated("10.0.0.9"), 0);
  assert.equal(ledger.unauthenticated(), 4);
});

Deno.test("ConnectionLedger refuses everyone once the total cap is reached", () => {
  const ledger = new ConnectionLedger({ maxUnauthenticatedPerPeer: 5, maxUnauthenticated: 3 });
  for (const peer of ["a", "b", "c"]) assert.equal(ledger.admit(peer).admitted, true);
  assert.deepEqual(ledger.admit("d"), { admitted: false, reason: "total", limit: 3 });
  assert.deepEqual(ledger.admit("a"), { admitted: false, reason: "total", limit: 3 });
  assert.equal(ledger.unauthenticated(), 3, "refusals are not counted");
});

Deno.test("ConnectionLedger lets a peer below its fair share in when strangers fill the total", () => {
  // Fair share: an eighth of the smaller cap (2 of 16).
  const ledger = new ConnectionLedger({ maxUnauthenticatedPerPeer: 16, maxUnauthenticated: 16 });
  const strangers = Array.from({ length: 12 }, () => ledger.admit("a"));
  for (let i = 0; i < 4; i++) ledger.admit("b");
  assert.equal(ledger.unauthenticated(), 16);
  const [a1, a2] = strangers;
  assert.ok(a1?.admitted && a2?.admitted);
  const first = ledger.admit("me");
  assert.ok(first.admitted);
  assert.equal(first.evict, a1.ticket, "the oldest of the peer holding the most makes room");
  assert.equal(ledger.unauthenticated("a"), 11);
  assert.equal(ledger.unauthenticated(), 16, "the total holds");
  const second = ledger.admit("me");
  assert.ok(second.admitted);
  assert.equal(second.evict, a2.ticket);
  assert.deepEqual(ledger.admit("me"), { admitted: false, reason: "total", limit: 16 });
  assert.deepEqual(ledger.admit("a"), { admitted: false, reason: "total", limit: 16 });
  ledger.release(a2.ticket); // closing an evicted connection frees nothing twice
  assert.equal(ledger.unauthenticated(), 16);
});

Deno.test("ConnectionLedger evicts no one when nobody holds more than a fair share", () => {
  const ledger = new ConnectionLedger({ maxUnauthenticatedPerPeer: 16, maxUnauthenticated: 16 });
  for (let peer = 0; peer < 8; peer++) ledger.admit(`p${peer}`), ledger.admit(`p${peer}`);
  assert.deepEqual(ledger.admit("c"), { admitted: false, reason: "total", limit: 16 });
});

Deno.test("ConnectionLedger names the peer cap first when both are reached", () => {
  const ledger = new ConnectionLedger({ maxUnauthenticatedPerPeer: 1, maxUnauthenticated: 1 });
  ledger.admit("a");
  assert.deepEqual(ledger.admit("a"), { admitted: false, reason: "peer", limit: 1 });
  assert.deepEqual(ledger.admit("b"), { admitted: false, reason: "total", limit: 1 });
});

Deno.test("ConnectionLedger stops counting a connection once it authenticates", () => {
  const ledger = new ConnectionLedger({ maxUnauthenticatedPerPeer: 1, maxUnauthenticated: 2 });
  const first = ledger.admit("a");
  assert.ok(first.admitted);
  assert.equal(ledger.admit("a").admitted, false);
  ledger.authenticate(first.ticket);
  assert.equal(ledger.unauthenticated("a"), 0);
  assert.equal(ledger.unauthenticated(), 0);
  const second = ledger.admit("a");
  assert.ok(second.admitted, "the peer's slot is free again");
  assert.notEqual(second.ticket, first.ticket, "tickets are never reused");
  ledger.authenticate(first.ticket);
  ledger.release(first.ticket);
  assert.equal(ledger.unauthenticated("a"), 1, "an authenticated ticket never frees another slot");
});

Deno.test("ConnectionLedger frees the slot when a connection closes, once", () => {
  const ledger = new ConnectionLedger({ maxUnauthenticatedPerPeer: 2, maxUnauthenticated: 3 });
  const tickets = ["a", "a", "b"].map((peer) => ledger.admit(peer));
  assert.equal(ledger.admit("b").admitted, false);
  const [first] = tickets;
  assert.ok(first?.admitted);
  ledger.release(first.ticket);
  ledger.release(first.ticket);
  assert.equal(ledger.unauthenticated("a"), 1);
  assert.equal(ledger.unauthenticated(), 2, "a repeated release frees nothing more");
  assert.equal(ledger.admit("b").admitted, true);
  assert.equal(ledger.admit("a").admitted, false, "the total is full again");
  ledger.release(999);
  assert.equal(ledger.unauthenticated(), 3, "an unknown ticket changes nothing");
});

Deno.test("ConnectionLedger forgets a peer whose connections all closed", () => {
  const ledger = new ConnectionLedger({ maxUnauthenticatedPerPeer: 2, maxUnauthenticated: 4 });
  const admitted = [ledger.admit("a"), ledger.admit("a")];
  for (const admission of admitted) if (admission.admitted) ledger.release(admission.ticket);
  assert.equal(ledger.unauthenticated("a"), 0);
  assert.equal(ledger.unauthenticated(), 0);
  assert.equal(ledger.admit("a").admitted, true);
  assert.equal(ledger.admit("a").admitted, true);
  assert.equal(ledger.admit("a").admitted, false);
});

Deno.test("connectionDeadline gives a new connection the header timeout", () => {
  assert.deepEqual(connectionDeadline(FRESH, LIMITS), { at: 150, reason: "header" });
});

Deno.test("connectionDeadline caps the header timeout by the unauthenticated lifetime", () => {
  const limits = { ...LIMITS, headerTimeoutMs: 5000 };
  assert.deepEqual(connectionDeadline(FRESH, limits), { at: 1050, reason: "lifetime" });
});

Deno.test("connectionDeadline keeps only the lifetime while an unauthenticated request runs", () => {
  const busy = { ...FRESH, inFlight: 1, requests: 1 };
  assert.deepEqual(connectionDeadline(busy, LIMITS), { at: 1050, reason: "lifetime" });
});

Deno.test("connectionDeadline sets no deadline while an authenticated request runs", () => {
  const busy = { ...FRESH, authenticated: true, inFlight: 2, requests: 5 };
  assert.equal(connectionDeadline(busy, LIMITS), null);
});

Deno.test("connectionDeadline gives an idle unauthenticated connection the short idle timeout", () => {
  const idle = { ...FRESH, requests: 1, idleSince: 400 };
  assert.deepEqual(connectionDeadline(idle, LIMITS), { at: 600, reason: "idle" });
  const late = { ...idle, idleSince: 900 };
  assert.deepEqual(connectionDeadline(late, LIMITS), { at: 1050, reason: "lifetime" });
});

Deno.test("connectionDeadline gives an idle authenticated connection the long idle timeout", () => {
  const idle = { ...FRESH, authenticated: true, requests: 3, idleSince: 400 };
  assert.deepEqual(connectionDeadline(idle, LIMITS), { at: 5400, reason: "idle" });
});

Deno.test("connectionDeadline exempts WebSocket connections", () => {
  for (const authenticated of [true, false]) {
    const upgraded = { ...FRESH, authenticated, upgraded: true, requests: 1, idleSince: 60 };
    assert.equal(connectionDeadline(upgraded, LIMITS), null);
  }
});

Deno.test("connectionDeadline closes a connection whose body timed out after a grace", () => {
  const stalled = { ...FRESH, authenticated: true, inFlight: 1, requests: 1, bodyTimedOutAt: 350 };
  assert.deepEqual(connectionDeadline(stalled, LIMITS), {
    at: 350 + BODY_TIMEOUT_GRACE_MS,
    reason: "body",
  });
  const answered = { ...stalled, inFlight: 0, idleSince: 360 };
  assert.deepEqual(
    connectionDeadline(answered, LIMITS),
    { at: 350 + BODY_TIMEOUT_GRACE_MS, reason: "body" },
    "the answer may still be on its way out",
  );
  const unauthenticated = { ...stalled, authenticated: false, bodyTimedOutAt: 900 };
  assert.deepEqual(connectionDeadline(unauthenticated, LIMITS), { at: 1050, reason: "lifetime" });
});

Deno.test("limitsForOpenFiles leaves half the open files to everything else", () => {
  assert.equal(limitsForOpenFiles(LIMITS, 256).maxUnauthenticated, 128);
  assert.equal(limitsForOpenFiles(LIMITS, 129).maxUnauthenticated, 64);
  assert.equal(limitsForOpenFiles(LIMITS, 1_048_576).maxUnauthenticated, 512);
  assert.equal(limitsForOpenFiles(LIMITS, Infinity).maxUnauthenticated, 512);
  assert.equal(limitsForOpenFiles(LIMITS, null).maxUnauthenticated, 512);
  assert.equal(limitsForOpenFiles(LIMITS, 1).maxUnauthenticated, 1, "never zero");
  assert.equal(limitsForOpenFiles(LIMITS, 256).maxUnauthenticatedPerPeer, 64);
  assert.equal(limitsForOpenFiles(LIMITS, 256).headerTimeoutMs, 100, "timeouts stay");
});
