import assert from "node:assert/strict";
import { resolve } from "node:path";
import { ConfigError, isLoopbackHost, loadConfig } from "./config.ts";

const ENV = { HOME: "/home/ada" };

/** Asserts `loadConfig` refuses with a ConfigError whose message matches `pattern`. */
function assertRefused(
  args: string[],
  pattern: RegExp,
  env: Record<string, string> = ENV,
): ConfigError {
  let caught: unknown;
  try {
    loadConfig(args, env);
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof ConfigError, `expected a ConfigError, got ${String(caught)}`);
  assert.match(caught.message, pattern);
  return caught;
}

Deno.test("loadConfig uses the defaults when nothing is given", () => {
  assert.deepEqual(loadConfig([], ENV), {
    host: "127.0.0.1",
    port: 23000,
    home: "/home/ada/.maestro",
    noAuth: false,
    logLevel: "info",
    allowHosts: [],
  });
});

Deno.test("loadConfig returns a frozen config", () => {
  const config = loadConfig([], ENV);
  assert.ok(Object.isFrozen(config));
  assert.throws(() => {
    (config as { port: number }).port = 1;
  }, TypeError);
});

Deno.test("loadConfig reads every serve flag", () => {
  const config = loadConfig([
    "--host",
    "0.0.0.0",
    "--port=0",
    "--home",
    "/srv/maestro",
    "--tmux-socket",
    "maestro-test",
    "--tmux-config",
    "/dev/null",
    "--token",
    "abc_DEF-123",
    "--log-level",
    "debug",
    "--allow-host",
    "Mini.LAN",
    "--allow-host=box",
  ], ENV);
  assert.deepEqual(config, {
    host: "0.0.0.0",
    port: 0,
    home: "/srv/maestro",
    tmuxSocket: "maestro-test",
    tmuxConfig: "/dev/null",
    token: "abc_DEF-123",
    noAuth: false,
    logLevel: "debug",
    allowHosts: ["mini.lan", "box"],
  });
});

Deno.test("loadConfig accepts --no-auth on loopback hosts", () => {
  for (const host of ["127.0.0.1", "127.8.9.10", "localhost", "::1", "[::1]"]) {
    const config = loadConfig(["--no-auth", "--host", host], ENV);
    assert.equal(config.noAuth, true);
  }
});

Deno.test("loadConfig refuses --no-auth when the host is not loopback", () => {
  const error = assertRefused(
    ["--host", "0.0.0.0", "--no-auth"],
    /^Refusing --no-auth on 0\.0\.0\.0: /,
  );
  assert.equal(error.option, "no-auth");
  assertRefused(["--host", "192.168.1.20", "--no-auth"], /^Refusing --no-auth on 192\.168\.1\.20/);
  assertRefused(["--host", "::", "--no-auth"], /^Refusing --no-auth on ::/);
});

Deno.test("loadConfig refuses --token together with --no-auth", () => {
  assertRefused(["--token", "abc", "--no-auth"], /^Cannot combine --token and --no-auth/);
});

Deno.test("loadConfig refuses bad ports", () => {
  for (const port of ["abc", "-1", "65536", "1.5", "", "99999999", "0x10"]) {
    const error = assertRefused(
      [`--port=${port}`],
      /^Cannot listen on port ".*": a port is a whole/,
    );
    assert.equal(error.option, "port");
  }
  assert.equal(loadConfig(["--port", "65535"], ENV).port, 65535);
});

Deno.test("loadConfig reads how often a manager pings its workers", () => {
  assert.equal(loadConfig([], ENV).hostPingMs, undefined);
  assert.equal(loadConfig(["--host-ping-ms", "250"], ENV).hostPingMs, 250);
  for (const ms of ["49", "60001", "1.5", "", "abc", "-100"]) {
    const error = assertRefused(
      [`--host-ping-ms=${ms}`],
      /^Cannot ping hosts every ".*" ms: give a whole number from 50 to 60000$/,
    );
    assert.equal(error.option, "host-ping-ms");
  }
});

Deno.test("loadConfig reads the history limit of new sessions from the flag, then the environment", () => {
  assert.equal(loadConfig([], ENV).historyLimit, undefined);
  assert.equal(loadConfig(["--history-limit", "100000"], ENV).historyLimit, 100_000);
  const env = { ...ENV, MAESTRO_HISTORY_LIMIT: "3000" };
  assert.equal(loadConfig([], env).historyLimit, 3000);
  assert.equal(loadConfig(["--history-limit=7"], env).historyLimit, 7);
  for (const lines of ["1000001", "1.5", "", "many", "-1"]) {
    const error = assertRefused(
      [`--history-limit=${lines}`],
      /^Cannot keep ".*" lines of history \(--history-limit\): give a whole number from 0 to 1000000$/,
    );
    assert.equal(error.option, "history-limit");
  }
});

Deno.test("loadConfig refuses unknown flags and positional arguments", () => {
  const error = assertRefused(
    ["--prot", "1"],
    /^Cannot use option "--prot": serve knows only --host/,
  );
  assert.equal(error.option, "prot");
  assertRefused(["extra"], /^Cannot use argument "extra": serve takes only options/);
});

Deno.test("loadConfig refuses a flag without its value", () => {
  const error = assertRefused(["--port"], /^Cannot read the serve options: .*--port/);
  assert.equal(error.option, "port");
});

