import assert from "node:assert/strict";
import { TerminalClient } from "./helpers/terminal_client.ts";
import { selfSignedCertificate } from "./helpers/self_signed.ts";
import { TestServer } from "./helpers/test_server.ts";

Deno.test("Remote hosts: an HTTPS worker with a self-signed certificate, trusted by file", async () => {
  const dir = await Deno.makeTempDir({ prefix: "maestro-tls-" });
  try {
    const { cert, key } = await selfSignedCertificate(dir);
    await using worker = await TestServer.start({
      extraArgs: ["--tls-cert", cert, "--tls-key", key],
    });
    assert.match(worker.server.url, /^https:\/\/127\.0\.0\.1:\d+$/);
    await worker.tmux.newSession("tls-one");
    await using manager = await TestServer.start();

    // Without trusting the certificate the worker is refused, with a clear reason.
    const untrusted = await manager.fetch("/api/hosts", {
      method: "POST",
      body: JSON.stringify({ name: "secure", url: worker.server.url, token: worker.token }),
    });
    const refusal = await untrusted.json();
    assert.equal(untrusted.status, 502);
    assert.equal(refusal.error.code, "host_unreachable");
    assert.match(refusal.error.message, /certificate|UnknownIssuer|invalid peer/i);

    const added = await manager.fetch("/api/hosts", {
      method: "POST",
      body: JSON.stringify({
        name: "secure",
        url: worker.server.url,
        token: worker.token,
        ca: await Deno.readTextFile(cert),
      }),
    });
    const host = await added.json();
    assert.equal(added.status, 201, JSON.stringify(host));
    assert.equal(host.tls, true);
    assert.equal(host.trustsCustomCa, true);

    // Sessions and a terminal over wss://, relayed by the manager.
    const deadline = Date.now() + 15_000;
    while (true) {
      const list = await (await manager.fetch("/api/sessions")).json();
      if (
        list.sessions.some((s: { host: string; name: string }) =>
          s.host === "secure" && s.name === "tls-one"
        )
      ) break;
      assert.ok(Date.now() < deadline, "the TLS worker's session appears");
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await using term = new TerminalClient(
      manager.wsUrl("/api/hosts/secure/sessions/tls-one/terminal"),
      manager.headers,
    );
    await term.opened;
    term.send({ type: "hello", cols: 80, rows: 24 });
    await term.waitFor(() => term.count("snapshot-end") >= 1, "a snapshot over wss");
    term.type("echo tls-$((3*3))\r");
    await term.waitFor(() => term.text.includes("tls-9\r\n"), "output over wss");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
