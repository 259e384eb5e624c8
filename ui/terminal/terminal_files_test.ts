import assert from "node:assert/strict";
import { TerminalFiles } from "./terminal_files.ts";

/** Enough of an element for TerminalFiles to listen on. */
const container = {
  addEventListener() {},
  removeEventListener() {},
} as unknown as HTMLElement;

Deno.test("TerminalFiles uploads files given in two calls one after another, typing in order", async () => {
  const typed: string[] = [];
  const started: string[] = [];
  const finish = new Map<string, () => void>();
  using files = new TerminalFiles(container, {
    upload: (file) => {
      started.push(file.name);
      const { promise, resolve } = Promise.withResolvers<{ path: string }>();
      finish.set(file.name, () => resolve({ path: `/w/${file.name}` }));
      return promise;
    },
    type: (text) => typed.push(text),
    notice: () => {},
  });
  const first = files.send([new File(["a"], "one.png")]);
  const second = files.send([new File(["b"], "two.png")]);
  await Promise.resolve();
  // The second waits for the first, even if its server would answer sooner.
  assert.deepEqual(started, ["one.png"]);
  finish.get("one.png")?.();
  await first;
  await new Promise((resolve) => setTimeout(resolve, 0));
  assert.deepEqual(started, ["one.png", "two.png"]);
  finish.get("two.png")?.();
  await second;
  assert.deepEqual(typed, ["/w/one.png ", "/w/two.png "]);
});
