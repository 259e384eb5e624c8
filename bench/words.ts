/** Owns the words the benchmarks' synthetic output is made of: what a coding agent's pane prints. */

/** Build and test log words, ASCII only. */
export const LOG_WORDS: readonly string[] = [
  "compiling",
  "src/server/routes.ts",
  "test",
  "ok",
  "warning:",
  "unused",
  "variable",
  "function",
  "return",
  "Promise<void>",
  "{",
  "}",
  "=>",
  "const",
  "await",
  "fetch(url)",
  "0x7ffd3c",
];
