import assert from "node:assert/strict";
import { join } from "node:path";
import { VERSION } from "../server/version.ts";
import { MaestroServer, runMaestro, URL_LINE } from "./helpers/maestro_process.ts";
import { PrivateTmux } from "./helpers/private_tmux.ts";
import { tempDir } from "./helpers/temp_dir.ts";

const sessionPath = (name: string, rest = "") => `/api/hosts/local/sessions/${name}${rest}`;

Deno.test("Server refuses --no-auth on a non-loopback host at start", async () => {
  await using dir = await tempDir("maestro-process-test-");
  const home = join(dir.path, "home");
  const result = await runMaestro([
    "serve",
    "--no-auth",
    "--host",
    "0.0.0.0",
    "--port",
    "0",
    "--home",
    home,
    "--tmux-socket",
    "maestro-never-started",
    "--tmux-config",
    "/dev/null",
  ]);
  assert.equal(result.code, 2, result.stderr);
  assert.match(result.stderr, /--no-auth/);
  assert.match(result.stderr, /0\.0\.0\.0/);
  assert.equal(result.stdout, "", "no URL is printed");
  await assert.rejects(Deno.stat(home), Deno.errors.NotFound, "nothing was created");
});

Deno.test("Server exits 2 with its usage on a wrong flag", async () => {
  await using dir = await tempDir("maestro-process-test-");
  const home = join(dir.path, "home");
  for (const args of [["--bogus"], ["--port", "not-a-port"], ["--log-level", "loud"], ["extra"]]) {
    const result = await runMaestro(["serve", "--home", home, ...args]);
    assert.equal(result.code, 2, `${args.join(" ")}: ${result.stderr}`);
    assert.match(result.stderr, /^maestro: /);
    assert.match(result.stderr, /Usage: maestro serve/);
    assert.equal(result.stdout, "");
  }
  await assert.rejects(Deno.stat(home), Deno.errors.NotFound, "nothing was created");
});

Deno.test("Server process prints its URL and never logs its token", async (t) => {
  await using dir = await tempDir("maestro-process-test-");
  await using tmux = new PrivateTmux();
  const home = join(dir.path, "home");
  await using server = await MaestroServer.start({
    home,
    socket: tmux.options.socket ?? "",
    args: ["--log-level", "debug"],
  });

  await t.step("the first line is a ready-to-click URL with the stored token", async () => {
    assert.match(server.urlLine, URL_LINE);
    assert.ok(server.urlLine.startsWith(`Maestro ${VERSION} is running: open http://127.0.0.1:`));
    assert.notEqual(new URL(server.url).port, "23000");
    assert.equal((await Deno.readTextFile(join(home, "token"))).trim(), server.token);
    assert.equal(((await Deno.stat(join(home, "token"))).mode ?? 0) & 0o777, 0o600);
    const health = await server.json("/api/health");
    assert.equal(health.status, 200);
    assert.equal(health.body.version, VERSION);
    assert.equal(health.body.commit, "dev", "a checkout has no build stamp");
  });

  await t.step("the token stays out of the debug log", async () => {
    const token = server.token;
    const landing = await fetch(`${server.url}/?token=${token}`);
    assert.deepEqual(landing.headers.getSetCookie(), [], "no cookie carries a credential");
    await landing.body?.cancel();
    const login = await fetch(`${server.url}/api/login`, {
      method: "POST",
      body: JSON.stringify({ token }),
      headers: { "content-type": "application/json" },
    });
    assert.equal(login.status, 200);
    const { credential } = await login.json();
    const viaCredential = await fetch(`${server.url}/api/sessions`, {
      headers: { authorization: `Bearer ${credential}` },
    });
    assert.equal(viaCredential.status, 200);
    await viaCredential.body?.cancel();
    const inQuery = await fetch(`${server.url}/api/health?token=${token}`);
    assert.equal(inQuery.status, 401);
    await inQuery.body?.cancel();
    assert.equal((await server.json("/api/sessions", "POST", { name: "logged" })).status, 201);
    assert.equal(
      (await server.json(sessionPath("logged", "/notes"), "PUT", { text: token })).status,
      200,
    );
    assert.equal((await server.json(sessionPath("nope"))).status, 404);

    const status = await server.stop("SIGTERM");
    assert.equal(status.code, 0);
    const log = server.stderr;
    assert.ok(
      (log.match(/"request"/g) ?? []).length >= 7,
      `the debug log shows the requests:\n${log}`,
    );
    assert.ok(!log.includes(token), `the token appears in the log:\n${log}`);
    assert.ok(!log.includes(credential), `a page credential appears in the log:\n${log}`);
  });
});

