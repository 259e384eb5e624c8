/**
 * Does creating and killing sessions grow the server? `POST /api/sessions` + `DELETE`, 20 at a
 * time, with and without a command, beside the same sessions made with tmux directly (the server
 * only lists them), and a bare Deno process that only spawns `true` — the server's RSS after each
 * round (docs/BENCHMARKS.md, "Memory").
 *
 *   deno run -A bench/memory_churn.ts [--rounds 10]
 */

import { parseArgs } from "node:util";
import { BenchTmux } from "./bench_tmux.ts";
import { memory } from "./proc_stats.ts";
import { ServerProcess } from "./server_process.ts";

const BATCH = 20;

const encoder = new TextEncoder();
function say(line: string): void {
  Deno.stdout.writeSync(encoder.encode(line + "\n"));
}

/**
 * `api-command`: each session is made with a command (`cat`), so the server also waits for the
 * shell's prompt and watches the command for a moment before answering.
 */
async function churn(mode: "api" | "api-command" | "tmux", rounds: number): Promise<number[]> {
  const dir = await Deno.makeTempDir({ prefix: "maestro-churn-" });
  try {
    await using tmux = await BenchTmux.start(dir);
    await using server = await ServerProcess.start({ home: `${dir}/home`, socket: tmux.socket });
    const rss = [(await memory(server.pid)).rss];
    for (let round = 0; round < rounds; round++) {
      const names = Array.from({ length: BATCH }, (_, i) => `c${round}-${i}`);
      for (const name of names) {
        if (mode === "tmux") {
          await tmux.run("new-session", "-d", "-s", name);
          await server.get("/api/sessions");
        } else {
          const body = mode === "api-command" ? { name, command: "cat" } : { name };
          const created = await server.post("/api/sessions", body);
          if (created.status !== 201) throw new Error(created.text);
        }
      }
      for (const name of names) {
        if (mode === "tmux") await tmux.run("kill-session", "-t", `=${name}`);
        else {
          const response = await fetch(`${server.url}/api/hosts/local/sessions/${name}`, {
            method: "DELETE",
            headers: { authorization: `Bearer ${server.token}` },
          });
          await response.body?.cancel();
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
      rss.push((await memory(server.pid)).rss);
    }
    return rss;
  } finally {
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  }
}

/** A Deno process that spawns `true` 250 times a round: Deno's own spawning, no Maestro. */
async function bareSpawns(rounds: number): Promise<number[]> {
  const script =
    `const rss = () => Number(/VmRSS:\\s+(\\d+)/.exec(Deno.readTextFileSync("/proc/self/status"))[1]) * 1024 / 1e6;
const out = [rss()];
for (let r = 0; r < ${rounds}; r++) {
  for (let i = 0; i < 250; i++) await new Deno.Command("true", { stdout: "piped", stderr: "piped" }).output();
  out.push(rss());
}
console.log(JSON.stringify(out));`;
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["eval", script],
    stdout: "piped",
  }).output();
  return JSON.parse(new TextDecoder().decode(output.stdout));
}

if (import.meta.main) {
  const { values } = parseArgs({ args: Deno.args, options: { rounds: { type: "string" } } });
  const rounds = Number(values.rounds ?? 10);
  if (!Number.isInteger(rounds) || rounds <= 0) throw new Error("--rounds takes a whole number");
  const fmt = (list: number[]) => list.map((v) => v.toFixed(0)).join(" → ");
  say(
    `| Churn (${BATCH} sessions a round, ${rounds} rounds) | RSS after each round (MB) |`,
  );
  say("| --- | --- |");
  say(`| POST /api/sessions + DELETE | ${fmt(await churn("api", rounds))} |`);
  say(
    `| POST /api/sessions with a command + DELETE | ${fmt(await churn("api-command", rounds))} |`,
  );
  say(
    `| tmux new-session + kill-session, server lists | ${fmt(await churn("tmux", rounds))} |`,
  );
  say(`| bare Deno, 250 spawns of true a round | ${fmt(await bareSpawns(rounds))} |`);
}
