/** Owns what `maestro worker` prints: the exact command to run on the manager. */

import { hostname } from "node:os";

/** A LAN address a manager could use, when the worker listens on all interfaces. */
function reachableAddress(): string | null {
  try {
    const candidates = Deno.networkInterfaces().filter((i) =>
      i.family === "IPv4" && !i.address.startsWith("127.")
    );
    return candidates[0]?.address ?? null;
  } catch {
    return null;
  }
}

/** The lines telling the user how to add this worker to a manager. */
export function workerInstructions(listenHost: string, url: string, token: string | null): string {
  const parsed = new URL(url);
  if (listenHost === "0.0.0.0" || listenHost === "::") {
    parsed.hostname = reachableAddress() ?? hostname();
  }
  const name =
    hostname().toLowerCase().replace(/[^a-z0-9_-]/g, "-").replace(/^-+/, "").slice(0, 32) ||
    "worker";
  return [
    `This machine is a worker. On the manager, run:`,
    `  maestro hosts add ${name} ${parsed.origin} --token=${token ?? "<none>"}`,
    `(across networks, prefer Tailscale/WireGuard or an SSH tunnel; see the README)`,
  ].join("\n");
}
