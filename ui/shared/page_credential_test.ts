import assert from "node:assert/strict";
import { CREDENTIAL_KEY, PageCredential } from "./page_credential.ts";

function memoryStorage() {
  const map = new Map<string, string>();
  return {
    map,
    getItem: (key: string) => map.get(key) ?? null,
    setItem: (key: string, value: string) => void map.set(key, value),
    removeItem: (key: string) => void map.delete(key),
  };
}

Deno.test("PageCredential keeps the credential in the page's storage and clears it", () => {
  const storage = memoryStorage();
  const credential = new PageCredential(() => storage);
  assert.equal(credential.get(), null);
  assert.deepEqual(credential.protocols(), []);
  credential.set("abc_DEF-123");
  assert.equal(storage.map.get(CREDENTIAL_KEY), "abc_DEF-123");
  assert.deepEqual(credential.protocols(), ["maestro", "maestro-auth.abc_DEF-123"]);
  credential.set(null);
  assert.equal(storage.map.size, 0);
});

Deno.test("PageCredential works without storage, or with storage that throws", () => {
  assert.equal(new PageCredential(() => null).get(), null);
  const throwing = {
    getItem: () => {
      throw new DOMException("denied", "SecurityError");
    },
    setItem: () => {
      throw new DOMException("full", "QuotaExceededError");
    },
    removeItem: () => {},
  };
  const credential = new PageCredential(() => throwing);
  credential.set("x");
  assert.equal(credential.get(), null);
});
