/** Maestro's entry point: parse the command line, compose the parts, start. No logic here. */

import {
  ApiError,
  isClientCommand,
  runClientCommand,
  USAGE,
  UsageError,
  workerInstructions,
} from "./cli/mod.ts";
import { ConfigError, loadConfig } from "./server/config.ts";
import { createLogger } from "./server/logger.ts";
import { startServer } from "./server/server.ts";
import { loadOrCreateToken, rotateToken } from "./server/token_store.ts";
import { VERSION, versionLine } from "./server/version.ts";

function write(stream: { writeSync(p: Uint8Array): number }, text: string): void {
  if (text !== "") stream.writeSync(new TextEncoder().encode(text));
}

async function serve(
  args: string[],
  env: Record<string, string>,
  worker = false,
): Promise<number> {
  if (args.includes("--help") || args.includes("-h")) {
    write(Deno.stdout, (worker ? USAGE.worker : USAGE.serve) + "\n");
    return 0;
  }
  const hasHost = args.some((arg) => arg === "--host" || arg.startsWith("--host="));
  const config = loadConfig(worker && !hasHost ? ["--host", "0.0.0.0", ...args] : args, env);
  const logger = createLogger({ level: config.logLevel, json: !Deno.stderr.isTerminal() });
  const server = await startServer(config, env, logger);
  write(Deno.stdout, `Maestro ${VERSION} is running: open ${server.dashboardUrl}\n`);
  if (worker) write(Deno.stdout, workerInstructions(config.host, server.url, server.token) + "\n");
  const stop = async () => {
    await server[Symbol.asyncDispose]();
    Deno.exit(0);
  };
  Deno.addSignalListener("SIGINT", stop);
  Deno.addSignalListener("SIGTERM", stop);
  await server.finished;
  return 0;
}

async function main(argv: string[]): Promise<number> {
  const env = Deno.env.toObject();
  const [first, ...rest] = argv;
  if (first === "--version" || first === "-V") {
    write(Deno.stdout, versionLine() + "\n");
    return 0;
  }
  if (first === "--help" || first === "-h" || first === "help") {
    const topic = first === "help" ? rest[0] : undefined;
    write(Deno.stdout, (USAGE[topic ?? "main"] ?? USAGE.main) + "\n");
    return 0;
  }
  try {
    if (first === undefined || first === "serve") return await serve(rest, env);
    if (first === "worker") return await serve(rest, env, true);
    if (first.startsWith("-")) return await serve(argv, env);
    if (!isClientCommand(first)) throw new UsageError(`Unknown command "${first}"`, "main");
    const result = await runClientCommand(first, rest, {
      env,
      readStdin: () => new Response(Deno.stdin.readable).text(),
      tokens: {
        read: async (home) => (await loadOrCreateToken(home)).token,
        rotate: rotateToken,
      },
    });
    write(Deno.stdout, result.stdout);
    write(Deno.stderr, result.stderr ?? "");
    return result.code;
  } catch (error) {
    if (error instanceof UsageError) {
      write(Deno.stderr, `maestro: ${error.message}\n\n${USAGE[error.command] ?? USAGE.main}\n`);
      return 2;
    }
    if (error instanceof ConfigError) {
      write(Deno.stderr, `maestro: ${error.message}\n\n${USAGE.serve}\n`);
      return 2;
    }
    if (error instanceof ApiError) {
      write(Deno.stderr, `maestro: ${error.message}\n`);
      return 1;
    }
    write(Deno.stderr, `maestro: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

if (import.meta.main) Deno.exit(await main(Deno.args));
