/**
 * Session streams and the session service against a real tmux server. Over 400 lines because it
 * walks every stream behaviour (snapshots, floods, renames, resizes, the server's death) in turn.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import {
  InvalidInputError,
  PaneStreams,
  SERVER_EXITED_REASON,
  SESSION_ENDED_REASON,
  SessionExistsError,
  SessionNotFoundError,
  SessionService,
  SessionStream,
} from "../tmux/mod.ts";
import { tmuxCommand } from "../tmux/tmux_exec.ts";
import { readUntil } from "./helpers/polling.ts";
import { PrivateTmux } from "./helpers/private_tmux.ts";
import { RecordingViewer } from "./helpers/recording_viewer.ts";
import { tempDir } from "./helpers/temp_dir.ts";

const encode = (text: string) => new TextEncoder().encode(text);

Deno.test("SessionService lists nothing when no tmux server runs", async () => {
  await using tmux = new PrivateTmux();
  const service = new SessionService(tmux.options);
  assert.deepEqual(await service.list(), []);
});

Deno.test("Session lifecycle: create, list, stream echo, resize, rename, kill", async () => {
  await using tmux = new PrivateTmux();
  const service = new SessionService(tmux.options);
  await using streams = new PaneStreams({ ...tmux.options, graceMs: 50 });

  const created = await service.create({ name: "acme-web-frontend", cwd: "/tmp" });
  assert.equal(created.name, "acme-web-frontend");
  assert.equal(created.cwd, "/tmp");
  await assert.rejects(service.create({ name: "acme-web-frontend" }), SessionExistsError);

  const listed = await service.list();
  assert.deepEqual(listed.map((s) => s.name), ["acme-web-frontend"]);
  assert.match(listed[0]?.id ?? "", /^\$\d+$/);
  assert.match(listed[0]?.paneId ?? "", /^%\d+$/);

  const viewer = new RecordingViewer();
  const sub = await streams.subscribe("acme-web-frontend", viewer);
  await viewer.waitFor(() => viewer.snapshots.length === 1, "the first snapshot");

  await sub.input(encode("echo stream-$((6*7))\r"));
  await viewer.waitFor(() => viewer.text.includes("stream-42"), "echo output");

  sub.resize(100, 30);
  await viewer.waitFor(
    () => viewer.snapshots.some((s) => s.cols === 100 && s.rows === 30),
    "a snapshot at the new size",
  );
  assert.equal((await service.get("acme-web-frontend")).cols, 100);

  await service.rename("acme-web-frontend", "acme-web-renamed");
  await viewer.waitFor(() => sub.sessionName === "acme-web-renamed", "the stream to follow");
  await assert.rejects(service.get("acme-web-frontend"), SessionNotFoundError);

  await service.sendText("acme-web-renamed", "echo after-rename", true);
  await viewer.waitFor(() => viewer.text.includes("after-rename\r\n"), "output after rename");

  // Another session keeps the server up (with the last one gone, tmux exits too, and then
  // either reason is true).
  await service.create({ name: "bystander" });
  await service.kill("acme-web-renamed");
  await viewer.waitFor(() => viewer.endReason !== null, "the stream to end");
  assert.equal(viewer.endReason, SESSION_ENDED_REASON);
  assert.deepEqual((await service.list()).map((s) => s.name), ["bystander"]);
  sub.close();
});

Deno.test("PaneStreams snapshot shows earlier output and no byte is lost after it", async () => {
  await using tmux = new PrivateTmux();
  await tmux.newSession("snap");
  await tmux.tmux("send-keys", "-t", "=snap:", "seq 1 300", "Enter");
  const service = new SessionService(tmux.options);
  await using streams = new PaneStreams({ ...tmux.options, graceMs: 50 });
  // Wait for seq to finish so the history holds all 300 lines.
  for (let i = 0; i < 500; i++) {
    if ((await service.capture("snap")).text.includes("\n300\n")) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  const viewer = new RecordingViewer();
  const sub = await streams.subscribe("snap", viewer);
  await viewer.waitFor(() => viewer.snapshots.length === 1, "snapshot");
  const snapshot = new TextDecoder().decode(viewer.snapshots[0]?.data);
  assert.match(snapshot, /1\r\n2\r\n3\r\n/, snapshot.slice(0, 300));
  for (const n of [150, 300]) assert.match(snapshot, new RegExp(`\\n${n}\\r\\n`));

  // A loop printing numbered lines while a second viewer joins mid-stream: its snapshot plus
  // output must hold every number exactly once, in order.
  await sub.input(
    encode("i=0; while [ $i -lt 2000 ]; do i=$((i+1)); echo n$i; done; echo done-$((1+1))\r"),
  );
  const late = new RecordingViewer();
  await viewer.waitFor(() => viewer.text.includes("n100\r"), "the loop to start");
  const lateSub = await streams.subscribe("snap", late);
  await late.waitFor(() => late.screenText.includes("done-2"), "the loop to end (late viewer)");
  // The snapshot (minus its trailing mode/cursor sequence and the padding of the cursor's line)
  // followed by the live output must hold one unbroken run of numbers: no gap, no repeat.
  const snapshotText = new TextDecoder().decode(late.snapshots.at(-1)?.data);
  const screen = snapshotText.slice(0, snapshotText.lastIndexOf("\x1b[0m")).replace(/ +$/, "");
  // (A %pause under load resyncs with a new snapshot: use the latest one and the output after it.)
  const numbers = [...(screen + late.textSinceSnapshot).matchAll(/n(\d+)\r\n/g)].map((m) =>
    Number(m[1])
  );
  assert.equal(numbers.at(-1), 2000);
  for (let i = 1; i < numbers.length; i++) {
    assert.equal(numbers[i], (numbers[i - 1] ?? 0) + 1, `run broken after n${numbers[i - 1]}`);
  }
  lateSub.close();
  sub.close();
});

Deno.test("PaneStreams delivers UTF-8 split across output lines intact", async () => {
  await using tmux = new PrivateTmux();
  await tmux.newSession("utf");
  await using streams = new PaneStreams({ ...tmux.options, graceMs: 50 });
  const viewer = new RecordingViewer();
  const sub = await streams.subscribe("utf", viewer);
  await viewer.waitFor(() => viewer.snapshots.length === 1, "snapshot");
  const text = "中文字符🎉🚀émoji".repeat(40);
  await sub.input(encode(`printf '%s\\n' '${text}'\r`));
  // The printed line (not the echoed command, which ends with a quote) arrives intact: every
  // character tmux cut across %output lines is whole again. (Elsewhere a resync may cut the
  // live bytes, which is why this checks the line, not the absence of U+FFFD everywhere.) No
  // "\n" in front: keys typed before the shell's first prompt put the line after that prompt.
  await viewer.waitFor(() => viewer.text.includes(`${text}\r\n`), "the printed line");
  sub.close();
});

/** The numbers of `L000123-` lines in `text`, in order. */
const burstLines = (text: string) => [...text.matchAll(/L(\d{6})-/g)].map((m) => Number(m[1]));

