/** Keeps the end-to-end benchmark from rotting: a --quick run must finish and print every row. */

import assert from "node:assert/strict";
import { QUICK_SETTINGS } from "../bench/e2e.ts";
import { ROWS } from "../bench/table.ts";
import { runBench } from "./helpers/run_bench.ts";

Deno.test("Benchmark e2e --quick exits 0 and prints every row of the table", async () => {
  const { code, stdout, stderr } = await runBench("e2e.ts", ["--quick"]);
  assert.equal(code, 0, `bench/e2e.ts --quick exited ${code}:\n${stderr}`);

  const lines = stdout.split("\n");
  for (const row of ROWS) {
    const label = row.label(QUICK_SETTINGS);
    const line = lines.find((l) => l.startsWith(`| ${label} |`));
    assert.ok(line, `The table has no row "${label}":\n${stdout}`);
    const measured = line.split(" | ")[1] ?? "";
    assert.doesNotMatch(measured, /^error/, `Row "${label}" failed: ${line}`);
    assert.match(measured, /^(\d|n\/a)/, `Row "${label}" has no figure: ${line}`);
  }
});

Deno.test("Benchmark strangers --quick keeps the server up, refuses strangers over the cap and answers token requests", async () => {
  const { code, stdout, stderr } = await runBench("strangers.ts", ["--quick"]);
  assert.equal(code, 0, `bench/strangers.ts --quick exited ${code}:\n${stderr}`);
  for (const row of ["alone", "200 strangers", "after the attack"]) {
    assert.match(stdout, new RegExp(`^\\| ${row} \\| \\d`, "m"), `no "${row}" row:\n${stdout}`);
  }
  // 100 connections from each of 2 peers: the per-peer cap (64) refuses some.
  const refused = Number(/(\d+) refused at once/.exec(stdout)?.[1]);
  assert.ok(refused > 0, `no stranger was refused:\n${stdout}`);
  const tokens = /(\d+) of (\d+) answered 200/.exec(stdout);
  assert.ok(
    tokens && Number(tokens[2]) > 0 && tokens[1] === tokens[2],
    `token requests:\n${stdout}`,
  );
  assert.match(stdout, /After the attack: server still running, \/api\/health 200/);
});

Deno.test("Benchmark scale --quick lists every worker's sessions on the manager and prints every row", async () => {
  const { code, stdout, stderr } = await runBench("scale.ts", ["--quick"]);
  assert.equal(code, 0, `bench/scale.ts --quick exited ${code}:\n${stderr}`);
  for (
    const start of [
      "| Manager GET /api/sessions p50, 2 workers × 5 (10 sessions)",
      "| Manager GET /api/sessions p99",
      "| Status change on a worker",
      "| Manager idle CPU",
      "| Manager RSS",
      "| Page bundle app.js",
    ]
  ) {
    const line = stdout.split("\n").find((l) => l.startsWith(start));
    assert.ok(line, `No row "${start}":\n${stdout}`);
    assert.match(line.split(" | ")[1] ?? "", /^\d/, `Row "${start}" has no figure: ${line}`);
  }
  assert.doesNotMatch(stdout, /missed\)/, "every status change reached the manager");
});

Deno.test("Benchmark dashboard_day prints the server's RSS with a dashboard open", async () => {
  const { code, stdout, stderr } = await runBench("dashboard_day.ts", ["--minutes", "0.01"]);
  assert.equal(code, 0, `bench/dashboard_day.ts exited ${code}:\n${stderr}`);
  assert.match(stdout, /^\| 0\.0 min \| \d+\.\d \| \d+ \|$/m, stdout);
  const bad = await runBench("dashboard_day.ts", ["--minutes", "soon"]);
  assert.notEqual(bad.code, 0);
  assert.match(bad.stderr, /--minutes takes a positive number/);
});
