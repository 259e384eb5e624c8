/**
 * Owns a TCP forwarder between two test servers that can turn into a black hole: no byte and no
 * FIN passes either way while every socket stays open, as when a machine vanishes from the
 * network. Loopback, no root needed.
 */

/** One forwarded connection; `gate` is non-null while its bytes are held back. */
interface Pair {
  client: Deno.Conn;
  server: Deno.Conn | null;
  /** Resolved when the pair may forward again; null while it flows. */
  gate: Promise<void> | null;
}

/**
 * Forwards `127.0.0.1:<port>` to a target port. {@link blackHole} freezes every connection open at
 * that moment for good (their peers hear nothing, ever) and holds new ones unanswered;
 * {@link restore} lets the held ones and every later one through, as a machine that is back on
 * the network answers new connections while the old ones stay dead. `await using` closes all.
 */
export class TcpForwarder implements AsyncDisposable {
  readonly #listener: Deno.TcpListener;
  readonly #targetPort: number;
  readonly #pairs = new Set<Pair>();
  readonly #tasks = new Set<Promise<void>>();
  /** Resolves at dispose: frozen pairs wait on it. */
  readonly #disposed = Promise.withResolvers<void>();
  /** Held new connections wait on it while the forwarder is a black hole. */
  #back: PromiseWithResolvers<void> | null = null;
  #closed = false;

  constructor(targetPort: number) {
    this.#targetPort = targetPort;
    this.#listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    this.#track(this.#accept());
  }

  get port(): number {
    return this.#listener.addr.port;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Stop every byte, both ways, on every connection; keep all sockets open. */
  blackHole(): void {
    if (this.#back !== null) return;
    this.#back = Promise.withResolvers<void>();
    for (const pair of this.#pairs) pair.gate = this.#disposed.promise;
  }

  /** Answer new connections again (and those that waited); the frozen ones stay silent. */
  restore(): void {
    this.#back?.resolve();
    this.#back = null;
  }

  #track(task: Promise<void>): void {
    const tracked = task.catch(() => {}).finally(() => this.#tasks.delete(tracked));
    this.#tasks.add(tracked);
  }

  async #accept(): Promise<void> {
    for await (const client of this.#listener) {
      const pair: Pair = { client, server: null, gate: this.#back?.promise ?? null };
      this.#pairs.add(pair);
      this.#track(this.#serve(pair));
    }
  }

  async #serve(pair: Pair): Promise<void> {
    try {
      await this.#pass(pair);
      if (this.#closed) return;
      const server = await Deno.connect({ hostname: "127.0.0.1", port: this.#targetPort });
      pair.server = server;
      if (this.#closed) return;
      const pumps = [this.#pump(pair, pair.client, server), this.#pump(pair, server, pair.client)];
      for (const pump of pumps) this.#track(pump);
      await Promise.all(pumps);
    } finally {
      this.#closePair(pair);
    }
  }

  /** Wait until `pair` may forward (at once unless it is held or frozen). */
  async #pass(pair: Pair): Promise<void> {
    while (pair.gate !== null && !this.#closed) {
      const gate = pair.gate;
      await Promise.race([gate, this.#disposed.promise]);
      if (pair.gate === gate && gate !== this.#disposed.promise) pair.gate = null;
    }
  }

  async #pump(pair: Pair, from: Deno.Conn, to: Deno.Conn): Promise<void> {
    const buffer = new Uint8Array(64 * 1024);
    while (!this.#closed) {
      await this.#pass(pair);
      const count = await from.read(buffer).catch(() => null);
      // A frozen pair forwards nothing, its end of stream included.
      await this.#pass(pair);
      if (this.#closed) return;
      if (count === null) {
        await to.closeWrite().catch(() => {});
        return;
      }
      let offset = 0;
      while (offset < count) {
        offset += await to.write(buffer.subarray(offset, count));
      }
    }
  }

  #closePair(pair: Pair): void {
    this.#pairs.delete(pair);
    for (const conn of [pair.client, pair.server]) {
      try {
        conn?.close();
      } catch {
        // Already closed.
      }
    }
  }

  async [Symbol.asyncDispose](): Promise<void> {
    this.#closed = true;
    this.#listener.close();
    this.#back?.resolve();
    this.#disposed.resolve();
    for (const pair of [...this.#pairs]) this.#closePair(pair);
    while (this.#tasks.size > 0) await Promise.all([...this.#tasks]);
  }
}