/** Whether `numbers` is one unbroken run (each the previous plus one). */
function unbroken(numbers: number[]): boolean {
  return numbers.every((n, i) => i === 0 || n === (numbers[i - 1] ?? 0) + 1);
}

const BURST_LINES = 52429;
/** 5 MB of numbered 100-byte lines (seq pads to 6 digits; the rest is filler). */
const BURST_COMMAND = `seq -f 'L%06g-${
  "x".repeat(92)
}' 1 ${BURST_LINES}; echo burst-$((1+1))-end\r`;

Deno.test("PaneStreams: a 5 MB flood ends with the exact final screen and its history", async () => {
  await using tmux = new PrivateTmux();
  await tmux.newSession("burst");
  await using streams = new PaneStreams({ ...tmux.options, graceMs: 50 });
  const viewer = new RecordingViewer();
  const sub = await streams.subscribe("burst", viewer, { cols: 200, rows: 50 });
  await viewer.waitFor(() => viewer.snapshots.length === 1, "snapshot");
  await sub.input(encode(BURST_COMMAND));
  // Flood mode sends screen keyframes while the pane floods, then — once it is calm — a full
  // snapshot with history, and output byte for byte again. Whatever happened in between, the
  // screen ends showing the last lines, unbroken, and the history above them.
  await viewer.waitFor(
    () => {
      const lines = burstLines(viewer.screenText);
      return viewer.screenText.includes("burst-2-end\r\n") && lines.length > 1000 &&
        lines.at(-1) === BURST_LINES;
    },
    "the end of the burst on screen, with history",
    60_000,
  );
  assert.ok(unbroken(burstLines(viewer.screenText)), "the final screen skips or repeats a line");
  // Live output between snapshots always continues where the tmux pane was: never backwards.
  for (const segment of viewer.segments) {
    assert.ok(unbroken(burstLines(segment).slice(1, -1)), "live output skipped a line");
  }
  if (viewer.snapshots.length === 1) {
    // No flood was detected (a slow machine): then every line arrived live, in order.
    assert.equal(burstLines(viewer.text).length, BURST_LINES);
  }
  sub.close();
});

