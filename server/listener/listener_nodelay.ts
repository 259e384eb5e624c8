/**
 * Owns turning Nagle's algorithm off for every connection a listener accepts, TLS ones included.
 *
 * Why: a terminal's output is small WebSocket frames, and with Nagle on (the kernel's default for
 * a listener of our own; `Deno.serve` turns it off, `Deno.listen` does not) a frame sent while the
 * one before is unacknowledged waits for the viewer's delayed ACK, ≥ 40 ms on Linux. A TCP
 * connection has `setNoDelay`; a `Deno.TlsConn` has no such switch in Deno 2.9. On Linux an
 * accepted socket inherits `TCP_NODELAY` from its listening socket, so it is set once there, with
 * `setsockopt` through FFI on the listening socket's descriptor, found in `/proc/self/fd` by its
 * port (the listener's own) and `SO_ACCEPTCONN`. Elsewhere, or without FFI allowed, nothing is done
 * and the caller says so: TCP connections still get `setNoDelay` one by one.
 */

const IPPROTO_TCP = 6;
const TCP_NODELAY = 1;
const SOL_SOCKET = 1;
const SO_ACCEPTCONN = 30;

const SYMBOLS = {
  setsockopt: { parameters: ["i32", "i32", "i32", "buffer", "u32"], result: "i32" },
  getsockopt: { parameters: ["i32", "i32", "i32", "buffer", "buffer"], result: "i32" },
  getsockname: { parameters: ["i32", "buffer", "buffer"], result: "i32" },
} as const;

type Libc = Deno.DynamicLibrary<typeof SYMBOLS>["symbols"];

/**
 * Turn Nagle's algorithm off on one accepted connection where Deno can (TCP; a TlsConn has no
 * switch, {@linkcode listenerNoDelay} covers it on Linux).
 */
export function connectionNoDelay(conn: Deno.Conn): void {
  if (!("setNoDelay" in conn) || typeof conn.setNoDelay !== "function") return;
  try {
    (conn as Deno.TcpConn).setNoDelay(true);
  } catch {
    // The peer already went; serving the connection finds that out.
  }
}

/**
 * Set `TCP_NODELAY` on the listening socket bound to `port`, so that every connection it accepts
 * has it. Returns why not, or null when done.
 */
export function listenerNoDelay(port: number): string | null {
  if (Deno.build.os !== "linux") return `not on ${Deno.build.os}`;
  // Never a permission prompt while starting: without FFI allowed, nothing is done.
  if (Deno.permissions.querySync({ name: "ffi" }).state !== "granted") return "FFI not allowed";
  let library: Deno.DynamicLibrary<typeof SYMBOLS>;
  try {
    library = Deno.dlopen("libc.so.6", SYMBOLS);
  } catch (error) {
    return `cannot open libc: ${error instanceof Error ? error.message : String(error)}`;
  }
  try {
    let fd: number | null;
    try {
      fd = listeningSocket(library.symbols, port);
    } catch (error) {
      return `cannot read /proc/self/fd: ${error instanceof Error ? error.message : String(error)}`;
    }
    if (fd === null) return `no listening socket on port ${port} in /proc/self/fd`;
    const on = new Int32Array([1]);
    if (library.symbols.setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, on, 4) !== 0) {
      return "setsockopt(TCP_NODELAY) failed";
    }
    return intOption(library.symbols, fd, IPPROTO_TCP, TCP_NODELAY) === 1
      ? null
      : "TCP_NODELAY did not stay set";
  } finally {
    library.close();
  }
}

/** The descriptor of this process's listening socket on `port`, if there is one. */
function listeningSocket(libc: Libc, port: number): number | null {
  for (const entry of Deno.readDirSync("/proc/self/fd")) {
    const fd = Number(entry.name);
    let target: string;
    try {
      target = Deno.readLinkSync(`/proc/self/fd/${entry.name}`);
    } catch {
      continue; // Closed since the directory was read (the read itself, for one).
    }
    if (!target.startsWith("socket:")) continue;
    if (localPort(libc, fd) !== port) continue;
    if (intOption(libc, fd, SOL_SOCKET, SO_ACCEPTCONN) === 1) return fd;
  }
  return null;
}

/** The local port of socket `fd` (IPv4 and IPv6 keep it at the same offset), or -1. */
function localPort(libc: Libc, fd: number): number {
  const address = new Uint8Array(128);
  const length = new Uint32Array([address.length]);
  if (libc.getsockname(fd, address, length) !== 0) return -1;
  const [low = 0, high = 0, portHigh = 0, portLow = 0] = address;
  const family = low | (high << 8);
  if (family !== 2 && family !== 10) return -1; // AF_INET, AF_INET6
  return (portHigh << 8) | portLow;
}

function intOption(libc: Libc, fd: number, level: number, name: number): number {
  const value = new Int32Array(1);
  const length = new Uint32Array([4]);
  return libc.getsockopt(fd, level, name, value, length) === 0 ? value[0] ?? -1 : -1;
}
