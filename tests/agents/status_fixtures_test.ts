/**
 * The status rules on the real agents' recorded screens (tests/fixtures/agents/, recorded by the
 * lab with `deno run -A tests/agents/record.ts`): each state gets the status a person reads in it
 * (DESIGN §9b), by the agent's own rule. `done` is a rest screen at the end of a turn: the rules
 * call it `idle` at its composer, and the pane's history (PaneAttention) makes it `done`.
 */

import assert from "node:assert/strict";
import {
  detectStatus,
  PaneAttention,
  screenFromText,
  type StatusInput,
  type StatusVerdict,
} from "../../server/agent_status/mod.ts";
import type { SessionStatus } from "../../protocol/session.ts";
import { AGENT_IDS, type AgentId, PINNED_VERSIONS } from "./install.ts";
import type { StateMeta } from "./record.ts";

const FIXTURES = new URL("../fixtures/agents/", import.meta.url);

/** What each recorded state is to a person. */
const EXPECTED: Record<string, SessionStatus> = {
  "idle": "idle",
  "default-mode-idle": "idle",
  "draft": "idle",
  "interrupted": "idle",
  "working": "working",
  "no-tmux-env-working": "working",
  "done": "done",
  "question": "done", // a question in the reply: the turn ended, the agent is at its composer
  "tool-auto": "done",
  "approved": "done",
  "notify-done": "done", // the agent's own bell at the end of its turn is no question
  "approval": "needs-you",
  "notify-approval": "needs-you",
  "exited": "exited",
};

/** The rule each agent's states are found by. */
const RULES: Record<AgentId, { rest: string; approval: string; working: string[] }> = {
  claude: { rest: "claude-idle", approval: "claude-permission", working: ["interrupt-hint"] },
  codex: { rest: "codex-idle", approval: "codex-approval", working: ["spinner-title"] },
  gemini: {
    rest: "gemini-idle",
    approval: "gemini-approval",
    working: ["spinner-title", "interrupt-hint"],
  },
};

interface Fixture {
  agent: AgentId;
  state: string;
  key: string;
  meta: StateMeta;
  text: string;
}

async function loadFixtures(): Promise<Fixture[]> {
  const fixtures: Fixture[] = [];
  for (const agent of AGENT_IDS) {
    const dirName = `${agent}-${PINNED_VERSIONS[agent]}`;
    const dir = new URL(`${dirName}/`, FIXTURES);
    for await (const entry of Deno.readDir(dir)) {
      if (!entry.name.endsWith(".txt")) continue;
      const state = entry.name.slice(0, -".txt".length);
      const meta = JSON.parse(await Deno.readTextFile(new URL(`${state}.json`, dir)));
      const text = await Deno.readTextFile(new URL(entry.name, dir));
      fixtures.push({ agent, state, key: `${dirName}/${state}`, meta, text });
    }
  }
  return fixtures.sort((a, b) => a.key.localeCompare(b.key));
}

function inputOf(meta: StateMeta, text: string, idleSeconds: number): StatusInput {
  return {
    dead: meta.dead,
    idleSeconds,
    title: meta.title,
    command: meta.command,
    alternate: meta.alternate,
    bell: meta.bell,
    screen: screenFromText(text, meta.cursorX, meta.cursorY),
  };
}

const show = (v: StatusVerdict) => `${v.status}/${v.rule}`;
const fixtures = await loadFixtures();

Deno.test("Status rules give every recorded state of the real agents its status, by the agent's rule", async (t) => {
  for (const { agent, state, key, meta, text } of fixtures) {
    const expected = EXPECTED[state];
    await t.step(`${key}: ${expected}`, () => {
      assert.ok(expected, `${key}: say what a person reads in this state`);
      const quiet = detectStatus(inputOf(meta, text, 30));
      const rules = RULES[agent];
      switch (expected) {
        case "needs-you": {
          assert.equal(show(quiet), `needs-you/${rules.approval}`);
          // A decision beats recent output: Codex's blinking title keeps its activity fresh.
          const fresh = detectStatus(inputOf(meta, text, 0));
          assert.equal(show(fresh), `needs-you/${rules.approval}`, "while it still prints");
          return;
        }
        case "working":
          assert.equal(quiet.status, "working", show(quiet));
          assert.ok(rules.working.includes(quiet.rule), `by its own signal, not ${quiet.rule}`);
          return;
        case "idle":
        case "done":
          assert.equal(show(quiet), `idle/${rules.rest}`);
          return;
        case "exited":
          assert.equal(show(quiet), "exited/pane-dead");
      }
    });
  }
});

Deno.test("Status: a real agent's turn ending at its composer, unseen, is done; seen, idle", () => {
  for (const agent of AGENT_IDS) {
    const done = fixtures.find((f) => f.agent === agent && f.state === "done");
    const working = fixtures.find((f) => f.agent === agent && f.state === "working");
    assert.ok(done && working, `${agent} has working and done recordings`);
    for (const seen of [false, true]) {
      const pane = new PaneAttention();
      let now = 1_000_000;
      const step = (fixture: Fixture, inputAtMs: number) => {
        const o = {
          nowMs: now,
          activity: Math.floor(now / 1000) - 10,
          screenText: fixture.text,
          redrawUntilMs: 0,
          inputAtMs,
          seen,
          command: fixture.meta.command,
        };
        pane.observe(o);
        const verdict = pane.settle(detectStatus(inputOf(fixture.meta, fixture.text, 30)), o);
        now += 1000;
        return verdict;
      };
      step(done, 0); // at rest before the prompt
      assert.equal(step(working, now - 500).status, "working");
      const end = step(done, now - 1500);
      assert.equal(show(end), seen ? `idle/${RULES[agent].rest}` : "done/turn-ended", agent);
    }
  }
});

Deno.test("Status recordings cover every state of the pinned agents", () => {
  for (const agent of AGENT_IDS) {
    const states = new Set(fixtures.filter((f) => f.agent === agent).map((f) => f.state));
    for (const state of ["idle", "working", "done", "approval", "approved", "interrupted"]) {
      assert.ok(states.has(state), `${agent} has "${state}"`);
    }
  }
});