Deno.test("SessionStream flood mode pauses the pane, sends keyframes, then resumes", async () => {
  await using tmux = new PrivateTmux();
  await tmux.newSession("flood");
  // A low threshold, so the flood is caught however slowly this machine runs seq.
  await using stream = await SessionStream.open("flood", {
    ...tmux.options,
    flood: { bytes: 32 * 1024 },
  });
  const viewer = new RecordingViewer();
  stream.add(viewer, { cols: 200, rows: 50 });
  await viewer.waitFor(() => viewer.snapshots.length === 1, "snapshot");
  await stream.input(encode(BURST_COMMAND));
  await viewer.waitFor(() => stream.floodStats.floods > 0, "flood mode", 30_000);
  // The end: flood mode off, and the full snapshot (with history) that follows has arrived.
  await viewer.waitFor(
    () =>
      !stream.floodStats.flooding && viewer.screenText.includes("burst-2-end\r\n") &&
      burstLines(viewer.screenText).length > 1000,
    "the flood to end",
    60_000,
  );
  assert.ok(stream.floodStats.keyframes > 0, "keyframes while paused");
  // tmux sent only a fraction of the 5 MB: the rest it skipped while the pane was paused.
  assert.ok(viewer.outputLength < 2_500_000, `${viewer.outputLength} bytes arrived live`);
  const lines = burstLines(viewer.screenText);
  assert.ok(unbroken(lines), "the final screen skips or repeats a line");
  assert.equal(lines.at(-1), BURST_LINES);
  // Back to byte-exact output: a command typed now echoes live.
  await stream.input(encode("echo after-$((2+3))\r"));
  await viewer.waitFor(() => viewer.textSinceSnapshot.includes("after-5\r\n"), "live echo");
  stream.remove(viewer);
});

Deno.test("SessionStream leaves flood mode when the user switches pane mid-flood", async () => {
  await using tmux = new PrivateTmux();
  await tmux.newSession("switch");
  await using stream = await SessionStream.open("switch", {
    ...tmux.options,
    flood: { bytes: 32 * 1024 },
  });
  const viewer = new RecordingViewer();
  stream.add(viewer, { cols: 200, rows: 50 });
  await viewer.waitFor(() => viewer.snapshots.length === 1, "snapshot");
  const first = stream.paneId;
  // A flood that lasts: the pane is paused for us when the user switches away.
  await stream.input(encode("yes flood-line | head -c 200000000; echo first-$((1+1))-done\r"));
  await viewer.waitFor(() => stream.floodStats.flooding, "flood mode", 30_000);
  await tmux.tmux("new-window", "-t", "=switch:");
  await viewer.waitFor(() => stream.paneId !== first, "the stream to follow the new pane");
  await stream.input(encode("echo in-second-$((3+4))\r"));
  await viewer.waitFor(() => viewer.textSinceSnapshot.includes("in-second-7\r\n"), "live output");
  // Back to the first pane once its flood is over: it was continued, so it is live again.
  await tmux.tmux("send-keys", "-t", first, "C-c", "");
  await tmux.tmux("select-window", "-t", "=switch:^");
  await viewer.waitFor(() => stream.paneId === first, "the stream back on the first pane");
  await stream.input(encode("echo back-$((4+4))\r"));
  await viewer.waitFor(
    () => viewer.textSinceSnapshot.includes("back-8\r\n"),
    "live output from the first pane",
    30_000,
  );
  stream.remove(viewer);
});

