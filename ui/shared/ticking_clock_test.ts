import assert from "node:assert/strict";
import type { ReactiveController, ReactiveControllerHost } from "lit";
import { TickingClock } from "./ticking_clock.ts";

class FakeHost implements ReactiveControllerHost {
  controllers: ReactiveController[] = [];
  updates = 0;
  addController(controller: ReactiveController): void {
    this.controllers.push(controller);
  }
  removeController(): void {}
  requestUpdate(): void {
    this.updates++;
  }
  get updateComplete(): Promise<boolean> {
    return Promise.resolve(true);
  }
}

Deno.test("TickingClock ticks only while running and stops when its host disconnects", async () => {
  const host = new FakeHost();
  let running = false;
  let time = 1000;
  const clock = new TickingClock(host, 10, () => running, () => time);
  assert.equal(host.controllers[0], clock);
  assert.equal(clock.now, 1000);
  clock.hostUpdated();
  await new Promise((resolve) => setTimeout(resolve, 40));
  assert.equal(host.updates, 0, "no countdown shown, no timer");

  running = true;
  clock.hostUpdated();
  time = 2000;
  await new Promise((resolve) => setTimeout(resolve, 40));
  assert.ok(host.updates >= 2, `${host.updates} ticks`);
  assert.equal(clock.now, 2000);
  // Another update while running keeps the one timer.
  clock.hostUpdated();
  clock.hostDisconnected();
  const after = host.updates;
  await new Promise((resolve) => setTimeout(resolve, 40));
  assert.equal(host.updates, after);

  time = 3000;
  clock.reset();
  assert.equal(clock.now, 3000);
  running = false;
  clock.hostUpdated(); // The sanitizer checks that no interval is left.
});
