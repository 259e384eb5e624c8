/**
 * Owns turning a captured screen (text with SGR escapes, as `tmux capture-pane -e` writes it)
 * into lines of styled spans for the overview's read-only thumbnails. Pure: no DOM.
 */

/** One run of text with one look. Colours are CSS values; null means the default. */
export interface Span {
  text: string;
  /** Inline CSS for the span ("" for default text). */
  style: string;
}

interface Pen {
  fg: string | null;
  bg: string | null;
  bold: boolean;
  dim: boolean;
  italic: boolean;
  underline: boolean;
  strike: boolean;
  inverse: boolean;
  hidden: boolean;
}

const PLAIN: Pen = {
  fg: null,
  bg: null,
  bold: false,
  dim: false,
  italic: false,
  underline: false,
  strike: false,
  inverse: false,
  hidden: false,
};

/** The CSS custom properties the page defines for the 16 terminal colours and the defaults. */
export const PALETTE_VAR = (index: number): string => `var(--ansi-${index})`;
const DEFAULT_FG = "var(--ov-fg)";
const DEFAULT_BG = "var(--ov-bg)";

const CUBE = [0, 95, 135, 175, 215, 255];

function hex(r: number, g: number, b: number): string {
  const part = (n: number) => Math.max(0, Math.min(255, n | 0)).toString(16).padStart(2, "0");
  return `#${part(r)}${part(g)}${part(b)}`;
}

/** A colour of the 256-colour palette as CSS (0–15 follow the page's terminal theme). */
export function color256(index: number): string {
  if (index < 16) return PALETTE_VAR(index);
  if (index < 232) {
    const n = index - 16;
    return hex(
      CUBE[Math.floor(n / 36)] as number,
      CUBE[Math.floor(n / 6) % 6] as number,
      CUBE[n % 6] as number,
    );
  }
  const level = 8 + (index - 232) * 10;
  return hex(level, level, level);
}

/** Apply one SGR parameter list to a pen (returns a new pen). */
export function applySgr(pen: Pen, params: string): Pen {
  const next = { ...pen };
  // "38:2::1:2:3" (colon form) and "38;2;1;2;3" both occur; split groups on ";" first.
  const groups = params === "" ? ["0"] : params.split(";");
  for (let i = 0; i < groups.length; i++) {
    const group = groups[i] as string;
    const sub = group.split(":").map((part) => (part === "" ? NaN : Number(part)));
    const code = sub[0] ?? 0;
    const extended = (target: "fg" | "bg") => {
      let kind: number;
      let args: number[];
      if (sub.length > 1) {
        // Colon form carries its own arguments (38:5:n, 38:2::r:g:b or 38:2:r:g:b).
        kind = sub[1] as number;
        args = kind === 2 && sub.length > 5 ? sub.slice(3, 6) : sub.slice(2);
      } else {
        // Semicolon form takes the following groups (38;5;n, 38;2;r;g;b).
        kind = Number(groups[i + 1]);
        args = groups.slice(i + 2, i + (kind === 2 ? 5 : 3)).map(Number);
        i += kind === 2 ? 4 : kind === 5 ? 2 : 1;
      }
      const valid = (n: number | undefined) => n !== undefined && n >= 0 && n <= 255;
      if (kind === 5 && valid(args[0])) next[target] = color256(args[0] as number);
      if (kind === 2 && args.length >= 3 && args.slice(0, 3).every(valid)) {
        next[target] = hex(args[0] as number, args[1] as number, args[2] as number);
      }
    };
    if (Number.isNaN(code) || code === 0) Object.assign(next, PLAIN);
    else if (code === 1) next.bold = true;
    else if (code === 2) next.dim = true;
    else if (code === 3) next.italic = true;
    else if (code === 4) next.underline = !(sub[1] === 0);
    else if (code === 7) next.inverse = true;
    else if (code === 8) next.hidden = true;
    else if (code === 9) next.strike = true;
    else if (code === 21) next.underline = true;
    else if (code === 22) next.bold = next.dim = false;
    else if (code === 23) next.italic = false;
    else if (code === 24) next.underline = false;
    else if (code === 27) next.inverse = false;
    else if (code === 28) next.hidden = false;
    else if (code === 29) next.strike = false;
    else if (code >= 30 && code <= 37) next.fg = PALETTE_VAR(code - 30);
    else if (code === 38) extended("fg");
    else if (code === 39) next.fg = null;
    else if (code >= 40 && code <= 47) next.bg = PALETTE_VAR(code - 40);
    else if (code === 48) extended("bg");
    else if (code === 49) next.bg = null;
    else if (code >= 90 && code <= 97) next.fg = PALETTE_VAR(code - 90 + 8);
    else if (code >= 100 && code <= 107) next.bg = PALETTE_VAR(code - 100 + 8);
  }
  return next;
}

/** The inline CSS for text drawn with `pen` ("" for plain text). */
export function penStyle(pen: Pen): string {
  let fg = pen.fg;
  let bg = pen.bg;
  if (pen.inverse) {
    [fg, bg] = [bg ?? DEFAULT_BG, fg ?? DEFAULT_FG];
  }
  const parts: string[] = [];
  if (pen.hidden) parts.push("color:transparent");
  else if (fg !== null) parts.push(`color:${fg}`);
  if (bg !== null) parts.push(`background:${bg}`);
  if (pen.bold) parts.push("font-weight:700");
  if (pen.dim) parts.push("opacity:.6");
  if (pen.italic) parts.push("font-style:italic");
  const lines = [pen.underline ? "underline" : "", pen.strike ? "line-through" : ""].filter(
    Boolean,
  );
  if (lines.length > 0) parts.push(`text-decoration:${lines.join(" ")}`);
  return parts.join(";");
}

// CSI sequences (SGR is the one kept), OSC strings, charset designations, two-byte escapes.
const ESCAPE =
  // deno-lint-ignore no-control-regex
  /\x1b(?:\[([0-?]*)([ -/]*)([@-~])|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[()*+][0-9A-Za-z]|[@-Z\\-_]?)/g;
// Other control characters draw nothing.
// deno-lint-ignore no-control-regex
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f]/g;

/**
 * Lines of spans for a screen. The colour state carries from one line to the next (tmux writes
 * changes relative to the previous cell). At least `rows` lines come back, so a thumbnail keeps
 * its pane's shape; empty lines are empty arrays.
 */
export function renderScreen(screen: string, rows = 0): Span[][] {
  const lines: Span[][] = [];
  let pen: Pen = PLAIN;
  let style = "";
  for (const text of screen.split("\n")) {
    const spans: Span[] = [];
    const add = (chunk: string) => {
      const clean = chunk.replace(CONTROL, "");
      if (clean === "") return;
      const last = spans.at(-1);
      if (last !== undefined && last.style === style) last.text += clean;
      else spans.push({ text: clean, style });
    };
    let at = 0;
    for (const match of text.matchAll(ESCAPE)) {
      add(text.slice(at, match.index));
      at = match.index + match[0].length;
      if (match[3] === "m" && match[2] === "" && /^[0-9;:]*$/.test(match[1] ?? "")) {
        pen = applySgr(pen, match[1] ?? "");
        style = penStyle(pen);
      }
    }
    add(text.slice(at));
    lines.push(spans);
  }
  while (lines.length > 0 && (lines.at(-1) as Span[]).length === 0) lines.pop();
  while (lines.length < rows) lines.push([]);
  return lines;
}

/** A screen's plain text (what a thumbnail shows, without colours): for tests and search. */
export function screenText(screen: string): string {
  return renderScreen(screen).map((spans) => spans.map((s) => s.text).join("")).join("\n");
}
