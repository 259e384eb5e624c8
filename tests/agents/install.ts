/**
 * Owns installing the real agent CLIs from the npm registry into a cache outside the repo: one
 * folder per version set, reused when already complete, filled with one argv-only `npm install`.
 *
 * Usage: `deno run -A tests/agents/install.ts [--latest]` prints where the agents are.
 */

import { join } from "node:path";

/** The agents of the lab. */
export type AgentId = "claude" | "codex" | "gemini";

export const AGENT_IDS: readonly AgentId[] = ["claude", "codex", "gemini"];

/** The npm package of each agent and the file its `bin` points at, relative to the package. */
export const AGENT_PACKAGES: Readonly<Record<AgentId, { name: string; bin: string }>> = {
  claude: { name: "@anthropic-ai/claude-code", bin: "claude" },
  codex: { name: "@openai/codex", bin: "codex" },
  gemini: { name: "@google/gemini-cli", bin: "gemini" },
};

/** The versions the lab runs by default (the fixtures in tests/fixtures/agents/ come from these). */
export const PINNED_VERSIONS: Readonly<Record<AgentId, string>> = {
  claude: "2.1.332",
  codex: "0.171.0",
  gemini: "0.61.0",
};

/** Which versions a run uses: the pinned ones, or whatever the registry calls `latest` now. */
export type VersionChoice = "pinned" | "latest";

/** An installed version set: where it is and how to start each agent. */
export interface InstalledAgents {
  /** The version-set folder (holds `node_modules/`). */
  dir: string;
  versions: Record<AgentId, string>;
  /** Absolute path of each agent's executable (`node_modules/.bin/<bin>`). */
  bins: Record<AgentId, string>;
  /** Milliseconds spent installing; 0 when the cache was already complete. */
  installMs: number;
  /** Where runs keep their throwaway HOME folders (`<cache root>/runs`). */
  runsDir: string;
}

/** Thrown when the agents cannot be installed; the message is one sentence saying why. */
export class AgentInstallError extends Error {
  override name = "AgentInstallError";
}

/** The cache root: `$MAESTRO_AGENTS_CACHE`, else `~/.cache/maestro-agents`. */
export function defaultCacheRoot(env: { get(key: string): string | undefined } = Deno.env): string {
  const override = env.get("MAESTRO_AGENTS_CACHE");
  if (override) return override;
  const home = env.get("HOME");
  if (!home) throw new AgentInstallError("Cannot find the agents' cache: HOME is not set");
  return join(home, ".cache", "maestro-agents");
}

/** `claude-code@2.1.332+codex@0.171.0+gemini-cli@0.61.0`: a folder name that says what is inside. */
export function versionSetName(versions: Readonly<Record<AgentId, string>>): string {
  return AGENT_IDS.map((id) => `${AGENT_PACKAGES[id].name.split("/")[1]}@${versions[id]}`)
    .join("+");
}

/** The argv of the one install command (no shell). */
export function npmInstallArgs(dir: string, versions: Readonly<Record<AgentId, string>>): string[] {
  return [
    "install",
    "--prefix",
    dir,
    "--no-audit",
    "--no-fund",
    ...AGENT_IDS.map((id) => `${AGENT_PACKAGES[id].name}@${versions[id]}`),
  ];
}

/** The version the package in `dir` carries, or undefined when it is not installed. */
async function installedVersion(dir: string, id: AgentId): Promise<string | undefined> {
  try {
    const path = join(dir, "node_modules", AGENT_PACKAGES[id].name, "package.json");
    const json = JSON.parse(await Deno.readTextFile(path));
    return typeof json.version === "string" ? json.version : undefined;
  } catch {
    return undefined;
  }
}

async function complete(dir: string, versions: Readonly<Record<AgentId, string>>) {
  for (const id of AGENT_IDS) {
    if ((await installedVersion(dir, id)) !== versions[id]) return false;
    try {
      await Deno.stat(binPath(dir, id));
    } catch {
      return false;
    }
  }
  return true;
}

function binPath(dir: string, id: AgentId): string {
  return join(dir, "node_modules", ".bin", AGENT_PACKAGES[id].bin);
}

const REGISTRY_UNREACHABLE =
  /ENOTFOUND|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EAI_AGAIN|network|socket/i;

/** Extra environment for npm (tests point it at an unreachable registry). */
export type NpmEnv = Record<string, string>;

/** Run npm with argv only; its output is kept for the error message. */
async function npm(args: string[], timeoutMs: number, env: NpmEnv): Promise<Deno.CommandOutput> {
  try {
    return await new Deno.Command("npm", {
      args,
      env,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
      signal: AbortSignal.timeout(timeoutMs),
    }).output();
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw new AgentInstallError("Cannot install the agents: npm is not on PATH");
    }
    throw new AgentInstallError(
      `Cannot install the agents: npm ${args[0]} did not finish in ${
        timeoutMs / 1000
      } s (is the npm registry reachable?)`,
    );
  }
}

