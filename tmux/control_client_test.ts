import assert from "node:assert/strict";
import { PrivateTmux } from "../tests/helpers/private_tmux.ts";
import { ControlClient } from "./control_client.ts";
import { TmuxTimeoutError } from "./errors.ts";

Deno.test("ControlClient times out a slow command and keeps later replies in order", async () => {
  await using tmux = new PrivateTmux();
  await tmux.newSession("slow");
  await using client = await ControlClient.start({
    ...tmux.options,
    start: ["attach-session", "-t", "=slow"],
    commandTimeoutMs: 600,
  });
  // A control client's run-shell is answered at once but holds tmux's command queue until the
  // shell command ends: the command after it waits a second for its reply.
  await client.run(["run-shell", "sleep 1"]);
  const started = performance.now();
  await assert.rejects(client.run(["display-message", "-p", "held"]), TmuxTimeoutError);
  const waited = performance.now() - started;
  assert.ok(waited >= 600, `timed out after ${waited} ms, before the 600 ms limit`);
  // Its late reply is consumed and dropped: the next command gets its own answer.
  assert.deepEqual((await client.run(["display-message", "-p", "after"])).lines, ["after"]);
});

Deno.test("ControlClient coalesces a pane's output lines into few events, bytes intact", async () => {
  await using tmux = new PrivateTmux();
  await tmux.newSession("many");
  const chunks: Uint8Array[] = [];
  await using client = await ControlClient.start({
    ...tmux.options,
    start: ["attach-session", "-t", "=many"],
    onEvent: (event) => {
      if (event.type === "output") chunks.push(event.data);
    },
  });
  await client.run(["send-keys", "-t", "=many:", "seq 1 3000; echo seq-$((1+1))-end", "Enter"]);
  const text = () => new TextDecoder().decode(concatAll(chunks));
  for (let i = 0; i < 500 && !text().includes("seq-2-end\r\n"); i++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  // (A prompt may precede "1" when the keys arrive before the shell's first prompt.)
  const numbers = [...text().matchAll(/^(?:[#$] )?(\d+)\r$/gm)].map((m) => Number(m[1]));
  assert.deepEqual(numbers, Array.from({ length: 3000 }, (_, i) => i + 1));
  // 3,000 lines came as one %output line each; events are per chunk of tmux's stdout.
  assert.ok(chunks.length < 1000, `${chunks.length} output events for 3,000 lines`);
});

function concatAll(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
