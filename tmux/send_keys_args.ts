/**
 * Owns turning input into `send-keys` argv tmux accepts: bytes as hex in commands of a bounded
 * length, key names a few dozen per command, and command lists packed into invocations small
 * enough for tmux's client to send. Pure.
 */

/** Bytes per `send-keys -H` command: 3 characters each keeps a command line under ~800 chars. */
export const INPUT_CHUNK_BYTES = 256;

/** Key names per `send-keys` command. */
export const KEYS_PER_COMMAND = 64;

/**
 * Most bytes of argv (each argument's UTF-8 and its NUL) one tmux invocation is given. tmux 3.3a's
 * client sends its whole command list to the server in one message of 16 KiB less headers and
 * refuses anything longer ("command too long"); this keeps well below that.
 */
export const ARGV_BUDGET_BYTES = 12 * 1024;

/**
 * The commands that type `bytes`, then `keys`, into `target`: `send-keys -H` with at most
 * {@link INPUT_CHUNK_BYTES} bytes each, then `send-keys` with at most {@link KEYS_PER_COMMAND}
 * key names each. Keys must already be checked as tmux key names.
 */
export function inputCommands(
  target: string,
  bytes: Uint8Array,
  keys: readonly string[] = [],
): string[][] {
  const commands: string[][] = [];
  for (let offset = 0; offset < bytes.length; offset += INPUT_CHUNK_BYTES) {
    const command = ["send-keys", "-H", "-t", target];
    for (const b of bytes.subarray(offset, offset + INPUT_CHUNK_BYTES)) {
      command.push(b.toString(16).padStart(2, "0"));
    }
    commands.push(command);
  }
  for (let offset = 0; offset < keys.length; offset += KEYS_PER_COMMAND) {
    commands.push(["send-keys", "-t", target, ...keys.slice(offset, offset + KEYS_PER_COMMAND)]);
  }
  return commands;
}

/** What `args` take of an invocation's {@link ARGV_BUDGET_BYTES}. */
export function argvBytes(args: readonly string[]): number {
  let total = 0;
  for (const arg of args) total += new TextEncoder().encode(arg).length + 1;
  return total;
}

/**
 * `commands` in order, packed into as few invocations' argv as fit `budget` bytes each, the
 * commands of one invocation joined by ";". A command larger than the budget alone is an error.
 *
 * @example
 * ```ts
 * packCommands([["send-keys", "-t", "$1:", "Enter"], ["send-keys", "-t", "$1:", "C-c"]]);
 * // [["send-keys", "-t", "$1:", "Enter", ";", "send-keys", "-t", "$1:", "C-c"]]
 * ```
 */
export function packCommands(
  commands: readonly (readonly string[])[],
  budget: number = ARGV_BUDGET_BYTES,
): string[][] {
  const invocations: string[][] = [];
  let current: string[] = [];
  let used = 0;
  for (const command of commands) {
    const size = argvBytes(command);
    if (size > budget) {
      throw new RangeError(
        `Cannot send "${command[0]}" to tmux: its ${size} bytes of arguments are over ${budget}`,
      );
    }
    // ";" between two commands takes 2 bytes.
    if (current.length > 0 && used + 2 + size > budget) {
      invocations.push(current);
      current = [];
      used = 0;
    }
    if (current.length > 0) {
      current.push(";");
      used += 2;
    }
    current.push(...command);
    used += size;
  }
  if (current.length > 0) invocations.push(current);
  return invocations;
}
