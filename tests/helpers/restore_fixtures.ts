/** Fixtures of the restore tests: sessions with layouts in tmux, and their shapes as tmux has them. */

import { join } from "node:path";
import type { PrivateTmux } from "./private_tmux.ts";

export const path = (name: string, rest = ""): string =>
  `/api/hosts/local/sessions/${encodeURIComponent(name)}${rest}`;

/** A layout without its checksum and pane ids: the geometry select-layout gives back. */
const geometry = (layout: string) => layout.slice(5).replace(/,\d+([\]},]|$)/g, "$1");

export interface Shape {
  windows: { name: string | null; layout: string; cwds: string[] }[];
}

/** Each session's windows as tmux has them now, by name. */
export async function shapes(tmux: PrivateTmux): Promise<Map<string, Shape>> {
  const out = await tmux.tmux(
    "list-panes",
    "-a",
    "-F",
    "#{session_name}\t#{window_index}\t#{?automatic-rename,,#{window_name}}\t#{window_layout}\t#{pane_current_path}",
  );
  const result = new Map<string, Shape>();
  const windows = new Map<string, Shape["windows"][number]>();
  for (const line of out.trim().split("\n").filter((l) => l !== "")) {
    const [session = "", index = "", name = "", layout = "", cwd = ""] = line.split("\t");
    let shape = result.get(session);
    if (!shape) result.set(session, shape = { windows: [] });
    let window = windows.get(`${session}:${index}`);
    if (!window) {
      window = { name: name === "" ? null : name, layout: geometry(layout), cwds: [] };
      windows.set(`${session}:${index}`, window);
      shape.windows.push(window);
    }
    window.cwds.push(cwd);
  }
  return result;
}

/** Sessions with one, two and three panes, a second window, and directories of their own. */
export async function makeSessions(
  tmux: PrivateTmux,
  root: string,
  count: number,
): Promise<string[]> {
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    const name = `rs-${i}`;
    const dir = join(root, `dir-${i}`);
    await Deno.mkdir(join(dir, "sub"), { recursive: true });
    await tmux.tmux("new-session", "-d", "-s", name, "-x", "120", "-y", "40", "-c", dir);
    if (i % 3 >= 1) {
      await tmux.tmux("split-window", "-h", "-t", `=${name}:`, "-c", join(dir, "sub"));
    }
    if (i % 3 === 2) {
      await tmux.tmux("split-window", "-v", "-t", `=${name}:`, "-c", dir);
      await tmux.tmux("new-window", "-t", `=${name}:`, "-n", `win-${i}`, "-c", join(dir, "sub"));
    }
    names.push(name);
  }
  return names;
}

/** Whether the server's database has a shape for every one of `count` sessions. */
export async function allRecorded(home: string, count: number): Promise<boolean> {
  const { openDatabase } = await import("../../server/db/database.ts");
  using db = openDatabase(home);
  const row = db.prepare("SELECT count(*) AS n FROM session_records WHERE windows != '[]'").get();
  return Number(row?.n) >= count;
}
