/**
 * The prompt as data on the real agents' recorded approval screens (tests/fixtures/agents/): each
 * arrives as a permission with the agent's own options, and the keys that choose an option move
 * the highlight to it and press Enter.
 */

import assert from "node:assert/strict";
import { readPrompt } from "../../server/agent_status/prompt.ts";
import { screenFromText } from "../../server/agent_status/mod.ts";
import { AGENT_IDS, PINNED_VERSIONS } from "./install.ts";

const FIXTURES = new URL("../fixtures/agents/", import.meta.url);

/** What each agent's approval asks, as a person reads it. */
const EXPECTED = {
  claude: {
    rule: "claude-permission",
    text: "Do you want to proceed?",
    detail: /touch lab-approved\.txt/,
    labels: [/^Yes$/, /^Yes, and always allow/, /^Yes, and switch to auto mode/, /^No$/],
  },
  codex: {
    rule: "codex-approval",
    text: "Would you like to run the following command?",
    detail: /\$ touch lab-approved\.txt/,
    labels: [/^Yes, proceed \(y\)$/, /^Yes, and don't ask again/, /^No, and tell Codex/],
  },
  gemini: {
    rule: "gemini-approval",
    text: "Allow execution of [Shell]?",
    detail: /touch lab-approved\.txt/,
    labels: [/^Allow once$/, /^Allow for this session$/, /^No, suggest changes \(esc\)$/],
  },
} as const;

for (const agent of AGENT_IDS) {
  for (const state of ["approval", "notify-approval"]) {
    Deno.test(`The prompt of ${agent}'s ${state} screen is a permission with its options`, async () => {
      const dir = new URL(`${agent}-${PINNED_VERSIONS[agent]}/`, FIXTURES);
      const text = await Deno.readTextFile(new URL(`${state}.txt`, dir));
      const meta = JSON.parse(await Deno.readTextFile(new URL(`${state}.json`, dir)));
      const expected = EXPECTED[agent];
      const prompt = readPrompt(screenFromText(text, meta.cursorX, meta.cursorY), expected.rule);
      assert.ok(prompt, "a prompt is read");
      assert.equal(prompt.kind, "permission");
      assert.equal(prompt.text, expected.text);
      assert.match(prompt.detail, expected.detail, "it says what the approval is for");
      assert.equal(prompt.options.length, expected.labels.length, JSON.stringify(prompt.options));
      prompt.options.forEach((option, index) => {
        assert.equal(option.key, String(index + 1));
        assert.match(option.label, expected.labels[index] as RegExp);
      });
      // The first option is highlighted: it is Enter alone; the last is Down to it, then Enter.
      assert.deepEqual(prompt.keys.get("1"), { keys: [], enter: true });
      const last = String(prompt.options.length);
      assert.deepEqual(prompt.keys.get(last), {
        keys: Array(prompt.options.length - 1).fill("Down"),
        enter: true,
      });
    });
  }
}
