import assert from "node:assert/strict";
import { tempDir } from "../tests/helpers/temp_dir.ts";
import type { WindowShape } from "../tmux/mod.ts";
import type { PaneAgent } from "./agent_conversation/process_reader.ts";
import { openDatabase } from "./db/database.ts";
import { SessionRecords } from "./db/session_records.ts";
import { nullLogger } from "./logger.ts";
import { AGENT_START_MS, AGENT_SWEEP_MS, SessionRecorder } from "./session_recorder.ts";

const ID = "266d34bf-4e49-4ffe-881d-a856daf01f34";
const NEXT = "01a23a60-0ad0-72b3-9bab-dd3d5b34afa2";
const session = { host: "local", id: "$1", created: 100, name: "agent" };
const shape = (command: string): Map<string, WindowShape[]> =>
  new Map([["$1@100", [{
    index: 0,
    name: null,
    layout: "",
    active: true,
    panes: [{ cwd: "/w", command, startCommand: "", pid: 4242 }],
  }]]]);

Deno.test("SessionRecorder records each pane's agent and conversation, reads it again every sweep, never keeps the pid", async () => {
  await using dir = await tempDir("maestro-recorder-");
  using db = openDatabase(dir.path);
  const records = new SessionRecords(db);
  let clock = 1_000_000;
  let agent: PaneAgent | null = { agent: "codex", conversation: null, launch: "/x/codex" };
  let command = "node";
  await using recorder = new SessionRecorder({
    records,
    readShapes: () => Promise.resolve(shape(command)),
    readAgent: (pid) => Promise.resolve(pid === 4242 ? agent : null),
    logger: nullLogger,
    now: () => clock,
  });
  const pane = () => records.get(session)?.windows[0]?.panes[0];

  recorder.observe("local", [{ ...session, shape: "a" }], true);
  await recorder.settled();
  assert.deepEqual(pane(), {
    cwd: "/w",
    command: "node",
    startCommand: "",
    agent: "codex",
    launch: "/x/codex",
  });
  assert.equal(records.get(session)?.agent, "codex");
  recorder.observe("local", [{ ...session, shape: "a" }], true); // the first sweep: still none
  await recorder.settled();

  // Its first turn opens the conversation: the next sweep finds it, with no new shape read.
  agent = { agent: "codex", conversation: ID, launch: "/x/codex" };
  clock += AGENT_SWEEP_MS - 1;
  recorder.observe("local", [{ ...session, shape: "a" }], true);
  await recorder.settled();
  assert.equal(pane()?.conversation, undefined, "not before the sweep is due");
  clock += 1;
  recorder.observe("local", [{ ...session, shape: "a" }], true);
  await recorder.settled();
  assert.equal(pane()?.conversation, ID);

  // `/resume` elsewhere: the id follows; the agent quits: the pane is a shell again.
  agent = { agent: "codex", conversation: NEXT, launch: "/x/codex" };
  clock += AGENT_SWEEP_MS;
  recorder.observe("local", [{ ...session, shape: "a" }], true);
  await recorder.settled();
  assert.equal(pane()?.conversation, NEXT);
  agent = null;
  command = "bash";
  recorder.observe("local", [{ ...session, shape: "b" }], true);
  await recorder.settled();
  assert.deepEqual(pane(), { cwd: "/w", command: "bash", startCommand: "" });
});

Deno.test("SessionRecorder keeps a restored session's recorded agents while its shells start them", async () => {
  await using dir = await tempDir("maestro-recorder-");
  using db = openDatabase(dir.path);
  const records = new SessionRecords(db);
  records.observe("local", [session], true);
  const recordedPane = {
    cwd: "/w",
    command: "claude",
    startCommand: "",
    agent: "claude",
    conversation: ID,
  };
  records.saveShape(session, {
    cwd: "/w",
    windows: [{ index: 0, name: null, layout: "", active: true, panes: [recordedPane] }],
    agent: "claude",
  });
  let clock = 5_000_000;
  await using recorder = new SessionRecorder({
    records,
    readShapes: () => Promise.resolve(shape("sh")),
    readAgent: () => Promise.resolve(null),
    logger: nullLogger,
    now: () => clock,
  });
  recorder.observe("local", [{ ...session, shape: "a" }], true);
  await recorder.settled();
  assert.equal(records.get(session)?.windows[0]?.panes[0]?.conversation, ID);
  // Never started again: after the start window the pane is what it is, a shell.
  clock += AGENT_START_MS + AGENT_SWEEP_MS;
  recorder.observe("local", [{ ...session, shape: "a" }], true);
  await recorder.settled();
  assert.equal(records.get(session)?.windows[0]?.panes[0]?.agent, undefined);
});
