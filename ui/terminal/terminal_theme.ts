/** Owns the terminal colours for the dark and light page themes. */

import type { ITheme } from "@xterm/xterm";

export const TERMINAL_FONT =
  '"JetBrains Mono", "SF Mono", Menlo, Consolas, "DejaVu Sans Mono", "Liberation Mono", monospace';

const dark: ITheme = {
  background: "#0a0c0f",
  foreground: "#d8dde4",
  cursor: "#e6e9ee",
  cursorAccent: "#0a0c0f",
  selectionBackground: "rgba(96, 165, 250, 0.35)",
  black: "#1c2128",
  red: "#f47067",
  green: "#57ab5a",
  yellow: "#c69026",
  blue: "#539bf5",
  magenta: "#b083f0",
  cyan: "#39c5cf",
  white: "#adbac7",
  brightBlack: "#636e7b",
  brightRed: "#ff938a",
  brightGreen: "#6bc46d",
  brightYellow: "#daaa3f",
  brightBlue: "#6cb6ff",
  brightMagenta: "#dcbdfb",
  brightCyan: "#56d4dd",
  brightWhite: "#cdd9e5",
};

const light: ITheme = {
  background: "#fbfbfc",
  foreground: "#1f2328",
  cursor: "#1f2328",
  cursorAccent: "#fbfbfc",
  selectionBackground: "rgba(37, 99, 235, 0.22)",
  black: "#24292f",
  red: "#cf222e",
  green: "#116329",
  yellow: "#9a6700",
  blue: "#0969da",
  magenta: "#8250df",
  cyan: "#1b7c83",
  white: "#6e7781",
  brightBlack: "#57606a",
  brightRed: "#a40e26",
  brightGreen: "#1a7f37",
  brightYellow: "#bf8700",
  brightBlue: "#218bff",
  brightMagenta: "#a475f9",
  brightCyan: "#3192aa",
  brightWhite: "#8c959f",
};

/** The terminal theme for the page's colour scheme. */
export function terminalTheme(prefersLight: boolean): ITheme {
  return prefersLight ? light : dark;
}
