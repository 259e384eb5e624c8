/** Owns a temporary directory for one test; `await using` removes it with everything inside. */

/** A fresh temporary directory. */
export interface TempDir extends AsyncDisposable {
  readonly path: string;
}

/** Create a temporary directory named after `prefix`, removed (recursively) on dispose. */
export async function tempDir(prefix = "maestro-test-"): Promise<TempDir> {
  const path = await Deno.makeTempDir({ prefix });
  return {
    path,
    async [Symbol.asyncDispose]() {
      await Deno.remove(path, { recursive: true });
    },
  };
}
