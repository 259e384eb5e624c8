import assert from "node:assert/strict";
import type { SessionStatus, SessionView } from "../protocol/session.ts";
import { ApiError } from "./api_client.ts";
import { waitForStatus } from "./wait_for_status.ts";

function session(status: SessionStatus): SessionView {
  return {
    host: "local",
    name: "a",
    id: "$1",
    windows: 1,
    created: 0,
    activity: 0,
    attached: 0,
    cwd: "/",
    command: "sh",
    title: "",
    status,
    statusRule: null,
    group: ["a"],
    paneId: "%1",
    cols: 80,
    rows: 24,
  };
}

/** A fake clock and a session whose answers are scripted (an Error means a failed request). */
function scripted(answers: (SessionStatus | Error)[]) {
  let clock = 0;
  const sleeps: number[] = [];
  return {
    sleeps,
    options: {
      fetchSession: () => {
        const next = answers.length > 1 ? answers.shift() : answers[0];
        if (next instanceof Error) return Promise.reject(next);
        return Promise.resolve(session(next as SessionStatus));
      },
      now: () => clock,
      sleep: (ms: number) => {
        sleeps.push(ms);
        clock += ms;
        return Promise.resolve();
      },
    },
  };
}

const gone = () => new ApiError(404, "session_not_found", 'Session "a" does not exist');

Deno.test("waitForStatus looks until the status is reached", async () => {
  const { options, sleeps } = scripted(["working", "working", "needs-you"]);
  const outcome = await waitForStatus({ ...options, wanted: "needs-you", timeoutMs: null });
  assert.equal(outcome.kind, "reached");
  assert.deepEqual(sleeps, [500, 500]);
});

Deno.test("waitForStatus gives up at the timeout with the last status seen", async () => {
  const { options, sleeps } = scripted(["idle"]);
  const outcome = await waitForStatus({ ...options, wanted: "needs-you", timeoutMs: 1200 });
  assert.equal(outcome.kind, "timeout");
  assert.equal(outcome.kind === "timeout" && outcome.last.status, "idle");
  assert.deepEqual(sleeps, [500, 500, 200]);
});

Deno.test("waitForStatus counts a session that went away as exited, and only as exited", async () => {
  const exited = await waitForStatus({
    ...scripted(["idle", gone()]).options,
    wanted: "exited",
    timeoutMs: null,
  });
  assert.deepEqual(exited, { kind: "reached", session: null });
  const idle = await waitForStatus({
    ...scripted(["working", gone()]).options,
    wanted: "idle",
    timeoutMs: null,
  });
  assert.equal(idle.kind, "gone");
});

Deno.test("waitForStatus lets an unknown session's 404 and other errors through", async () => {
  await assert.rejects(
    waitForStatus({ ...scripted([gone()]).options, wanted: "exited", timeoutMs: null }),
    /does not exist/,
  );
  const unreachable = new ApiError(0, "unreachable", "Cannot reach Maestro");
  await assert.rejects(
    waitForStatus({
      ...scripted(["idle", unreachable]).options,
      wanted: "needs-you",
      timeoutMs: null,
    }),
    /Cannot reach/,
  );
});
