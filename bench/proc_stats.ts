/** Owns reading a process's CPU time and memory from Linux's /proc. */

/** Clock ticks per second of /proc/<pid>/stat times (`getconf CLK_TCK`; 100 on Linux/x86). */
export const CLOCK_TICKS = 100;

/** CPU time of a process, in seconds: its own, and that of children it has waited for. */
export interface CpuTime {
  self: number;
  children: number;
}

/** utime+stime and cutime+cstime of `pid` (fields 14–17 of /proc/<pid>/stat). */
export async function cpuTime(pid: number | "self"): Promise<CpuTime> {
  const stat = await Deno.readTextFile(`/proc/${pid}/stat`);
  // The command name (field 2) may hold spaces; fields are counted from after its ')'.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const field = (n: number) => Number(fields[n - 3]);
  return {
    self: (field(14) + field(15)) / CLOCK_TICKS,
    children: (field(16) + field(17)) / CLOCK_TICKS,
  };
}

/** Resident memory of `pid` in MB (10^6 bytes): now (VmRSS) and at its peak (VmHWM). */
export async function memory(pid: number): Promise<{ rss: number; peak: number }> {
  const status = await Deno.readTextFile(`/proc/${pid}/status`);
  const kib = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(status)?.[1]);
  return { rss: (kib("VmRSS") * 1024) / 1e6, peak: (kib("VmHWM") * 1024) / 1e6 };
}

/** CPU use over `seconds` of a server (own time, and its finished children: the tmux commands it
 * ran) and of the tmux server, in % of one core. */
export async function cpuOver(
  serverPid: number,
  tmuxPid: number,
  seconds: number,
): Promise<{ self: number; children: number; tmux: number; elapsed: number }> {
  const before = await Promise.all([cpuTime(serverPid), cpuTime(tmuxPid)]);
  const started = performance.now();
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  const after = await Promise.all([cpuTime(serverPid), cpuTime(tmuxPid)]);
  const elapsed = (performance.now() - started) / 1000;
  const percent = (a: number, b: number) => ((b - a) / elapsed) * 100;
  return {
    self: percent(before[0].self, after[0].self),
    children: percent(before[0].children, after[0].children),
    tmux: percent(before[1].self, after[1].self),
    elapsed,
  };
}
