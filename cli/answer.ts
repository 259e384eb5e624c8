/** Owns `maestro answer`: printing what a session asks, or choosing one of its options. */

import { sessionPath } from "./api_client.ts";
import {
  clientFor,
  type CommandContext,
  type CommandResult,
  parse,
  positionals,
} from "./command_context.ts";
import type { PromptOption, SessionPrompt, SessionView } from "../protocol/session.ts";
import { USAGE } from "./usage.ts";

/**
 * `maestro answer NAME [OPTION] [--host HOST]`: without OPTION, print the prompt and its options;
 * with one, answer it — typed only if that same prompt is still on screen (the server checks).
 * Exit 1 when the session asks nothing.
 */
export async function answerCommand(
  args: string[],
  { env }: CommandContext,
): Promise<CommandResult> {
  const { values, positionals: pos } = parse("answer", args, { host: { type: "string" } });
  if (values.help) return { stdout: USAGE.answer + "\n", code: 0 };
  const [name, option] = positionals("answer", pos, 1, 2) as [string, string | undefined];
  const host = values.host ?? "local";
  const api = await clientFor({ url: values.url, token: values.token, home: values.home }, env);
  const session = await api.request<SessionView>("GET", sessionPath(host, name));
  const prompt = session.prompt ?? null;
  if (prompt === null) {
    const why = session.status === "needs-you"
      ? "it needs you, but its screen shows nothing to choose: open it"
      : `it is ${session.status}`;
    return { stdout: "", stderr: `maestro: ${name} asks nothing (${why})\n`, code: 1 };
  }
  if (option === undefined) return { stdout: promptText(prompt), code: 0 };
  const answered = await api.request<{ option: PromptOption }>(
    "POST",
    sessionPath(host, name, "/answer"),
    { promptId: prompt.id, option },
  );
  return { stdout: `Answered ${name}: ${answered.option.label}\n`, code: 0 };
}

/** The prompt as a person reads it: the question, what it is about, then one line per option. */
export function promptText(prompt: SessionPrompt): string {
  const lines = [prompt.text];
  if (prompt.detail !== "") lines.push(...prompt.detail.split("\n").map((line) => `  ${line}`));
  if (prompt.options.length === 0) {
    lines.push(
      prompt.kind === "password"
        ? "(a password: type it in the terminal)"
        : "(nothing to choose: open the session)",
    );
  }
  for (const option of prompt.options) lines.push(`  [${option.key}] ${option.label}`);
  return lines.join("\n") + "\n";
}