function npmFailure(what: string, output: Deno.CommandOutput): AgentInstallError {
  const text = new TextDecoder().decode(output.stderr) + new TextDecoder().decode(output.stdout);
  const lines = text.split("\n").map((line) => line.replace(/^npm (ERR!|error)( network)? ?/, ""));
  const request = text.match(/request to (\S+) failed, reason: ([^\n]+)/);
  if (request || REGISTRY_UNREACHABLE.test(text)) {
    const detail = request ? `${request[2]} for ${request[1]}` : lines.find(Boolean) ?? "";
    return new AgentInstallError(`Cannot ${what}: the npm registry is unreachable (${detail})`);
  }
  const detail = lines.find((line) => line !== "" && !/^(code|syscall|errno) /.test(line)) ?? "";
  return new AgentInstallError(`Cannot ${what}: npm failed: ${detail}`);
}

/** What the registry calls `latest` for each agent now (three `npm view` look-ups). */
export async function latestVersions(env: NpmEnv = {}): Promise<Record<AgentId, string>> {
  const versions = {} as Record<AgentId, string>;
  for (const id of AGENT_IDS) {
    const name = AGENT_PACKAGES[id].name;
    const output = await npm(["view", `${name}@latest`, "version"], 60_000, env);
    if (!output.success) throw npmFailure(`look up the latest ${name}`, output);
    versions[id] = new TextDecoder().decode(output.stdout).trim();
  }
  return versions;
}

/**
 * Install `versions` into `<cacheRoot>/<version set>` unless already there. A lock file in the
 * cache root keeps two test files from installing into the same folder at once.
 */
export async function installAgents(
  versions: Readonly<Record<AgentId, string>>,
  cacheRoot: string = defaultCacheRoot(),
  env: NpmEnv = {},
): Promise<InstalledAgents> {
  const dir = join(cacheRoot, versionSetName(versions));
  const result = (installMs: number): InstalledAgents => ({
    dir,
    versions: { ...versions },
    bins: Object.fromEntries(AGENT_IDS.map((id) => [id, binPath(dir, id)])) as Record<
      AgentId,
      string
    >,
    installMs,
    runsDir: join(cacheRoot, "runs"),
  });
  if (await complete(dir, versions)) return result(0);
  await Deno.mkdir(dir, { recursive: true });
  using lock = await Deno.open(join(cacheRoot, ".install-lock"), { create: true, write: true });
  await lock.lock(true);
  try {
    if (await complete(dir, versions)) return result(0);
    const started = performance.now();
    const output = await npm(npmInstallArgs(dir, versions), 15 * 60_000, env);
    if (!output.success) throw npmFailure(`install ${versionSetName(versions)}`, output);
    if (!(await complete(dir, versions))) {
      throw new AgentInstallError(
        `Cannot install ${versionSetName(versions)}: npm finished but ${dir} is incomplete`,
      );
    }
    return result(Math.round(performance.now() - started));
  } finally {
    await lock.unlock();
  }
}

/** The version choice of this run: `MAESTRO_AGENTS=latest` selects the registry's latest. */
export function versionChoice(
  env: { get(key: string): string | undefined } = Deno.env,
): VersionChoice {
  const value = env.get("MAESTRO_AGENTS") ?? "pinned";
  if (value !== "pinned" && value !== "latest") {
    throw new AgentInstallError(
      `Cannot choose the agents' versions "${value}": MAESTRO_AGENTS must be "pinned" or "latest"`,
    );
  }
  return value;
}

let installing: Promise<InstalledAgents> | undefined;

/**
 * The agents of this run, installed once per process: the pinned versions in the cache root, or
 * what the registry calls latest now, resolved to exact versions, in `<cache root>/latest/`.
 */
export function labAgents(): Promise<InstalledAgents> {
  installing ??= (async () => {
    if (versionChoice() === "pinned") return await installAgents(PINNED_VERSIONS);
    return await installAgents(await latestVersions(), join(defaultCacheRoot(), "latest"));
  })();
  return installing;
}

if (import.meta.main) {
  if (Deno.args.includes("--latest")) Deno.env.set("MAESTRO_AGENTS", "latest");
  const agents = await labAgents();
  const out = agents.installMs > 0 ? `installed in ${agents.installMs} ms` : "already installed";
  await Deno.stdout.write(new TextEncoder().encode(`${agents.dir}: ${out}\n`));
}
