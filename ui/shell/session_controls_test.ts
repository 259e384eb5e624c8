import assert from "node:assert/strict";
import { controlReasons } from "./session_controls.ts";

Deno.test("controlReasons lets a running session use every control", () => {
  assert.deepEqual(controlReasons({ name: "api", status: "working", offlineHost: null }), {
    mute: null,
    rename: null,
    kill: null,
    notes: null,
  });
});

Deno.test("controlReasons disables everything while the host is offline, saying so", () => {
  const reasons = controlReasons({ name: "api", status: "idle", offlineHost: "mini" });
  for (const reason of Object.values(reasons)) assert.equal(reason, "Unavailable: mini is offline");
});

Deno.test("controlReasons disables everything once the session has ended", () => {
  const reasons = controlReasons({ name: "api", status: null, offlineHost: null });
  for (const reason of Object.values(reasons)) assert.equal(reason, "Unavailable: api has ended");
});

Deno.test("controlReasons keeps Kill and Notes for an exited program whose pane remains", () => {
  const reasons = controlReasons({ name: "api", status: "exited", offlineHost: null });
  assert.equal(reasons.kill, null);
  assert.equal(reasons.notes, null);
  assert.equal(reasons.rename, "Unavailable: api's program has exited");
  assert.equal(reasons.mute, "Unavailable: api's program has exited");
});
