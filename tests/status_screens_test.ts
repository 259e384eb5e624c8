import assert from "node:assert/strict";
import { detectStatus, screenFromText, STATUS_RULES } from "../server/agent_status/mod.ts";
import type { StatusInput } from "../server/agent_status/mod.ts";
import { SCENES } from "./fixtures/screen_scenes.ts";

/** What `record_screens.ts` writes beside each captured screen. */
interface ScreenMeta {
  scene: string;
  tool: string;
  note: string;
  title: string;
  command: string;
  alternate: boolean;
  bell: boolean;
  dead: boolean;
  cursorX: number;
  cursorY: number;
  expect: { status: string; rule: string };
}

const screensDir = new URL("./fixtures/screens/", import.meta.url);

async function loadFixtures(): Promise<{ meta: ScreenMeta; text: string }[]> {
  const fixtures = [];
  for await (const entry of Deno.readDir(screensDir)) {
    if (!entry.name.endsWith(".json")) continue;
    const meta = JSON.parse(await Deno.readTextFile(new URL(entry.name, screensDir)));
    const text = await Deno.readTextFile(new URL(`${meta.scene}.txt`, screensDir));
    fixtures.push({ meta: meta as ScreenMeta, text });
  }
  return fixtures.sort((a, b) => a.meta.scene.localeCompare(b.meta.scene));
}

function inputOf(meta: ScreenMeta, text: string, idleSeconds: number): StatusInput {
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

const fixtures = await loadFixtures();

/** The rules that decide the real agents' recorded screens (tests/fixtures/agents/). */
async function agentFixtureRules(): Promise<Set<string>> {
  const rules = new Set<string>();
  const root = new URL("./fixtures/agents/", import.meta.url);
  for await (const agent of Deno.readDir(root)) {
    if (!agent.isDirectory) continue;
    const dir = new URL(`${agent.name}/`, root);
    for await (const entry of Deno.readDir(dir)) {
      if (!entry.name.endsWith(".txt")) continue;
      const meta = JSON.parse(
        await Deno.readTextFile(new URL(entry.name.replace(/\.txt$/, ".json"), dir)),
      ) as ScreenMeta;
      const text = await Deno.readTextFile(new URL(entry.name, dir));
      rules.add(detectStatus(inputOf(meta, text, 30)).rule);
    }
  }
  return rules;
}

Deno.test("Status detection gives every recorded screen its expected status and rule", async (t) => {
  for (const { meta, text } of fixtures) {
    await t.step(`${meta.scene}: ${meta.expect.status} by ${meta.expect.rule}`, () => {
      assert.deepEqual(detectStatus(inputOf(meta, text, 30)), meta.expect, meta.note);
    });
  }
});

Deno.test("Status detection calls a pane that just printed working, unless an agent's decision or work shows", () => {
  const order = STATUS_RULES.map((rule) => rule.id);
  for (const { meta, text } of fixtures) {
    if (meta.dead) continue;
    const before = order.indexOf(meta.expect.rule) < order.indexOf("recent-output");
    assert.deepEqual(
      detectStatus(inputOf(meta, text, 1)),
      before ? meta.expect : { status: "working", rule: "recent-output" },
      meta.scene,
    );
  }
});

Deno.test("Status fixtures cover a true and a false case of needing you for every tool", () => {
  for (const tool of ["claude", "codex", "aider", "shell", "generic"]) {
    const statuses = fixtures.filter((f) => f.meta.tool === tool).map((f) => f.meta.expect.status);
    assert.ok(statuses.includes("needs-you"), `${tool} has a screen that needs you`);
    assert.ok(statuses.some((s) => s !== "needs-you"), `${tool} has a screen that does not`);
  }
});

Deno.test("Status fixtures are recorded for every scene, with the scene's expectation", () => {
  const recorded = new Map(fixtures.map((f) => [f.meta.scene, f.meta]));
  for (const scene of SCENES) {
    const meta = recorded.get(scene.name);
    assert.ok(meta, `${scene.name} is recorded (deno run -A tests/fixtures/record_screens.ts)`);
    assert.deepEqual(meta.expect, scene.expect, `${scene.name}: re-record after changing it`);
  }
  assert.equal(recorded.size, SCENES.length, "no recording without a scene");
});

Deno.test("Status rules each fire for some recorded screen or have a reason not to", async () => {
  const fired = new Set(fixtures.map((f) => f.meta.expect.rule));
  fired.add("recent-output"); // every screen, when it just printed (above)
  // Needs the pane's history (what ran at its last rest): tests/status_test.ts drives real panes.
  fired.add("command-running");
  // The real agents' recordings (tests/agents/status_fixtures_test.ts checks each of them).
  for (const rule of await agentFixtureRules()) fired.add(rule);
  for (const rule of STATUS_RULES) assert.ok(fired.has(rule.id), `${rule.id} has a fixture`);
});

Deno.test("Status rules are all described in docs/STATUS.md", async () => {
  const doc = await Deno.readTextFile(new URL("../docs/STATUS.md", import.meta.url));
  for (const rule of STATUS_RULES) assert.match(doc, new RegExp(`\`${rule.id}\``), rule.id);
});
