/**
 * Owns the rows of the end-to-end benchmark table: what each row measures, its target and the
 * AI Maestro reference (DESIGN §10), and printing them as a Markdown table or JSON.
 */

/** Sizes and counts of one run (full by default, tiny with --quick). */
export interface Settings {
  quick: boolean;
  /** Size of the flood file, in MB (10^6 bytes). */
  sizeMb: number;
  /** Echo samples per path, after warm-up. */
  samples: number;
  warmup: number;
  floodViewers: number;
  /** Size of the steady-output run, in MB (15 kB per ≥ 10 ms, below the flood threshold). */
  steadyMb: number;
  /** Rounds of the flood cases; each figure is the median. */
  floodRounds: number;
  listSessions: number;
  listSamples: number;
  idleSessions: number;
  idleSeconds: number;
  streamingViewers: number;
  historyLines: number;
  attachRepeats: number;
  startRepeats: number;
  /** The overview: sessions, how many of them print all the time, seconds measured. */
  overviewSessions: number;
  overviewPrinting: number;
  overviewSeconds: number;
  overviewBaselineSeconds: number;
}

/** One measured figure; `value` null means not measured (see `note`). */
export interface Result {
  value: number | null;
  /** The raw tmux figure this one is compared with, in the same unit. */
  baseline?: number;
  unit: Unit;
  detail: string;
  /** Shown instead of a value when there is none, e.g. "not run (--only)". */
  note?: string;
  error?: string;
  /** Why the target is missed whatever the figure (e.g. output that was not byte-exact). */
  unmet?: string;
  /** A figure of the same run that the target is set against instead (the relay's: direct). */
  reference?: number;
}

export type Unit = "ms" | "MB/s" | "%" | "MB" | "kB/s";

type Verdict = "met" | "NOT met" | "n/a" | "—" | "error";

/** One row of the table. */
export interface RowSpec {
  id: string;
  label: (s: Settings) => string;
  target: string;
  /** Whether the target is met; absent for rows without a target. */
  met?: (value: number, baseline: number | undefined, reference: number | undefined) => boolean;
  /** AI Maestro's figure from DESIGN §10 (measured earlier, not in this run). */
  aiMaestro: string;
}

const added = (limit: number) => (value: number, baseline: number | undefined) =>
  baseline !== undefined && value - baseline <= limit;
const atLeast = (fraction: number) => (value: number, baseline: number | undefined) =>
  baseline !== undefined && value >= fraction * baseline;
const atMost = (limit: number) => (value: number) => value <= limit;
const below = (limit: number) => (value: number) => value < limit;

