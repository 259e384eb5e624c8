/**
 * Owns what may be typed into a session through the API (`{text?, keys?, enter?}`): checking
 * a body whole before anything reaches tmux, and typing a checked input into a local session.
 * The input route and the broadcast route both use it, so they accept exactly the same input.
 */

import { INPUT_MAX_BYTES, isKeyName, type SessionService } from "../tmux/mod.ts";
import { HttpError, optionalString } from "./http_error.ts";

/** A checked input: send `text`, then `keys`, then Enter when `enter` is true. */
export interface SessionInput {
  text?: string;
  keys?: string[];
  enter?: boolean;
}

/**
 * Read `{text?, keys?, enter?}` from a request body, refusing (400 `invalid_input`, or 413
 * `too_large` for text over `maxTextBytes`) anything that could fail half-way through typing.
 */
export function readSessionInput(
  body: Record<string, unknown>,
  maxTextBytes: number = INPUT_MAX_BYTES,
): SessionInput {
  const text = optionalString(body, "text");
  const keys = body.keys;
  const enter = body.enter;
  if (keys !== undefined && (!Array.isArray(keys) || keys.some((k) => typeof k !== "string"))) {
    throw new HttpError(400, "invalid_input", 'Field "keys" must be an array of key names');
  }
  const badKey = (keys as string[] | undefined)?.find((key) => !isKeyName(key));
  if (badKey !== undefined) {
    throw new HttpError(
      400,
      "invalid_input",
      `Key ${
        JSON.stringify(badKey)
      } in "keys" is not a tmux key name (e.g. Enter, C-c, Escape, Up, F1)`,
    );
  }
  if (enter !== undefined && typeof enter !== "boolean") {
    throw new HttpError(400, "invalid_input", 'Field "enter" must be true or false');
  }
  if (text === undefined && keys === undefined && !enter) {
    throw new HttpError(400, "invalid_input", 'Send at least one of "text", "keys" or "enter"');
  }
  if (text !== undefined) {
    const bytes = new TextEncoder().encode(text).length;
    if (bytes > maxTextBytes) {
      throw new HttpError(
        413,
        "too_large",
        `Field "text" is ${bytes} bytes of UTF-8, over the ${maxTextBytes} byte limit`,
      );
    }
  }
  return {
    ...(text !== undefined ? { text } : {}),
    ...(keys !== undefined ? { keys: keys as string[] } : {}),
    ...(enter === true ? { enter } : {}),
  };
}

/**
 * How long Enter waits after the text or keys before it. Agents tell typing from pasting by
 * timing: text and Enter in one burst is a paste to Codex and Gemini CLI (Enter then makes a new
 * line instead of submitting), so Enter comes as a key press of its own, a moment later.
 */
export const ENTER_DELAY_MS = 150;

/**
 * Type a checked input into a session on this machine, all of it into the one session found by
 * that name (a missing session is a 404 before anything is typed). Text with line breaks is
 * pasted (bracketed, when the program asked for it), other text typed; keys follow; then, after
 * {@linkcode ENTER_DELAY_MS}, Enter on its own. `onTyped` hears of it first.
 */
export async function typeInput(
  sessions: SessionService,
  name: string,
  input: SessionInput,
  onTyped?: (name: string, interrupt: boolean) => void,
): Promise<void> {
  onTyped?.(name, isInterrupt(input));
  await sessions.sendInput(name, input, { enterDelayMs: ENTER_DELAY_MS });
}

/** Keys that stop what a program is doing. */
const INTERRUPT_KEYS = new Set(["Escape", "C-c"]);

/** Whether `input` only interrupts: no text, no Enter, only Escape or Ctrl+C. */
export function isInterrupt(input: SessionInput): boolean {
  return input.text === undefined && !input.enter && input.keys !== undefined &&
    input.keys.length > 0 && input.keys.every((key) => INTERRUPT_KEYS.has(key));
}