Deno.test("PaneStreams: a viewer joining mid-flood gets the same final screen", async () => {
  await using tmux = new PrivateTmux();
  await tmux.newSession("join");
  await using streams = new PaneStreams({ ...tmux.options, graceMs: 50 });
  const first = new RecordingViewer();
  const sub = await streams.subscribe("join", first, { cols: 200, rows: 50 });
  await first.waitFor(() => first.snapshots.length === 1, "snapshot");
  await sub.input(encode(BURST_COMMAND));
  await first.waitFor(() => burstLines(first.screenText).length > 100, "the burst to start");
  const late = new RecordingViewer();
  const lateSub = await streams.subscribe("join", late);
  const done = (viewer: RecordingViewer) => () =>
    viewer.screenText.includes("burst-2-end\r\n") && burstLines(viewer.screenText).length > 1000;
  await first.waitFor(done(first), "the end of the burst (first viewer)", 60_000);
  await late.waitFor(done(late), "the end of the burst (late viewer)", 60_000);
  for (const viewer of [first, late]) {
    const lines = burstLines(viewer.screenText);
    assert.ok(unbroken(lines));
    assert.equal(lines.at(-1), BURST_LINES);
  }
  lateSub.close();
  sub.close();
});

Deno.test("PaneStreams: steady output below the flood threshold arrives byte for byte", async () => {
  await using tmux = new PrivateTmux();
  await tmux.newSession("steady");
  await using streams = new PaneStreams({ ...tmux.options, graceMs: 50 });
  const viewer = new RecordingViewer();
  const sub = await streams.subscribe("steady", viewer, { cols: 200, rows: 50 });
  await viewer.waitFor(() => viewer.snapshots.length === 1, "snapshot");
  // 2,000 lines of 100 bytes, 20 at a time every 10 ms: ~200 kB/s, far below the threshold.
  await sub.input(encode(
    `i=0; while [ $i -lt 100 ]; do seq -f 'L%06g-${"x".repeat(92)}' $((i*20+1)) $((i*20+20)); ` +
      `i=$((i+1)); sleep 0.01; done; echo steady-$((1+1))-end\r`,
  ));
  await viewer.waitFor(() => viewer.text.includes("steady-2-end\r\n"), "the end", 60_000);
  assert.equal(viewer.snapshots.length, 1, "no resync, no keyframe");
  const lines = burstLines(viewer.text);
  assert.equal(lines.length, 2000);
  assert.ok(unbroken(lines));
  assert.equal(lines[0], 1);
  sub.close();
});

Deno.test("Killing the tmux server ends streams with a reason and the service recovers", async () => {
  await using tmux = new PrivateTmux();
  await tmux.newSession("doomed");
  const service = new SessionService(tmux.options);
  await using streams = new PaneStreams({ ...tmux.options, graceMs: 50 });
  const viewer = new RecordingViewer();
  const sub = await streams.subscribe("doomed", viewer);
  await viewer.waitFor(() => viewer.snapshots.length === 1, "snapshot");
  await tmux.tmux("kill-server");
  await viewer.waitFor(() => viewer.endReason !== null, "the stream to end");
  assert.equal(viewer.endReason, SERVER_EXITED_REASON);
  assert.deepEqual(await service.list(), []);
  sub.close();

  await service.create({ name: "reborn" });
  const again = new RecordingViewer();
  const sub2 = await streams.subscribe("reborn", again);
  await again.waitFor(() => again.snapshots.length === 1, "snapshot after recovery");
  sub2.close();
});

Deno.test("Killing one session ends its stream saying the session ended, not the server", async () => {
  await using tmux = new PrivateTmux();
  await tmux.newSession("doomed");
  await tmux.newSession("survivor");
  await using streams = new PaneStreams({ ...tmux.options, graceMs: 50 });
  const viewer = new RecordingViewer();
  const sub = await streams.subscribe("doomed", viewer);
  await viewer.waitFor(() => viewer.snapshots.length === 1, "snapshot");
  await tmux.tmux("kill-session", "-t", "=doomed");
  await viewer.waitFor(() => viewer.endReason !== null, "the stream to end");
  assert.equal(viewer.endReason, SESSION_ENDED_REASON);
  sub.close();
});

