/**
 * Owns summarising a V8 `.cpuprofile` (from `deno run --cpu-prof`, e.g. the servers of
 * `bench/e2e.ts --cpu-prof-dir DIR`): the functions with the most self time, and the totals
 * under the project's own files.
 *
 *   deno run -A bench/profile_summary.ts DIR/CPU.*.cpuprofile [--top 25]
 */

import { parseArgs } from "node:util";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Self time per function and total time per node, in ms. */
export interface Summary {
  totalMs: number;
  idleMs: number;
  functions: Array<{ name: string; where: string; selfMs: number }>;
  /** Inclusive time of frames from each project file (a frame counts once per sample). */
  files: Array<{ file: string; inclusiveMs: number }>;
}

/** Aggregate a profile by function (self time) and by project file (inclusive time). */
export function summarise(profile: Profile, root: string): Summary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) {
    for (const child of node.children ?? []) parent.set(child, node.id);
  }
  const self = new Map<string, { name: string; where: string; selfMs: number }>();
  const files = new Map<string, number>();
  let idleMs = 0;
  let totalMs = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    totalMs += ms;
    const node = byId.get(profile.samples[i] as number);
    if (!node) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === "(idle)") {
      idleMs += ms;
      continue;
    }
    const where = url === "" ? "" : `${url.replace(`file://${root}`, "")}:${lineNumber + 1}`;
    const key = `${functionName}@${where}`;
    const entry = self.get(key) ?? { name: functionName || "(anonymous)", where, selfMs: 0 };
    entry.selfMs += ms;
    self.set(key, entry);
    const seen = new Set<string>();
    for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
      const frameUrl = byId.get(id)?.callFrame.url ?? "";
      if (!frameUrl.startsWith(`file://${root}`)) continue;
      const file = frameUrl.replace(`file://${root}`, "");
      if (seen.has(file)) continue;
      seen.add(file);
      files.set(file, (files.get(file) ?? 0) + ms);
    }
  }
  return {
    totalMs,
    idleMs,
    functions: [...self.values()].sort((a, b) => b.selfMs - a.selfMs),
    files: [...files].map(([file, inclusiveMs]) => ({ file, inclusiveMs }))
      .sort((a, b) => b.inclusiveMs - a.inclusiveMs),
  };
}

if (import.meta.main) {
  const { values, positionals } = parseArgs({
    args: Deno.args,
    options: { top: { type: "string", default: "25" } },
    allowPositionals: true,
  });
  const root = new URL("../", import.meta.url).pathname;
  const top = Number(values.top);
  const lines: string[] = [];
  for (const path of positionals) {
    const summary = summarise(JSON.parse(await Deno.readTextFile(path)) as Profile, root);
    const busy = summary.totalMs - summary.idleMs;
    lines.push(
      `${path}: ${(summary.totalMs / 1000).toFixed(1)} s profiled, ${
        (busy / 1000).toFixed(2)
      } s busy`,
      "",
      "self ms   % busy  function (file:line)",
    );
    for (const f of summary.functions.slice(0, top)) {
      lines.push(
        `${f.selfMs.toFixed(0).padStart(7)}  ${
          ((f.selfMs / busy) * 100).toFixed(1).padStart(6)
        }%  ${f.name} ${f.where}`,
      );
    }
    lines.push("", "incl. ms  % busy  project file");
    for (const f of summary.files.slice(0, top)) {
      lines.push(
        `${f.inclusiveMs.toFixed(0).padStart(7)}  ${
          ((f.inclusiveMs / busy) * 100).toFixed(1).padStart(6)
        }%  ${f.file}`,
      );
    }
    lines.push("");
  }
  Deno.stdout.writeSync(new TextEncoder().encode(lines.join("\n") + "\n"));
}