Deno.test("Server keeps acknowledged notes across a restart and a kill -9", async () => {
  await using dir = await tempDir("maestro-process-test-");
  await using tmux = new PrivateTmux();
  const home = join(dir.path, "home");
  const socket = tmux.options.socket ?? "";
  const names = ["keep-1", "keep-2", "keep-3"];

  let token: string;
  {
    await using first = await MaestroServer.start({ home, socket });
    token = first.token;
    for (const name of names) {
      assert.equal((await first.json("/api/sessions", "POST", { name })).status, 201);
      const put = await first.json(sessionPath(name, "/notes"), "PUT", { text: `first ${name}` });
      assert.equal(put.status, 200);
      assert.equal(put.body.text, `first ${name}`);
    }
    assert.equal((await first.stop("SIGTERM")).code, 0);
  }

  {
    await using second = await MaestroServer.start({ home, socket });
    assert.equal(second.token, token, "the token is kept in the home");
    for (const name of names) {
      const got = await second.json(sessionPath(name, "/notes"));
      assert.equal(got.status, 200);
      assert.equal(got.body.text, `first ${name}`, "survived a restart");
    }
    for (const [i, name] of names.entries()) {
      const text = `second ${name} ${"é".repeat(i * 1000)}`;
      assert.equal((await second.json(sessionPath(name, "/notes"), "PUT", { text })).status, 200);
    }
    const status = await second.stop("SIGKILL");
    assert.equal(status.signal, "SIGKILL");
  }

  await using third = await MaestroServer.start({ home, socket });
  for (const [i, name] of names.entries()) {
    const got = await third.json(sessionPath(name, "/notes"));
    assert.equal(got.status, 200);
    assert.equal(got.body.text, `second ${name} ${"é".repeat(i * 1000)}`, "survived kill -9");
  }
  const list = await third.json<{ sessions: { name: string }[] }>("/api/sessions");
  assert.deepEqual(list.body.sessions.map((s) => s.name), names, "tmux kept the sessions");
});

Deno.test("Server serves the page from another working directory", async () => {
  await using dir = await tempDir("maestro-process-test-");
  await using tmux = new PrivateTmux();
  await using server = await MaestroServer.start({
    home: join(dir.path, "home"),
    socket: tmux.options.socket ?? "",
    cwd: dir.path,
  });
  for (
    const [path, type] of [
      ["/", "text/html"],
      ["/app.js", "text/javascript"],
      ["/app.css", "text/css"],
      ["/sw.js", "text/javascript"],
      ["/manifest.webmanifest", "application/manifest+json"],
      ["/icon.svg", "image/svg+xml"],
    ]
  ) {
    const response = await fetch(`${server.url}${path}`);
    assert.equal(response.status, 200, path);
    assert.ok(response.headers.get("content-type")?.startsWith(type ?? ""), path);
    assert.ok((await response.text()).length > 100, `${path} has content`);
  }
  // The page installs as an app: its manifest names it, starts at the root, and has icons.
  const manifest = await (await fetch(`${server.url}/manifest.webmanifest`)).json();
  assert.equal(manifest.name, "Maestro");
  assert.equal(manifest.start_url, "/");
  assert.equal(manifest.display, "standalone");
  assert.ok(manifest.icons.some((icon: { purpose: string }) => icon.purpose === "maskable"));
  assert.match(await (await fetch(`${server.url}/`)).text(), /<link rel="manifest"/);
  // Text goes compressed to browsers that take gzip, and the same bytes come out of it.
  const plain = new Uint8Array(
    await (await fetch(`${server.url}/app.js`, { headers: { "accept-encoding": "identity" } }))
      .arrayBuffer(),
  );
  const zipped = await fetch(`${server.url}/app.js`, { headers: { "accept-encoding": "gzip" } });
  assert.equal(zipped.headers.get("content-encoding"), "gzip");
  assert.equal(zipped.headers.get("vary"), "accept-encoding");
  const raw = new Uint8Array(await zipped.arrayBuffer());
  // fetch decodes gzip itself: the body equals the plain file.
  assert.deepEqual(raw, plain);
  // Brotli, from the copy the build wrote, to browsers that take it (Chromium asks for it).
  const brotli = await fetch(`${server.url}/app.js`, {
    headers: { "accept-encoding": "gzip, br" },
  });
  assert.equal(brotli.headers.get("content-encoding"), "br");
  assert.deepEqual(new Uint8Array(await brotli.arrayBuffer()), plain);
  // The copy itself is not a page asset.
  const copy = await fetch(`${server.url}/app.js.br`);
  assert.equal(copy.status, 404);
  await copy.body?.cancel();
  // The service worker is checked on every load, so an upgrade reaches the phone at once.
  assert.equal((await fetch(`${server.url}/sw.js`)).headers.get("cache-control"), "no-cache");
});
