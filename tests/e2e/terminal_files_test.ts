/**
 * End-to-end: files dropped or pasted into a terminal are uploaded into the session's directory
 * and their paths typed; one too large, or one sent while the server is gone, is refused in words.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { Dashboard } from "./harness.ts";

/** Dispatch a drop (or a paste) of one file made in the page, `size` bytes of `fill`. */
function dropFile(
  dashboard: Dashboard,
  how: "drop" | "paste",
  name: string,
  size: number,
  fill = 0x61,
): Promise<void> {
  return dashboard.page.evaluate(({ how, name, size, fill }) => {
    const file = new File([new Uint8Array(size).fill(fill)], name, { type: "image/png" });
    const transfer = new DataTransfer();
    transfer.items.add(file);
    if (how === "drop") {
      const target = document.querySelector("terminal-view[active] .xterm-screen") as HTMLElement;
      target.dispatchEvent(
        new DragEvent("dragover", { dataTransfer: transfer, bubbles: true, cancelable: true }),
      );
      target.dispatchEvent(
        new DragEvent("drop", { dataTransfer: transfer, bubbles: true, cancelable: true }),
      );
    } else {
      const textarea = document.querySelector(
        "terminal-view[active] textarea",
      ) as HTMLTextAreaElement;
      textarea.dispatchEvent(
        new ClipboardEvent("paste", { clipboardData: transfer, bubbles: true, cancelable: true }),
      );
    }
  }, { how, name, size, fill });
}

Deno.test("Terminal uploads a dropped or pasted file into the session's directory and types its path", async () => {
  await using dashboard = await Dashboard.start();
  const page = dashboard.page;
  const dir = await Deno.makeTempDir({ prefix: "maestro-drop-" });
  try {
    const created = await dashboard.api("POST", "/api/sessions", { name: "drop", cwd: dir });
    assert.equal(created.status, 201);
    await created.body?.cancel();
    await page.evaluate(() => (location.hash = "#/local/drop"));
    await dashboard.waitForLive();
    await dashboard.waitForTerminal((t) => /[$#]/.test(t), "the prompt");

    await dropFile(dashboard, "drop", "shot 1.png", 1000);
    const first = join(dir, "shot 1.png");
    await dashboard.waitForTerminal((t) => t.includes(`'${first}'`), "the dropped file's path");
    assert.equal((await Deno.readFile(first)).length, 1000);

    // A pasted image (the clipboard names it image.png); the same name again gets a number.
    await dropFile(dashboard, "paste", "image.png", 10, 0x62);
    await dropFile(dashboard, "paste", "image.png", 20, 0x63);
    await dashboard.waitForTerminal(
      // The command line wraps: match it as one line.
      (t) =>
        t.replaceAll("\n", "").includes(join(dir, "image.png")) &&
        t.replaceAll("\n", "").includes(join(dir, "image-1.png")),
      "both pasted paths",
    );
    assert.equal(await Deno.readTextFile(join(dir, "image.png")), "b".repeat(10));
    assert.equal(await Deno.readTextFile(join(dir, "image-1.png")), "c".repeat(20));

    // Too large: refused before it is sent, in words.
    await dropFile(dashboard, "drop", "big.mov", 26 * 1024 * 1024);
    const notice = page.locator("terminal-view[active] .term-notice");
    await notice.waitFor();
    assert.equal(
      (await notice.innerText()).trim(),
      "Not uploaded: big.mov is 26 MiB, over the 25 MiB limit",
    );
    assert.equal(await notice.getAttribute("data-failed"), "");

    // The server is gone: said so, nothing typed.
    await dashboard.server?.stop();
    await dropFile(dashboard, "drop", "late.png", 10);
    await page.waitForFunction(() =>
      (document.querySelector("terminal-view[active] .term-notice") as HTMLElement | null)
        ?.innerText.trim() === "Not uploaded: late.png — the server cannot be reached"
    );
    assert.doesNotMatch(await dashboard.terminalText(), /late\.png/);
    const names = (await Array.fromAsync(Deno.readDir(dir))).map((e) => e.name).sort();
    assert.deepEqual(names, ["image-1.png", "image.png", "shot 1.png"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
