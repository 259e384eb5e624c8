import assert from "node:assert/strict";
import {
  AgentInstallError,
  defaultCacheRoot,
  installAgents,
  npmInstallArgs,
  PINNED_VERSIONS,
  versionChoice,
  versionSetName,
} from "./install.ts";

const env = (values: Record<string, string>) => ({ get: (key: string) => values[key] });

Deno.test("Agent install names a folder after the version set and installs it with argv only", () => {
  const name = versionSetName(PINNED_VERSIONS);
  assert.equal(name, "claude-code@2.1.332+codex@0.171.0+gemini-cli@0.61.0");
  assert.deepEqual(npmInstallArgs("/c/x", PINNED_VERSIONS), [
    "install",
    "--prefix",
    "/c/x",
    "--no-audit",
    "--no-fund",
    "@anthropic-ai/claude-code@2.1.332",
    "@openai/codex@0.171.0",
    "@google/gemini-cli@0.61.0",
  ]);
});

Deno.test("Agent install keeps its cache outside the repo, overridable", () => {
  assert.equal(defaultCacheRoot(env({ HOME: "/home/a" })), "/home/a/.cache/maestro-agents");
  assert.equal(defaultCacheRoot(env({ HOME: "/h", MAESTRO_AGENTS_CACHE: "/c" })), "/c");
  assert.equal(versionChoice(env({})), "pinned");
  assert.equal(versionChoice(env({ MAESTRO_AGENTS: "latest" })), "latest");
  assert.throws(() => versionChoice(env({ MAESTRO_AGENTS: "newest" })), AgentInstallError);
});

Deno.test("Agent install fails with one clear sentence when the registry is unreachable", async () => {
  const cache = await Deno.makeTempDir({ prefix: "maestro-agents-cache-" });
  const unreachable = {
    npm_config_registry: "http://127.0.0.1:9/",
    npm_config_fetch_retries: "0",
    npm_config_cache: `${cache}/npm`,
  };
  const error = await installAgents(PINNED_VERSIONS, cache, unreachable).then(
    () => null,
    (e) => e,
  ).finally(() => Deno.remove(cache, { recursive: true }));
  assert.ok(error instanceof AgentInstallError, String(error));
  assert.match(
    error.message,
    /^Cannot install claude-code@2\.1\.332\+.*: the npm registry is unreachable/,
  );
  assert.doesNotMatch(error.message, /\n/);
});