/** Every row, in print order. The smoke test checks that each one is printed. */
export const ROWS: readonly RowSpec[] = [
  {
    id: "echo-ws-p50",
    label: () => "Echo p50, terminal WebSocket",
    target: "≤ raw + 0.25 ms",
    met: added(0.25),
    aiMaestro: "1.14 ms [1.59×]",
  },
  {
    id: "echo-ws-p90",
    label: () => "Echo p90, terminal WebSocket",
    target: "—",
    aiMaestro: "1.55 ms [1.56×]",
  },
  {
    id: "echo-ws-p99",
    label: () => "Echo p99, terminal WebSocket",
    target: "≤ raw + 1 ms",
    met: added(1),
    aiMaestro: "3.30 ms",
  },
  {
    id: "echo-relay-p50",
    label: () => "Echo p50, manager→worker relay",
    target: "≤ direct + 0.5 ms (the hop)",
    met: (value, _baseline, direct) => direct !== undefined && value - direct <= 0.5,
    aiMaestro: "—",
  },
  {
    id: "echo-relay-p90",
    label: () => "Echo p90, manager→worker relay",
    target: "—",
    aiMaestro: "—",
  },
  {
    id: "echo-relay-p99",
    label: () => "Echo p99, manager→worker relay",
    target: "—",
    aiMaestro: "—",
  },
  {
    id: "echo-split-p50",
    label: () => "Echo p50, the pane answers in two writes 5 ms apart",
    target: "≤ raw + 1 ms",
    met: added(1),
    aiMaestro: "—",
  },
  {
    id: "echo-split-p99",
    label: () => "Echo p99, the pane answers in two writes 5 ms apart",
    target: "≤ raw + 2 ms",
    met: added(2),
    aiMaestro: "—",
  },
  {
    id: "echo-load-p50",
    label: () => "Echo p50, 20 sessions flooding to viewers, 100 idle",
    target: "—",
    aiMaestro: "—",
  },
  {
    id: "echo-load-p99",
    label: () => "Echo p99, 20 sessions flooding to viewers, 100 idle",
    target: "< 20 ms",
    met: atMost(20),
    aiMaestro: "—",
  },
  {
    id: "flood-raw",
    label: (s) => `Flood ${s.sizeMb} MB cat, plain tmux -C client (reference)`,
    target: "— (DESIGN: 0.29× ceiling)",
    aiMaestro: "—",
  },
  {
    id: "flood-raw-paused",
    label: (s) =>
      `Flood ${s.sizeMb} MB cat, tmux -C client, pane paused + 10 keyframes/s (reference)`,
    target: "— (what DESIGN §4 flood mode can reach)",
    aiMaestro: "—",
  },
  {
    id: "flood-1",
    label: (s) => `Flood ${s.sizeMb} MB cat, 1 WebSocket viewer`,
    target: "≥ 0.90× ceiling",
    met: atLeast(0.9),
    aiMaestro: "0.71× ceiling",
  },
  {
    id: "flood-many",
    label: (s) => `Flood ${s.sizeMb} MB cat, ${s.floodViewers} WebSocket viewers`,
    target: "≥ 0.80× ceiling",
    met: atLeast(0.8),
    aiMaestro: "—",
  },
  {
    id: "steady-1",
    label: (s) => `Steady output ${s.steadyMb} MB, 15 kB per 10 ms, 1 WebSocket viewer`,
    target: "≥ 0.90× raw, byte-exact",
    met: atLeast(0.9),
    aiMaestro: "—",
  },
  {
    id: "list-p50",
    label: (s) => `GET /api/sessions p50, ${s.listSessions} sessions`,
    target: "≤ 20 ms",
    met: atMost(20),
    aiMaestro: "936 ms (200 sessions)",
  },
  {
    id: "list-p99",
    label: (s) => `GET /api/sessions p99, ${s.listSessions} sessions`,
    target: "≤ 40 ms",
    met: atMost(40),
    aiMaestro: "—",
  },
  {
    id: "idle-cpu",
    label: (s) => `Idle CPU, ${s.idleSessions} sessions, no client`,
    target: "< 1 %",
    met: below(1),
    aiMaestro: "—",
  },
  {
    id: "idle-cpu-events",
    label: (s) => `Idle CPU, ${s.idleSessions} sessions, dashboard open`,
    target: "< 1 %",
    met: below(1),
    aiMaestro: "—",
  },
  {
    id: "rss-idle",
    label: () => "Server RSS, idle",
    target: "≤ 60 MB",
    met: atMost(60),
    aiMaestro: "107 MB",
  },
  {
    id: "rss-sessions",
    label: (s) => `Server RSS, ${s.idleSessions} sessions listed`,
    target: "—",
    aiMaestro: "—",
  },
  {
    id: "rss-viewers",
    label: (s) => `Server RSS, ${s.streamingViewers} viewers streaming`,
    target: "≤ 80 MB",
    met: atMost(80),
    aiMaestro: "187.3 MB (whole tree, 20 viewed)",
  },
  {
    id: "start",
    label: () => "Start to first HTTP 200",
    target: "≤ 300 ms",
    met: atMost(300),
    aiMaestro: "607 ms",
  },
  {
    id: "attach-cold",
    label: (s) => `Attach ${s.historyLines.toLocaleString("en")}-line pane, new stream`,
    target: "≤ 200 ms",
    met: atMost(200),
    aiMaestro: "—",
  },
  {
    id: "attach-warm",
    label: (s) => `Attach ${s.historyLines.toLocaleString("en")}-line pane, stream open`,
    target: "≤ 200 ms",
    met: atMost(200),
    aiMaestro: "—",
  },
  {
    id: "overview-cpu",
    label: (s) =>
      `Overview, ${s.overviewSessions} sessions (${s.overviewPrinting} printing), server CPU`,
    target: "< 5 %",
    met: below(5),
    aiMaestro: "—",
  },
  {
    id: "overview-rate",
    label: (s) => `Overview, ${s.overviewSessions} sessions, bytes to the page`,
    target: "—",
    aiMaestro: "—",
  },
];

