import assert from "node:assert/strict";
import {
  InvalidInputError,
  PaneStreams,
  SessionExistsError,
  SessionNotFoundError,
  SessionService,
} from "../tmux/mod.ts";
import { PrivateTmux } from "./helpers/private_tmux.ts";
import { RecordingViewer } from "./helpers/recording_viewer.ts";

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

  await sub.resize(100, 30);
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

  await service.kill("acme-web-renamed");
  await viewer.waitFor(() => viewer.endReason !== null, "the stream to end");
  assert.equal(viewer.endReason, "the session ended");
  assert.deepEqual(await service.list(), []);
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
  // live bytes, which is why this checks the line, not the absence of U+FFFD everywhere.)
  await viewer.waitFor(() => viewer.text.includes(`\n${text}\r\n`), "the printed line");
  sub.close();
});

Deno.test("PaneStreams delivers a 5 MB burst complete and in order", async () => {
  await using tmux = new PrivateTmux();
  await tmux.newSession("burst");
  await using streams = new PaneStreams({ ...tmux.options, graceMs: 50 });
  const viewer = new RecordingViewer();
  const sub = await streams.subscribe("burst", viewer);
  await viewer.waitFor(() => viewer.snapshots.length === 1, "snapshot");
  await sub.resize(200, 50);
  // 5 MB of numbered 100-byte lines (seq -w pads to 6 digits; the rest is filler).
  await sub.input(
    encode(
      "seq -f 'L%06g-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx' 1 52429; echo burst-$((1+1))-end\r",
    ),
  );
  await viewer.waitFor(() => viewer.text.includes("burst-2-end\r\n"), "end of the burst", 60_000);
  const lines = [...viewer.text.matchAll(/L(\d{6})-/g)].map((m) => Number(m[1]));
  const snapshots = viewer.snapshots.length;
  if (snapshots === 1) {
    // No resync happened: every line arrived, in order.
    assert.equal(lines.length, 52429);
  }
  for (let i = 1; i < lines.length; i++) assert.ok((lines[i] ?? 0) > (lines[i - 1] ?? 0));
  assert.equal(lines.at(-1), 52429);
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
  assert.match(viewer.endReason ?? "", /tmux server exited|session ended/);
  assert.deepEqual(await service.list(), []);
  sub.close();

  await service.create({ name: "reborn" });
  const again = new RecordingViewer();
  const sub2 = await streams.subscribe("reborn", again);
  await again.waitFor(() => again.snapshots.length === 1, "snapshot after recovery");
  sub2.close();
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
