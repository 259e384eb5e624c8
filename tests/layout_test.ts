/**
 * The layout shows the architecture (DESIGN §2): which room may import which, checked on every
 * import of every source file, and no file over 400 lines without a reason in its opening comment.
 */

import assert from "node:assert/strict";
import { relative, resolve } from "node:path";

const ROOT = resolve(new URL("../", import.meta.url).pathname);
const ROOMS = ["protocol", "tmux", "server", "cli", "ui", "bench", "tests", "release"] as const;
type Room = typeof ROOMS[number] | "main.ts" | "deps";

/** What each room may not import (DESIGN §2: data flows one way; the contract stands alone). */
const FORBIDDEN: Partial<Record<Room, readonly Room[]>> = {
  protocol: ["tmux", "server", "cli", "ui", "bench", "tests", "main.ts"],
  tmux: ["server", "cli", "ui", "bench", "tests", "main.ts"],
  ui: ["tmux", "server", "cli", "bench", "tests", "main.ts"],
  cli: ["tmux", "server", "ui", "bench", "tests", "main.ts"],
  server: ["cli", "ui", "bench", "tests", "main.ts"],
  release: ["tmux", "cli", "ui", "bench", "tests", "main.ts"],
};

const LONG_FILE_LINES = 400;

async function sourceFiles(dir: string): Promise<string[]> {
  const found: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory && entry.name !== "dist" && entry.name !== "node_modules") {
      found.push(...await sourceFiles(path));
    } else if (entry.isFile && entry.name.endsWith(".ts")) found.push(path);
  }
  return found;
}

function roomOf(path: string): Room {
  const rel = relative(ROOT, path);
  if (rel === "main.ts") return "main.ts";
  const top = rel.split("/")[0] as Room;
  return (ROOMS as readonly string[]).includes(top) ? top : "deps";
}

/** Every relative module a file imports or re-exports (static and dynamic). */
export function importsOf(source: string): string[] {
  const found: string[] = [];
  const pattern = /(?:\bfrom\s*|\bimport\s*\(?\s*)["'](\.{1,2}\/[^"']+)["']/g;
  for (const match of source.matchAll(pattern)) found.push(match[1] as string);
  return found;
}

Deno.test("Layout importsOf finds static, side-effect, re-export and dynamic imports", () => {
  const source = `import a from "./a.ts";\nimport "../b.ts";\nexport { c } from "./c.ts";\n` +
    `const d = await import("../../d.ts");\nimport type { E } from "npm:e";\n// from "./f.ts"`;
  assert.deepEqual(importsOf(source).slice(0, 4), ["./a.ts", "../b.ts", "./c.ts", "../../d.ts"]);
});

Deno.test("Layout: each room imports only the rooms it may", async () => {
  const broken: string[] = [];
  for (const room of ROOMS) {
    for (const file of await sourceFiles(`${ROOT}/${room}`)) {
      // A unit test beside its source may use the tests' own helpers and fixtures.
      const forbidden = (FORBIDDEN[roomOf(file)] ?? []).filter((room) =>
        !(room === "tests" && file.endsWith("_test.ts"))
      );
      for (const spec of importsOf(await Deno.readTextFile(file))) {
        const target = roomOf(resolve(file, "..", spec));
        if (forbidden.includes(target)) broken.push(`${relative(ROOT, file)} imports ${spec}`);
      }
    }
  }
  assert.deepEqual(broken, []);
});

/** The first comment of a file, its `*` margins and line breaks folded into spaces. */
function openingComment(source: string): string {
  const match = /^\s*\/\*\*?([\s\S]*?)\*\//.exec(source);
  return (match?.[1] ?? "").replace(/\n\s*\*\s?/g, " ").replace(/\s+/g, " ");
}

Deno.test("Layout: a file over 400 lines says why in its opening comment", async () => {
  const unexplained: string[] = [];
  const files = [`${ROOT}/main.ts`];
  for (const room of ROOMS) files.push(...await sourceFiles(`${ROOT}/${room}`));
  for (const file of files) {
    const source = await Deno.readTextFile(file);
    const lines = source.split("\n").length;
    if (lines <= LONG_FILE_LINES) continue;
    if (!/Over 400 lines because/.test(openingComment(source))) {
      unexplained.push(`${relative(ROOT, file)} (${lines} lines)`);
    }
  }
  assert.deepEqual(unexplained, []);
});
