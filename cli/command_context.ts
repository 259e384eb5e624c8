/**
 * Owns what every client command shares: its result, usage errors, the common flags (--url,
 * --token, --home), and the API client for the Maestro they name.
 */

import { parseArgs } from "node:util";
import { join } from "node:path";
import { ApiClient } from "./api_client.ts";

/** Printed output and exit code of one command (main.ts writes them). */
export interface CommandResult {
  stdout: string;
  stderr?: string;
  code: number;
}

/** A usage mistake: print the command's usage and exit 2. */
export class UsageError extends Error {
  constructor(message: string, readonly command: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** What a command may use of the outside world (main.ts passes the real ones; tests their own). */
export interface CommandContext {
  env: Record<string, string>;
  readStdin: () => Promise<string>;
  /** This machine's token file, for `maestro token` (the server's own code owns the file). */
  tokens: TokenFile;
}

/** Reading and replacing the token in a Maestro home. */
export interface TokenFile {
  read(home: string): Promise<string>;
  rotate(home: string): Promise<string>;
}

const clientFlags = {
  url: { type: "string" },
  token: { type: "string" },
  home: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

/** The flags a command takes besides the common ones. */
type ExtraFlags = Record<
  string,
  { type: "string" | "boolean"; short?: string; multiple?: boolean }
>;

/** What {@linkcode parse} reads: the common flags and a command's own, and its positionals. */
export type Parsed<T extends ExtraFlags> = ReturnType<
  typeof parseArgs<{
    args: string[];
    options: typeof clientFlags & T;
    allowPositionals: true;
    strict: true;
  }>
>;

/** Read a command's flags (a mistake is a {@linkcode UsageError} showing its usage). */
export function parse<T extends ExtraFlags>(
  command: string,
  args: string[],
  extra: T,
): Parsed<T> {
  try {
    return parseArgs({
      args,
      options: { ...clientFlags, ...extra },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error), command);
  }
}

export function homeOf(
  values: { home?: string | boolean | undefined },
  env: Record<string, string>,
): string {
  if (typeof values.home === "string") return values.home;
  return env.MAESTRO_HOME ?? join(env.HOME ?? ".", ".maestro");
}

export async function clientFor(
  values: Record<string, string | boolean | undefined>,
  env: Record<string, string>,
): Promise<ApiClient> {
  const url = (values.url as string | undefined) ?? env.MAESTRO_URL ?? "http://127.0.0.1:23000";
  let token = (values.token as string | undefined) ?? env.MAESTRO_TOKEN ?? null;
  if (token === null) {
    try {
      token = (await Deno.readTextFile(join(homeOf(values, env), "token"))).trim();
    } catch {
      token = null; // The server may run with --no-auth.
    }
  }
  return new ApiClient({ url, token });
}

export function positionals(command: string, list: string[], min: number, max: number): string[] {
  if (list.length < min || list.length > max) {
    const want = min === max ? `${min}` : `${min}-${max}`;
    throw new UsageError(`"${command}" takes ${want} argument(s), got ${list.length}`, command);
  }
  return list;
}