function formatNumber(value: number, unit: Unit): string {
  if (!Number.isFinite(value)) return String(value);
  switch (unit) {
    case "ms":
      return `${value < 10 ? value.toFixed(3) : value.toFixed(1)} ms`;
    case "MB/s":
      return `${value.toFixed(1)} MB/s`;
    case "%":
      return `${value.toFixed(2)} %`;
    case "MB":
      return `${value.toFixed(1)} MB`;
    case "kB/s":
      return `${value.toFixed(1)} kB/s`;
  }
}

function ratioText(result: Result): string {
  if (result.value === null || result.baseline === undefined || result.baseline === 0) return "—";
  const ratio = `${(result.value / result.baseline).toFixed(2)}×`;
  if (result.unit !== "ms") return ratio;
  const diff = result.value - result.baseline;
  return `${ratio} (${diff >= 0 ? "+" : "−"}${Math.abs(diff).toFixed(3)} ms)`;
}

function verdict(row: RowSpec, result: Result | undefined): Verdict {
  if (result === undefined || result.error !== undefined) return "error";
  if (result.value === null) return "n/a";
  if (row.met === undefined) return "—";
  if (result.unmet !== undefined) return "NOT met";
  return row.met(result.value, result.baseline, result.reference) ? "met" : "NOT met";
}

/** What --json prints for one row. */
export interface JsonRow extends Partial<Result> {
  id: string;
  label: string;
  target: string;
  verdict: Verdict;
  aiMaestro: string;
}

/** The rows with their results, for --json. */
export function jsonRows(results: ReadonlyMap<string, Result>, settings: Settings): JsonRow[] {
  return ROWS.map((row) => {
    const result = results.get(row.id);
    return {
      id: row.id,
      label: row.label(settings),
      target: row.target,
      verdict: verdict(row, result),
      aiMaestro: row.aiMaestro,
      ...result,
    };
  });
}

function escapeCell(text: string): string {
  return text.replaceAll("|", "\\|").replaceAll("\n", " ");
}

/** The results as a Markdown table, one line per row of {@link ROWS}. */
export function renderTable(results: ReadonlyMap<string, Result>, settings: Settings): string {
  const header = [
    "Measure",
    "Maestro",
    "raw tmux",
    "ratio",
    "target",
    "verdict",
    "AI Maestro 0.9.2 (issue 17, measured elsewhere)",
    "detail",
  ];
  const lines = [header, header.map(() => "---")];
  for (const row of ROWS) {
    const result = results.get(row.id);
    const measured = result === undefined
      ? "error: not measured"
      : result.error !== undefined
      ? `error: ${result.error}`
      : result.value === null
      ? result.note ?? "n/a"
      : formatNumber(result.value, result.unit);
    lines.push([
      row.label(settings),
      measured,
      result?.baseline === undefined ? "—" : formatNumber(result.baseline, result.unit),
      result === undefined ? "—" : ratioText(result),
      row.target,
      verdict(row, result),
      row.aiMaestro,
      result?.detail ?? "",
    ]);
  }
  return lines.map((cells) => `| ${cells.map(escapeCell).join(" | ")} |`).join("\n");
}
