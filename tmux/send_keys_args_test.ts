import assert from "node:assert/strict";
import fc from "fast-check";
import {
  ARGV_BUDGET_BYTES,
  argvBytes,
  INPUT_CHUNK_BYTES,
  inputCommands,
  KEYS_PER_COMMAND,
  packCommands,
} from "./send_keys_args.ts";

/** The bytes and keys a list of invocations types, in order, read back from their argv. */
function typed(invocations: string[][]): { bytes: number[]; keys: string[] } {
  const bytes: number[] = [];
  const keys: string[] = [];
  for (const args of invocations) {
    const commands: string[][] = [[]];
    for (const arg of args) {
      if (arg === ";") commands.push([]);
      else commands.at(-1)?.push(arg);
    }
    for (const command of commands) {
      if (command[1] === "-H") {
        assert.deepEqual(command.slice(0, 4), ["send-keys", "-H", "-t", "$3:"]);
        bytes.push(...command.slice(4).map((hex) => parseInt(hex, 16)));
      } else {
        assert.deepEqual(command.slice(0, 3), ["send-keys", "-t", "$3:"]);
        keys.push(...command.slice(3));
      }
    }
  }
  return { bytes, keys };
}

Deno.test("inputCommands types bytes as hex in bounded chunks, then keys", () => {
  const bytes = new Uint8Array(INPUT_CHUNK_BYTES + 2).fill(0x61);
  bytes[0] = 0x1b;
  const commands = inputCommands("$3:", bytes, ["Enter"]);
  assert.equal(commands.length, 3);
  assert.deepEqual(commands[0]?.slice(0, 6), ["send-keys", "-H", "-t", "$3:", "1b", "61"]);
  assert.equal(commands[0]?.length, 4 + INPUT_CHUNK_BYTES);
  assert.deepEqual(commands[1], ["send-keys", "-H", "-t", "$3:", "61", "61"]);
  assert.deepEqual(commands[2], ["send-keys", "-t", "$3:", "Enter"]);
  assert.deepEqual(inputCommands("$3:", new Uint8Array()), []);
});

Deno.test("packCommands joins commands with ; while they fit, in order", () => {
  const a = ["send-keys", "-t", "$3:", "Enter"];
  const b = ["send-keys", "-t", "$3:", "C-c"];
  assert.deepEqual(packCommands([a, b]), [[...a, ";", ...b]]);
  // Budget for exactly one: each goes alone.
  assert.deepEqual(packCommands([a, b], argvBytes(a) + 1), [a, b]);
  assert.deepEqual(packCommands([]), []);
  assert.throws(() => packCommands([a], 3), /Cannot send "send-keys" to tmux: its 23 bytes/);
});

Deno.test("packCommands keeps every invocation of any input within tmux's budget, losing nothing", () => {
  fc.assert(
    fc.property(
      fc.uint8Array({ maxLength: 40_000, size: "max" }),
      fc.array(fc.constantFrom("Enter", "C-c", "Escape", "Up", "F12"), {
        maxLength: 300,
        size: "max",
      }),
      (bytes, keys) => {
        const invocations = packCommands(inputCommands("$3:", bytes, keys));
        for (const args of invocations) {
          assert.ok(argvBytes(args) <= ARGV_BUDGET_BYTES, `${argvBytes(args)} bytes`);
          assert.notEqual(args[0], ";");
          assert.notEqual(args.at(-1), ";");
        }
        assert.deepEqual(typed(invocations), { bytes: [...bytes], keys });
      },
    ),
    { numRuns: 25 },
  );
});

Deno.test("inputCommands puts at most KEYS_PER_COMMAND keys in one command", () => {
  const keys = Array.from({ length: KEYS_PER_COMMAND * 2 + 1 }, () => "Enter");
  const commands = inputCommands("$3:", new Uint8Array(), keys);
  assert.deepEqual(commands.map((c) => c.length - 3), [KEYS_PER_COMMAND, KEYS_PER_COMMAND, 1]);
});
