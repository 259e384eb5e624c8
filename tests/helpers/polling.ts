/** Owns the small helpers tests use to read HTTP answers and to wait for a state to be reached. */

/** A response's status and its JSON body (undefined when the body is empty). */
export async function json<T>(response: Response): Promise<{ status: number; body: T }> {
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
}

/** Call `read` every 100 ms until `ok` accepts its value; fail with the last value after a while. */
export async function readUntil<T>(
  read: () => Promise<T>,
  ok: (value: T) => boolean,
  what: string,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (true) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) {
      throw new Error(`Timed out waiting for ${what}: ${JSON.stringify(value)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Like {@link readUntil}, and then until the value has stayed the same for `quietMs`: for a
 * state that passes through other values on its way (a window resized by a drag, debounced).
 */
export async function readSettled<T>(
  read: () => Promise<T>,
  ok: (value: T) => boolean,
  what: string,
  quietMs = 500,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await readUntil(read, ok, what, timeoutMs);
  let since = Date.now();
  while (Date.now() - since < quietMs) {
    if (Date.now() > deadline) throw new Error(`${what} never settled: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const next = await read();
    if (JSON.stringify(next) !== JSON.stringify(value) || !ok(next)) {
      value = await readUntil(read, ok, what, Math.max(0, deadline - Date.now()));
      since = Date.now();
    }
  }
  return value;
}

/** Call `probe` every 100 ms until it returns a value; fail naming `what` after `ms`. */
export async function until<T>(
  probe: () => Promise<T | undefined>,
  what: string,
  ms = 20_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Timed out waiting for ${what}`);
}
