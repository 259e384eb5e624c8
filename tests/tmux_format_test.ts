import assert from "node:assert/strict";
import { join } from "node:path";
import { SessionService } from "../tmux/mod.ts";
import { ApiHarness } from "./helpers/api_harness.ts";
import { PrivateTmux } from "./helpers/private_tmux.ts";
import { tempDir } from "./helpers/temp_dir.ts";

/**
 * A real directory whose path tmux would run and expand if it were given as a format: a cloned
 * repository or an unpacked archive can hold such a folder. It ends with ";", which tmux's argv
 * parser would take for the end of the command.
 */
async function hostileDirectory(root: string): Promise<{ path: string; marker: string }> {
  const marker = join(root, "marker");
  const path = join(root, `src-#(touch ${marker})`, "#{session_name}-#S-#D-##[x]-#[y]-#;");
  await Deno.mkdir(path, { recursive: true });
  return { path, marker };
}

/** `#(…)` jobs run in the background: give one time to leave its marker before looking. */
async function assertNothingRan(marker: string): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.equal(await exists(marker), false, `tmux ran the command that creates ${marker}`);
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}

/** What tmux itself says about a session's start and current directories. */
async function directories(tmux: PrivateTmux, name: string): Promise<string[]> {
  const out = await tmux.tmux(
    "display-message",
    "-p",
    "-t",
    `=${name}:`,
    "#{session_path}\x1f#{pane_start_path}\x1f#{pane_current_path}",
  );
  return out.replace(/\n$/, "").split("\x1f");
}

Deno.test("SessionService.create starts a session in a directory named like a tmux format, running nothing", async () => {
  await using dir = await tempDir("maestro-format-");
  await using tmux = new PrivateTmux();
  const { path, marker } = await hostileDirectory(dir.path);
  const sessions = new SessionService(tmux.options);

  const created = await sessions.create({ name: "hostile", cwd: path });
  assert.equal(created.cwd, path);
  assert.deepEqual(await directories(tmux, "hostile"), [path, path, path]);
  await assertNothingRan(marker);
});

Deno.test("SessionService.create passes environment values and the command as given", async () => {
  await using dir = await tempDir("maestro-format-");
  await using tmux = new PrivateTmux();
  const marker = join(dir.path, "marker");
  const value = `#(touch ${marker})#{session_name}##[x];`;
  const sessions = new SessionService(tmux.options);

  await sessions.create({
    name: "env",
    env: { MAESTRO_PROBE: value },
    command: `printf '%s\\n' "$MAESTRO_PROBE" '#(touch ${marker})#{session_name}'`,
  });
  assert.equal(
    await tmux.tmux("show-environment", "-t", "=env", "MAESTRO_PROBE"),
    `MAESTRO_PROBE=${value}\n`,
  );
  for (let i = 0; i < 100; i++) {
    const { text } = await sessions.capture("env");
    if (text.split("\n").includes(`#(touch ${marker})#{session_name}`)) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const lines = (await sessions.capture("env")).text.split("\n");
  assert.ok(lines.includes(value), lines.join("\n"));
  await assertNothingRan(marker);
});

Deno.test("POST /api/sessions creates a session in a directory named like a tmux format, running nothing", async () => {
  await using dir = await tempDir("maestro-format-");
  await using api = await ApiHarness.start();
  const { path, marker } = await hostileDirectory(dir.path);

  const created = await api.json("/api/sessions", {
    method: "POST",
    body: { name: "hostile", cwd: path },
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  assert.equal(created.body.cwd, path);
  assert.deepEqual(await directories(api.tmux, "hostile"), [path, path, path]);
  const listed = await api.json<{ sessions: { name: string; cwd: string }[] }>("/api/sessions");
  assert.deepEqual(listed.body.sessions.map((s) => [s.name, s.cwd]), [["hostile", path]]);
  await assertNothingRan(marker);
});
