/** Owns waiting for a new pane's shell to draw its prompt before anything is typed into it. */

import type { TmuxRun } from "./tmux_exec.ts";

/** How long a new pane's shell gets to draw its prompt (a shell with an empty prompt draws none). */
export const PROMPT_WAIT_MS = 3000;

/**
 * Until the pane's cursor has left the top-left corner (its shell drew something), or
 * {@linkcode PROMPT_WAIT_MS}: a line typed before the prompt is echoed first, and the prompt and
 * the output then share a line.
 */
export async function untilDrawn(run: TmuxRun, target: string): Promise<void> {
  const deadline = Date.now() + PROMPT_WAIT_MS;
  for (;;) {
    const result = await run([
      "display-message",
      "-p",
      "-t",
      target,
      "#{cursor_x},#{cursor_y}",
    ]);
    const cursor = new TextDecoder().decode(result.stdout).trim();
    if (result.code !== 0 || cursor !== "0,0" || Date.now() >= deadline) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
