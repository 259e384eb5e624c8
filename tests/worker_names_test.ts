/**
 * The host names a worker answers to (its own, and `--allow-host`), and what a manager says when
 * a worker refuses the name it was added by; real processes, the manager reaching the worker by a
 * name through a small HTTP proxy (a name that needs no DNS).
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { hostname } from "node:os";
import { MaestroServer, runMaestro } from "./helpers/maestro_process.ts";
import { PrivateTmux } from "./helpers/private_tmux.ts";
import { tempDir } from "./helpers/temp_dir.ts";

/** One HTTP/1.1 request over a raw socket, with exactly the Host header given; the status. */
async function statusWithHost(url: string, host: string, token: string): Promise<number> {
  const { hostname: address, port } = new URL(url);
  using conn = await Deno.connect({ hostname: address, port: Number(port) });
  const request = `GET /api/health HTTP/1.1\r\nHost: ${host}\r\n` +
    `Authorization: Bearer ${token}\r\nConnection: close\r\n\r\n`;
  await conn.write(new TextEncoder().encode(request));
  const head = new Uint8Array(64);
  const n = await conn.read(head);
  const line = new TextDecoder().decode(head.subarray(0, n ?? 0));
  return Number(/^HTTP\/1\.1 (\d{3})/.exec(line)?.[1] ?? "0");
}

/**
 * A forward HTTP proxy (what `HTTP_PROXY` points at) that sends every request to `port` on
 * 127.0.0.1, whatever name it was for, keeping its Host header: a name that resolves nowhere
 * reaches the worker exactly as it would through DNS.
 */
class NameProxy implements Disposable {
  readonly #listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  readonly url = `http://127.0.0.1:${(this.#listener.addr as Deno.NetAddr).port}`;

  constructor(readonly target: () => number) {
    (async () => {
      for await (const client of this.#listener) this.#forward(client).catch(() => {});
    })().catch(() => {});
  }

  async #forward(client: Deno.Conn): Promise<void> {
    using _client = client;
    let head = new Uint8Array(0);
    const buffer = new Uint8Array(16 * 1024);
    while (!new TextDecoder().decode(head).includes("\r\n\r\n")) {
      const n = await client.read(buffer);
      if (n === null) return;
      head = new Uint8Array([...head, ...buffer.subarray(0, n)]);
    }
    // The proxy form names the whole URL: `GET http://mini:1234/api/health HTTP/1.1`.
    const text = new TextDecoder().decode(head).replace(/^(\S+) http:\/\/[^/]+/, "$1 ");
    using upstream = await Deno.connect({ hostname: "127.0.0.1", port: this.target() });
    await upstream.write(new TextEncoder().encode(text));
    // The requests are `Connection: close` probes: done once the worker's answer is through.
    client.readable.pipeTo(upstream.writable, { preventClose: true }).catch(() => {});
    await upstream.readable.pipeTo(client.writable, { preventClose: true }).catch(() => {});
  }

  [Symbol.dispose](): void {
    this.#listener.close();
  }
}

Deno.test("Worker answers to its own host name and to --allow-host names, and no others", async () => {
  await using dir = await tempDir("maestro-names-");
  await using tmux = new PrivateTmux();
  await using worker = await MaestroServer.start({
    command: "worker",
    home: join(dir.path, "home"),
    socket: tmux.options.socket ?? "",
    args: ["--host", "127.0.0.1", "--allow-host", "Mini.LAN"],
  });
  const port = new URL(worker.url).port;
  const own = hostname().toLowerCase();
  for (const host of [`mini.lan:${port}`, `MINI.lan:${port}`, `${own}:${port}`, `127.0.0.1`]) {
    assert.equal(await statusWithHost(worker.url, host, worker.token), 200, host);
  }
  for (const host of [`mini:${port}`, `evil.example:${port}`, `mini.lan.evil.example:${port}`]) {
    assert.equal(await statusWithHost(worker.url, host, worker.token), 403, host);
  }
});

Deno.test("Manager says what a worker answered when it refuses the name it is added by", async () => {
  await using dir = await tempDir("maestro-names-");
  await using workerTmux = new PrivateTmux();
  await using managerTmux = new PrivateTmux();
  let workerPort = 0;
  using proxy = new NameProxy(() => workerPort);
  const start = (allow: string[]) =>
    MaestroServer.start({
      command: "worker",
      home: join(dir.path, "worker"),
      socket: workerTmux.options.socket ?? "",
      args: ["--host", "127.0.0.1", ...allow],
    });
  await using manager = await MaestroServer.start({
    home: join(dir.path, "manager"),
    socket: managerTmux.options.socket ?? "",
    env: { HTTP_PROXY: proxy.url, http_proxy: proxy.url, NO_PROXY: "", no_proxy: "" },
  });
  {
    await using worker = await start([]);
    workerPort = Number(new URL(worker.url).port);
    const refused = await manager.json<{ error: { code: string; message: string } }>(
      "/api/hosts",
      "POST",
      { name: "mini", url: `http://mini-box:${workerPort}`, token: worker.token },
    );
    assert.equal(refused.status, 502);
    assert.equal(refused.body.error.code, "host_unreachable");
    assert.match(refused.body.error.message, /refused the name "mini-box"/);
    assert.match(refused.body.error.message, /forbidden_host/, "the worker's own answer");
    assert.match(refused.body.error.message, /--allow-host mini-box/, "what to do about it");
    assert.doesNotMatch(refused.body.error.message, /is it a Maestro worker/);
  }
  await using worker = await start(["--allow-host", "mini-box"]);
  workerPort = Number(new URL(worker.url).port);
  const added = await manager.json("/api/hosts", "POST", {
    name: "mini",
    url: `http://mini-box:${workerPort}`,
    token: worker.token,
  });
  assert.equal(added.status, 201, JSON.stringify(added.body));
});

Deno.test("Server refuses an --allow-host value that is not a host name", async () => {
  for (const bad of ["http://mini", "mini:23000", "", "a b", "mini..lan"]) {
    const result = await runMaestro(["serve", "--allow-host", bad, "--port", "0"]);
    assert.equal(result.code, 2, bad);
    assert.match(result.stderr, /Cannot allow host/, bad);
  }
});
