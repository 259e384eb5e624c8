/** Owns `maestro wait`: block until a session reaches a status. */

import type { SessionView } from "../protocol/session.ts";
import { sessionPath } from "./api_client.ts";
import {
  clientFor,
  type CommandContext,
  type CommandResult,
  parse,
  positionals,
  UsageError,
} from "./command_context.ts";
import { USAGE } from "./usage.ts";
import { parseStatus, STATUS_WORDS, waitForStatus } from "./wait_for_status.ts";

/** Exit code of `maestro wait` when it gives up (as timeout(1) does). */
export const WAIT_TIMEOUT_CODE = 124;

/** `maestro wait NAME --for STATUS [--timeout S] [--host H]`. */
export async function waitCommand(
  args: string[],
  { env }: CommandContext,
): Promise<CommandResult> {
  const { values, positionals: pos } = parse("wait", args, {
    for: { type: "string" },
    timeout: { type: "string" },
    host: { type: "string" },
  });
  if (values.help) return { stdout: USAGE.wait + "\n", code: 0 };
  const [name] = positionals("wait", pos, 1, 1) as [string];
  const wanted = values.for === undefined ? null : parseStatus(values.for);
  if (wanted === null) {
    throw new UsageError(
      values.for === undefined
        ? `wait needs --for: ${STATUS_WORDS}`
        : `--for ${JSON.stringify(values.for)} is not a status: use ${STATUS_WORDS}`,
      "wait",
    );
  }
  let timeoutMs: number | null = null;
  if (values.timeout !== undefined) {
    const seconds = Number(values.timeout);
    if (values.timeout.trim() === "" || !Number.isFinite(seconds) || seconds < 0) {
      throw new UsageError(
        `--timeout ${JSON.stringify(values.timeout)} is not a number of seconds`,
        "wait",
      );
    }
    timeoutMs = seconds * 1000;
  }
  const host = values.host ?? "local";
  const api = await clientFor(values, env);
  const outcome = await waitForStatus({
    fetchSession: () => api.request<SessionView>("GET", sessionPath(host, name)),
    wanted,
    timeoutMs,
  });
  const state = (s: SessionView) => `${s.status}${s.statusRule ? ` (${s.statusRule})` : ""}`;
  switch (outcome.kind) {
    case "reached":
      return {
        stdout: outcome.session ? `${name} is ${state(outcome.session)}\n` : `${name} is gone\n`,
        code: 0,
      };
    case "timeout":
      return {
        stdout: "",
        stderr: `maestro: Timed out after ${values.timeout} s waiting for "${name}" to be ` +
          `${wanted}: it is ${state(outcome.last)}\n`,
        code: WAIT_TIMEOUT_CODE,
      };
    case "gone":
      return {
        stdout: "",
        stderr: `maestro: Session "${name}" went away while waiting for it to be ${wanted}\n`,
        code: 1,
      };
  }
}
