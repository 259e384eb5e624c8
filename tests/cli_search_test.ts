import assert from "node:assert/strict";
import { join } from "node:path";
import type { SearchResult } from "../server/search/session_search.ts";
import { eventually } from "./helpers/api_harness.ts";
import { MaestroServer, runMaestro } from "./helpers/maestro_process.ts";
import { PrivateTmux } from "./helpers/private_tmux.ts";
import { tempDir } from "./helpers/temp_dir.ts";

Deno.test("CLI search prints matching lines of every session", async (t) => {
  await using dir = await tempDir("maestro-cli-search-test-");
  await using tmux = new PrivateTmux();
  const home = join(dir.path, "home");
  await using server = await MaestroServer.start({ home, socket: tmux.options.socket ?? "" });
  const maestro = (args: string[]) => runMaestro([...args, "--url", server.url, "--home", home]);

  await tmux.newSession("cli-find");
  await eventually(
    async () => (await tmux.tmux("capture-pane", "-p", "-t", "=cli-find:")).trim() || undefined,
    "the prompt",
  );
  // The text is whole only in printf's output, first on the screen, then pushed into scrollback.
  await tmux.tmux("send-keys", "-t", "=cli-find:", "printf 'Fou%s\\n' ndIt; seq 1 40", "Enter");
  await eventually(async () => {
    const screen = await tmux.tmux("capture-pane", "-p", "-t", "=cli-find:");
    return screen.split("\n").includes("40") ? true : undefined;
  }, "the output");

  await t.step("matches in scrollback print as host/name:line: text", async () => {
    const result = await maestro(["search", "foundit", "--scrollback", "100"]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^local\/cli-find:-\d+: FoundIt\n$/);
    assert.equal(result.stderr, "");
  });

  await t.step("--json prints the API's answer", async () => {
    const result = await maestro(["search", "FOUNDIT", "--scrollback", "100", "--json"]);
    assert.equal(result.code, 0, result.stderr);
    const parsed = JSON.parse(result.stdout) as SearchResult;
    assert.equal(parsed.query, "FOUNDIT");
    assert.deepEqual(parsed.matches.map((m) => [m.host, m.name, m.text]), [
      ["local", "cli-find", "FoundIt"],
    ]);
  });

  await t.step("nothing found exits 1 and says so", async () => {
    const screenOnly = await maestro(["search", "foundit"]);
    assert.equal(screenOnly.code, 1);
    assert.equal(screenOnly.stdout, "");
    assert.equal(screenOnly.stderr, 'No matches for "foundit".\n');
  });

  await t.step("--limit cuts the list and says more matched", async () => {
    const result = await maestro(["search", "1", "--limit", "1"]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout.split("\n").length, 2, result.stdout);
    assert.match(result.stderr, /more lines match than shown/);
  });

  await t.step("usage mistakes exit 2 with the usage", async () => {
    const missing = await maestro(["search"]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /"search" takes 1 argument\(s\), got 0/);
    assert.match(missing.stderr, /Usage: maestro search TEXT/);
    const notNumber = await maestro(["search", "x", "--scrollback", "lots"]);
    assert.equal(notNumber.code, 2);
    assert.match(notNumber.stderr, /--scrollback must be a whole number, got "lots"/);
  });

  await t.step("the server's refusals are printed and exit 1", async () => {
    const tooMuch = await maestro(["search", "x", "--scrollback", "99999"]);
    assert.equal(tooMuch.code, 1);
    assert.match(tooMuch.stderr, /^maestro: Invalid "scrollback" "99999": use a whole number/);
    const blank = await maestro(["search", "  "]);
    assert.equal(blank.code, 1);
    assert.match(blank.stderr, /is empty/);
  });

  await t.step("search --help and the main help describe it", async () => {
    const help = await runMaestro(["search", "--help"]);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /--scrollback N/);
    assert.match((await runMaestro(["--help"])).stdout, /maestro search TEXT/);
  });
});