Deno.test("loadConfig refuses unknown log levels from flags and environment", () => {
  assertRefused(
    ["--log-level", "verbose"],
    /^Cannot use log level "verbose": choose debug, info, warn or error$/,
  );
  assertRefused([], /^Cannot use MAESTRO_LOG_LEVEL "loud": choose debug/, {
    ...ENV,
    MAESTRO_LOG_LEVEL: "loud",
  });
});

Deno.test("loadConfig prefers flags over environment over defaults", () => {
  const env = { HOME: "/home/ada", MAESTRO_HOME: "/env/home", MAESTRO_LOG_LEVEL: "warn" };
  const fromEnv = loadConfig([], env);
  assert.equal(fromEnv.home, "/env/home");
  assert.equal(fromEnv.logLevel, "warn");
  const fromFlags = loadConfig(["--home", "/flag/home", "--log-level", "error"], env);
  assert.equal(fromFlags.home, "/flag/home");
  assert.equal(fromFlags.logLevel, "error");
});

Deno.test("loadConfig treats empty environment variables as unset", () => {
  const config = loadConfig([], { HOME: "/home/ada", MAESTRO_HOME: "", MAESTRO_LOG_LEVEL: "" });
  assert.equal(config.home, "/home/ada/.maestro");
  assert.equal(config.logLevel, "info");
});

Deno.test("loadConfig refuses to guess a home when neither MAESTRO_HOME nor HOME is set", () => {
  assertRefused([], /^Cannot choose a home directory: neither MAESTRO_HOME nor HOME is set/, {});
  assert.equal(loadConfig(["--home", "/x"], {}).home, "/x");
});

Deno.test("loadConfig reads connection limits from MAESTRO_CONNECTION_LIMITS", () => {
  const config = loadConfig([], {
    ...ENV,
    MAESTRO_CONNECTION_LIMITS: '{"headerTimeoutMs": 300, "maxUnauthenticatedPerPeer": 4}',
  });
  assert.deepEqual(config.connectionLimits, { headerTimeoutMs: 300, maxUnauthenticatedPerPeer: 4 });
  assert.ok(Object.isFrozen(config.connectionLimits));
  assert.equal(
    loadConfig([], { ...ENV, MAESTRO_CONNECTION_LIMITS: "" }).connectionLimits,
    undefined,
  );
});

Deno.test("loadConfig refuses connection limits that are not positive whole numbers by name", () => {
  const refused = (value: string, pattern: RegExp) =>
    assertRefused([], pattern, { ...ENV, MAESTRO_CONNECTION_LIMITS: value });
  refused("300", /^Cannot use MAESTRO_CONNECTION_LIMITS: it must be a JSON object/);
  refused("{headerTimeoutMs: 300}", /^Cannot use MAESTRO_CONNECTION_LIMITS: it must be a JSON/);
  refused(
    '{"headerTimeout": 300}',
    /"headerTimeout" is not a connection limit; use headerTimeoutMs, bodyTimeoutMs, /,
  );
  refused('{"idleTimeoutMs": 0}', /idleTimeoutMs must be a positive whole number, not 0$/);
  refused('{"idleTimeoutMs": 1.5}', /idleTimeoutMs must be a positive whole number, not 1.5$/);
  refused('{"idleTimeoutMs": "10"}', /idleTimeoutMs must be a positive whole number, not "10"$/);
});

Deno.test("loadConfig makes relative paths absolute", () => {
  const config = loadConfig(["--home", "rel/home", "--tmux-config", "t.conf"], ENV);
  assert.equal(config.home, resolve("rel/home"));
  assert.equal(config.tmuxConfig, resolve("t.conf"));
});

Deno.test("loadConfig refuses tokens that cannot travel in a URL without leaking them", () => {
  const secret = "has space";
  const error = assertRefused(["--token", secret], /^Cannot use the --token value: /);
  assert.ok(!error.message.includes(secret));
  assertRefused(["--token", ""], /^Cannot use the --token value/);
  assertRefused(["--token", "a&b"], /^Cannot use the --token value/);
});

Deno.test("loadConfig refuses empty values and socket paths", () => {
  assertRefused(["--home", ""], /^Cannot use an empty --home/);
  assertRefused(["--host", ""], /^Cannot listen on host ""/);
  assertRefused(["--tmux-socket", "/tmp/sock"], /^Cannot use tmux socket "\/tmp\/sock"/);
  assertRefused(["--tmux-config", ""], /^Cannot use an empty --tmux-config/);
});

Deno.test("loadConfig removes brackets from IPv6 hosts", () => {
  assert.equal(loadConfig(["--host", "[::1]"], ENV).host, "::1");
});

Deno.test("isLoopbackHost accepts 127.0.0.0/8, ::1 and localhost", () => {
  for (
    const host of [
      "127.0.0.1",
      "127.255.255.254",
      "localhost",
      "LOCALHOST",
      "::1",
      "[::1]",
      "0:0:0:0:0:0:0:1",
      "::ffff:127.0.0.1",
    ]
  ) {
    assert.ok(isLoopbackHost(host), host);
  }
});

Deno.test("isLoopbackHost refuses every other address", () => {
  for (
    const host of [
      "0.0.0.0",
      "::",
      "10.0.0.1",
      "128.0.0.1",
      "127.0.0.256",
      "127.1",
      "localhost.example.com",
      "example.com",
      "::2",
      "::ffff:10.0.0.1",
      "fe80::1%eth0",
      "",
    ]
  ) {
    assert.ok(!isLoopbackHost(host), host);
  }
});
