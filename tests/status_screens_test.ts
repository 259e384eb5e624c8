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

Deno.test("Status detection gives every recorded screen its expected status and rule", async (t) => {
  for (const { meta, text } of fixtures) {
    await t.step(`${meta.scene}: ${meta.expect.status} by ${meta.expect.rule}`, () => {
      assert.deepEqual(detectStatus(inputOf(meta, text, 30)), meta.expect, meta.note);
    });
  }
});

Deno.test("Status detection calls a pane that just printed working, whatever its screen", () => {
  for (const { meta, text } of fixtures) {
    if (meta.dead) continue;
    assert.deepEqual(detectStatus(inputOf(meta, text, 1)), {
      status: "working",
      rule: "recent-output",
    }, meta.scene);
  }
});

Deno.test("Status fixtures cover a true and a false case of waiting for every tool", () => {
  for (const tool of ["claude", "codex", "aider", "shell", "generic"]) {
    const statuses = fixtures.filter((f) => f.meta.tool === tool).map((f) => f.meta.expect.status);
    assert.ok(statuses.includes("waiting"), `${tool} has a waiting screen`);
    assert.ok(statuses.some((s) => s !== "waiting"), `${tool} has a screen that is not waiting`);
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

Deno.test("Status rules each fire for some recorded screen or have a reason not to", () => {
  const fired = new Set(fixtures.map((f) => f.meta.expect.rule));
  fired.add("recent-output"); // every screen, when it just printed (above)
  for (const rule of STATUS_RULES) assert.ok(fired.has(rule.id), `${rule.id} has a fixture`);
});

Deno.test("Status rules are all described in docs/STATUS.md", async () => {
  const doc = await Deno.readTextFile(new URL("../docs/STATUS.md", import.meta.url));
  for (const rule of STATUS_RULES) assert.match(doc, new RegExp(`\`${rule.id}\``), rule.id);
});
