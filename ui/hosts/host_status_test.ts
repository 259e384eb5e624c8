import assert from "node:assert/strict";
import {
  hostAvailable,
  hostStateKind,
  hostStateSentence,
  lastSeenText,
  offlineReason,
  sameHostIds,
  withLiveState,
} from "./host_status.ts";
import type { Host, HostDetails } from "../shared/types.ts";

const NOW = 1_000_000;

function host(patch: Partial<Host> = {}): Host {
  return { id: "mini", name: "mini", status: "online", lastSeen: NOW, sessionCount: 2, ...patch };
}

Deno.test("hostStateKind tells connecting and disabled from offline", () => {
  assert.equal(hostStateKind(host()), "online");
  assert.equal(hostStateKind(host({ status: "offline", error: "connecting" })), "connecting");
  assert.equal(hostStateKind(host({ status: "offline", error: "disabled" })), "disabled");
  assert.equal(
    hostStateKind(host({ status: "offline", error: "the worker went away" })),
    "offline",
  );
  assert.equal(hostStateKind(host({ status: "offline" })), "offline");
});

Deno.test("offlineReason capitalises the reason and is empty unless offline", () => {
  assert.equal(
    offlineReason(host({ status: "offline", error: "the worker went away" })),
    "The worker went away",
  );
  assert.equal(offlineReason(host({ status: "offline", error: "disabled" })), "");
  assert.equal(offlineReason(host()), "");
  assert.equal(offlineReason(host({ status: "offline" })), "");
});

Deno.test("hostStateSentence says the reason and when the host was last seen", () => {
  assert.equal(hostStateSentence(host(), NOW), "Online");
  assert.equal(hostStateSentence(host({ status: "offline", error: "disabled" }), NOW), "Disabled");
  assert.equal(
    hostStateSentence(host({ status: "offline", error: "connecting", lastSeen: null }), NOW),
    "Connecting…",
  );
  assert.equal(
    hostStateSentence(
      host({
        status: "offline",
        error: "Connection refused (os error 111)",
        lastSeen: NOW - 300,
      }),
      NOW,
    ),
    "Offline: Connection refused (os error 111) · last seen 5 minutes ago",
  );
  assert.equal(
    hostStateSentence(host({ status: "offline", lastSeen: null }), NOW),
    "Offline · never seen",
  );
  assert.equal(lastSeenText(NOW - 2, NOW), "last seen just now");
});

Deno.test("hostAvailable is true for online and unknown hosts only", () => {
  assert.equal(hostAvailable(host()), true);
  assert.equal(hostAvailable(undefined), true);
  assert.equal(hostAvailable(host({ status: "offline", error: "x" })), false);
});

Deno.test("withLiveState lays the live state over fetched details", () => {
  const details: HostDetails[] = [{
    ...host({ status: "offline", error: "connecting", lastSeen: null, sessionCount: 0 }),
    url: "http://mini:23000",
    enabled: true,
    tls: false,
    trustsCustomCa: false,
  }];
  const merged = withLiveState(details, [host({ sessionCount: 3 })]);
  assert.deepEqual(merged, [{
    id: "mini",
    name: "mini",
    status: "online",
    lastSeen: NOW,
    sessionCount: 3,
    url: "http://mini:23000",
    enabled: true,
    tls: false,
    trustsCustomCa: false,
  }]);
  const down = withLiveState(details, [host({ status: "offline", error: "gone" })]);
  assert.equal(down[0]?.error, "gone");
  assert.deepEqual(withLiveState(details, []), details);
});

Deno.test("sameHostIds ignores order and state", () => {
  assert.equal(
    sameHostIds([host({ id: "a" }), host({ id: "b" })], [host({ id: "b" }), host({ id: "a" })]),
    true,
  );
  assert.equal(sameHostIds([host({ id: "a" })], [host({ id: "a" }), host({ id: "b" })]), false);
});
