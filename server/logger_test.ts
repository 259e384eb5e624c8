import assert from "node:assert/strict";
import {
  createLogger,
  isLogLevel,
  type Logger,
  type LoggerOptions,
  nullLogger,
  redact,
} from "./logger.ts";

const SECRET = "s3cr3t-T0ken_value";
const FIXED = new Date("2025-01-02T03:04:05.678Z");

/** A logger whose lines land in `.lines`, stamped with a fixed time. */
function capture(options: Omit<LoggerOptions, "sink" | "now">): Logger & { lines: string[] } {
  const lines: string[] = [];
  const log = createLogger({ ...options, sink: (line) => lines.push(line), now: () => FIXED });
  return Object.assign(log, { lines });
}

Deno.test("createLogger writes JSON lines with time, level, message and fields", () => {
  const log = capture({ level: "debug", json: true });
  log.info("Listening", { port: 23000, host: "127.0.0.1" });
  assert.equal(log.lines.length, 1);
  assert.deepEqual(JSON.parse(log.lines[0] ?? ""), {
    port: 23000,
    host: "127.0.0.1",
    time: "2025-01-02T03:04:05.678Z",
    level: "info",
    msg: "Listening",
  });
});

Deno.test("createLogger writes readable text when json is false", () => {
  const log = capture({ level: "debug", json: false });
  log.warn("Slow tmux answer", { command: "list-sessions", ms: 512, note: "two words" });
  assert.deepEqual(log.lines, [
    '2025-01-02T03:04:05.678Z WARN  Slow tmux answer command=list-sessions ms=512 note="two words"',
  ]);
});

Deno.test("createLogger drops lines below its level", () => {
  const log = capture({ level: "warn", json: true });
  log.debug("d");
  log.info("i");
  log.warn("w");
  log.error("e");
  assert.deepEqual(log.lines.map((line) => JSON.parse(line).level), ["warn", "error"]);
});

Deno.test("createLogger never writes a token, in JSON or text", () => {
  for (const json of [true, false]) {
    const log = capture({ level: "debug", json });
    log.info(`Open http://127.0.0.1:23000/?token=${SECRET}`);
    log.info("Request", {
      url: `/api/sessions?x=1&token=${SECRET}&y=2`,
      token: SECRET,
      Authorization: `Bearer ${SECRET}`,
      cookie: `maestro_token=${SECRET}`,
      password: SECRET,
      headers: { "set-cookie": SECRET, accept: "*/*" },
      list: [`ws://h/terminal?access_token=${SECRET}`],
      note: `sent Bearer ${SECRET} upstream`,
    });
    log.error("Upstream failed", { error: new Error(`GET /?token=${SECRET} refused`) });
    log.child({ hostToken: SECRET }).warn("child");
    const output = log.lines.join("\n");
    assert.ok(!output.includes(SECRET), output);
    assert.ok(output.includes("[redacted]"));
  }
});

Deno.test("createLogger keeps the non-secret parts of redacted URLs", () => {
  const log = capture({ level: "info", json: true });
  log.info("Request", { url: `/api/sessions?x=1&token=${SECRET}&y=2` });
  assert.equal(JSON.parse(log.lines[0] ?? "").url, "/api/sessions?x=1&token=[redacted]&y=2");
});

Deno.test("createLogger child adds its fields to every line", () => {
  const log = capture({ level: "info", json: true });
  const child = log.child({ requestId: "r1" });
  child.info("one", { status: 200 });
  child.child({ host: "local" }).info("two");
  assert.deepEqual(log.lines.map((line) => JSON.parse(line)), [
    { requestId: "r1", status: 200, time: FIXED.toISOString(), level: "info", msg: "one" },
    { requestId: "r1", host: "local", time: FIXED.toISOString(), level: "info", msg: "two" },
  ]);
});

Deno.test("createLogger serializes errors with name, message and own fields", () => {
  const log = capture({ level: "info", json: true });
  const error = Object.assign(new TypeError("bad thing"), { code: "E_BAD" });
  log.error("Failed", { error });
  const logged = JSON.parse(log.lines[0] ?? "").error;
  assert.equal(logged.name, "TypeError");
  assert.equal(logged.message, "bad thing");
  assert.equal(logged.code, "E_BAD");
  assert.equal(typeof logged.stack, "string");

  const text = capture({ level: "info", json: false });
  text.error("Failed", { error });
  assert.match(text.lines[0] ?? "", /error="TypeError: bad thing"$/);
});

Deno.test("createLogger survives cycles, bigints and undefined fields", () => {
  const log = capture({ level: "info", json: true });
  const loop: Record<string, unknown> = { name: "loop" };
  loop.self = loop;
  const shared = { id: 1 };
  log.info("odd", { loop, big: 10n, missing: undefined, pair: [shared, shared] });
  const parsed = JSON.parse(log.lines[0] ?? "");
  assert.deepEqual(parsed.loop, { name: "loop", self: "[circular]" });
  assert.deepEqual(parsed.pair, [{ id: 1 }, { id: 1 }]);
  assert.equal(parsed.big, "10");
  assert.ok(!("missing" in parsed));
});

Deno.test("createLogger keeps its fixed keys when fields reuse their names", () => {
  const log = capture({ level: "info", json: true });
  log.info("real", { level: "fake", msg: "fake" });
  const parsed = JSON.parse(log.lines[0] ?? "");
  assert.equal(parsed.level, "info");
  assert.equal(parsed.msg, "real");
});

Deno.test("redact leaves non-secret values unchanged", () => {
  const value = { a: 1, b: "plain", c: [true, null], d: { e: "tokens are not here" } };
  assert.deepEqual(redact(value), value);
});

Deno.test("isLogLevel accepts exactly the four levels", () => {
  for (const level of ["debug", "info", "warn", "error"]) assert.ok(isLogLevel(level));
  for (const other of ["trace", "INFO", "", 1, undefined]) assert.ok(!isLogLevel(other));
});

Deno.test("nullLogger writes nothing and can make children", () => {
  nullLogger.error("nothing");
  nullLogger.child({ a: 1 }).error("still nothing");
});