Deno.test("Killing the last session says the server exited, even while the server lingers", async () => {
  await using tmux = new PrivateTmux();
  await tmux.newSession("last");
  await using streams = new PaneStreams({ ...tmux.options, graceMs: 50 });
  const viewer = new RecordingViewer();
  const sub = await streams.subscribe("last", viewer);
  await viewer.waitFor(() => viewer.snapshots.length === 1, "snapshot");
  // tmux exits with its last session only once every client is gone (other Maestros' streams,
  // a person's `tmux` command): one that waits keeps the server answering, with no session,
  // when the stream asks why it ended.
  await using dir = await tempDir();
  const started = join(dir.path, "started");
  const lingering = tmuxCommand(tmux.options, ["run-shell", `touch '${started}'; sleep 1`], {
    stdin: "null",
    stdout: "null",
    stderr: "null",
  }).spawn();
  await readUntil(
    () => Deno.stat(started).then(() => true, () => false),
    (there) => there,
    "the waiting client's command to start",
  );
  await tmux.tmux("kill-session", "-t", "=last");
  await viewer.waitFor(() => viewer.endReason !== null, "the stream to end");
  assert.equal(viewer.endReason, SERVER_EXITED_REASON);
  sub.close();
  await lingering.status;
});

Deno.test("Killing the last session of a server that stays up (exit-empty off) says the session ended", async () => {
  await using tmux = new PrivateTmux();
  await tmux.newSession("only");
  await tmux.tmux("set-option", "-g", "exit-empty", "off");
  await using streams = new PaneStreams({ ...tmux.options, graceMs: 50 });
  const viewer = new RecordingViewer();
  const sub = await streams.subscribe("only", viewer);
  await viewer.waitFor(() => viewer.snapshots.length === 1, "snapshot");
  await tmux.tmux("kill-session", "-t", "=only");
  await viewer.waitFor(() => viewer.endReason !== null, "the stream to end");
  assert.equal(viewer.endReason, SESSION_ENDED_REASON);
  sub.close();
});

Deno.test("PaneStreams rejects unknown sessions and the service rejects bad input", async () => {
  await using tmux = new PrivateTmux();
  await tmux.newSession("real");
  const service = new SessionService(tmux.options);
  await using streams = new PaneStreams({ ...tmux.options, graceMs: 50 });
  await assert.rejects(streams.subscribe("missing", new RecordingViewer()), SessionNotFoundError);
  await assert.rejects(service.create({ name: "a:b" }), InvalidInputError);
  await assert.rejects(service.create({ name: "ok", cwd: "/does/not/exist" }), InvalidInputError);
  await assert.rejects(service.sendKeys("real", ["Enter; kill-server"]), InvalidInputError);
  await assert.rejects(service.kill("missing"), SessionNotFoundError);
  // A prefix of an existing name is not a match ("rea" must not hit "real").
  await assert.rejects(service.kill("rea"), SessionNotFoundError);
  assert.deepEqual((await service.list()).map((s) => s.name), ["real"]);
});

Deno.test("PaneStreams follows the active pane when the user switches window", async () => {
  await using tmux = new PrivateTmux();
  await tmux.newSession("multi");
  await using streams = new PaneStreams({ ...tmux.options, graceMs: 50 });
  const viewer = new RecordingViewer();
  const sub = await streams.subscribe("multi", viewer);
  await viewer.waitFor(() => viewer.snapshots.length === 1, "snapshot");
  const first = viewer.snapshots[0]?.paneId;
  await tmux.tmux("new-window", "-t", "=multi:");
  await viewer.waitFor(
    () => viewer.snapshots.some((s) => s.paneId !== first),
    "a snapshot of the new pane",
  );
  await sub.input(encode("echo in-window-two\r"));
  await viewer.waitFor(() => viewer.text.includes("in-window-two\r\n"), "output from window two");
  sub.close();
});

Deno.test("SessionService expands ~ in the working directory", async () => {
  await using tmux = new PrivateTmux();
  const service = new SessionService(tmux.options);
  const created = await service.create({ name: "tilde", cwd: "~" });
  assert.equal(created.cwd, await Deno.realPath(tmux.options.env?.HOME ?? ""));
});
