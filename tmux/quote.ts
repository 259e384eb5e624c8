/**
 * Owns passing arguments through tmux's two command parsers byte for byte: the one that reads
 * command lines (written to a control client) and the one that reads an argv (`tmux cmd args…`).
 */

/**
 * Quote one argument so tmux's parser reads it back byte for byte: a double-quoted string where
 * `\`, `"`, `$`, `~` and control characters are escaped (`$` would otherwise expand an environment
 * variable, `~` at the start of a token expands to the home directory even inside double quotes,
 * a newline would end the command line).
 *
 * @example
 * ```ts
 * quoteArgument('say "hi"; $HOME'); // "\"say \\\"hi\\\"; \\$HOME\""
 * ```
 */
export function quoteArgument(value: string): string {
  let out = '"';
  for (const ch of value) {
    const code = ch.codePointAt(0) as number;
    if (ch === "\\" || ch === '"' || ch === "$" || ch === "~") out += "\\" + ch;
    else if (code < 0x20 || code === 0x7f) out += "\\" + code.toString(8).padStart(3, "0");
    else out += ch;
  }
  return out + '"';
}

/** Build one control-mode command line from an argv array (command name first, unquoted). */
export function commandLine(argv: readonly string[]): string {
  const [name, ...args] = argv;
  if (name === undefined || !/^[a-z-]+$/.test(name)) {
    throw new TypeError(`Cannot build tmux command ${JSON.stringify(name)}: not a command name`);
  }
  return [name, ...args.map(quoteArgument)].join(" ");
}

/**
 * Pass one argv element to tmux (`tmux cmd args…`) so that it arrives as given. tmux splits an
 * argv into commands at every argument that *ends* with ";" (cmd_parse_from_arguments in
 * cmd-parse.y): `-c "/src/x;"` would start the directory "/src/x" and then a new command. An
 * argument ending in `\;` keeps a ";" and loses the backslash, so that is how a trailing ";"
 * is passed. Nothing else in an argv element is special to tmux.
 *
 * @example
 * ```ts
 * argvArgument("/src/x;"); // "/src/x\\;"  (tmux reads back "/src/x;")
 * argvArgument("a;b"); // "a;b"
 * ```
 */
export function argvArgument(value: string): string {
  return value.endsWith(";") ? value.slice(0, -1) + "\\;" : value;
}
