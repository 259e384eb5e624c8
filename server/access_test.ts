import assert from "node:assert/strict";
import { Access, PAGE_SESSION_IDLE_MS, type Principal, SIGNED_OUT_CLOSE_CODE } from "./access.ts";
import { type Database, openDatabase } from "./db/database.ts";
import { PageSessionStore } from "./db/page_session_store.ts";

async function tempDb(): Promise<AsyncDisposable & { db: Database }> {
  const home = await Deno.makeTempDir({ prefix: "maestro-access-" });
  const db = openDatabase(home);
  return {
    db,
    async [Symbol.asyncDispose]() {
      db.close();
      await Deno.remove(home, { recursive: true });
    },
  };
}

class FakeSocket {
  closed: { code: number | undefined; reason: string | undefined } | null = null;
  close(code?: number, reason?: string) {
    this.closed = { code, reason };
  }
  get closeCode(): number | undefined {
    return this.closed?.code;
  }
}

Deno.test("Access tells the token, a page credential and a stranger apart", async () => {
  await using t = await tempDb();
  const access = new Access({ token: "the-token", store: new PageSessionStore(t.db) });
  assert.deepEqual(access.identify("the-token"), { kind: "token" });
  const credential = access.signIn("the-token");
  assert.ok(credential !== null);
  const page = access.identify(credential);
  assert.equal(page?.kind, "page");
  for (const stranger of [undefined, "", "the-tokem", "the-token ", credential.slice(1)]) {
    assert.equal(access.identify(stranger), null, String(stranger));
  }
  assert.equal(access.signIn("wrong"), null);
  assert.equal(access.signedInPages, 1);
});

Deno.test("Access keeps only the credential's hash, and sign-ins survive a restart", async () => {
  await using t = await tempDb();
  const store = new PageSessionStore(t.db);
  const credential = new Access({ token: "tok", store }).signIn("tok") ?? "";
  const [row] = store.list();
  assert.ok(row);
  assert.match(row.idHash, /^[0-9a-f]{64}$/);
  assert.ok(!JSON.stringify(store.list()).includes(credential));
  assert.ok(!JSON.stringify(store.list()).includes('"tok"'));
  const later = new Access({ token: "tok", store });
  assert.equal(later.identify(credential)?.kind, "page");
  const rotated = new Access({ token: "new-tok", store });
  assert.equal(rotated.identify(credential), null, "issued under another token");
  assert.deepEqual(store.list(), [], "and removed from the database");
});

Deno.test("Access ends a sign-in unused for the idle limit, and records use sparingly", async () => {
  await using t = await tempDb();
  const store = new PageSessionStore(t.db);
  let now = 1_000_000;
  const access = new Access({ token: "tok", store, now: () => now });
  const credential = access.signIn("tok") ?? "";
  now += 60_000;
  access.identify(credential);
  assert.equal(store.list()[0]?.lastUsedAt, 1_000_000, "a minute later: no write");
  now += 2 * 60 * 60 * 1000;
  access.identify(credential);
  assert.equal(store.list()[0]?.lastUsedAt, now, "hours later: written once");
  now += PAGE_SESSION_IDLE_MS + 1;
  assert.equal(access.identify(credential), null);
  assert.deepEqual(store.list(), []);
  // A restart after the idle limit prunes it too.
  const other = access.signIn("tok") ?? "";
  now += PAGE_SESSION_IDLE_MS + 1;
  assert.equal(new Access({ token: "tok", store, now: () => now }).identify(other), null);
});

Deno.test("Access sign-out closes that page's sockets; everywhere closes every page's", async () => {
  await using t = await tempDb();
  const access = new Access({ token: "tok", store: new PageSessionStore(t.db) });
  const a = access.identify(access.signIn("tok") ?? "") as Principal;
  const b = access.identify(access.signIn("tok") ?? "") as Principal;
  const [socketA, socketB, cli] = [new FakeSocket(), new FakeSocket(), new FakeSocket()];
  access.track(a, socketA);
  access.track(b, socketB);
  access.track({ kind: "token" }, cli);
  assert.equal(access.signOut(a), 1);
  assert.equal(socketA.closeCode, SIGNED_OUT_CLOSE_CODE);
  assert.equal(socketB.closed, null);
  assert.equal(access.signOut(a), 0, "already ended");
  assert.equal(access.signOut({ kind: "token" }), 0, "the token is not a sign-in");
  assert.equal(access.signOut(a, { everywhere: true }), 1);
  assert.equal(socketB.closeCode, SIGNED_OUT_CLOSE_CODE);
  assert.equal(cli.closed, null, "the token's sockets stay");
  assert.equal(access.signedInPages, 0);
});

Deno.test("Access with a new token closes every socket and ends every sign-in", async () => {
  await using t = await tempDb();
  const access = new Access({ token: "tok", store: new PageSessionStore(t.db) });
  const credential = access.signIn("tok") ?? "";
  const [page, cli, untracked] = [new FakeSocket(), new FakeSocket(), new FakeSocket()];
  access.track(access.identify(credential) as Principal, page);
  const untrack = access.track({ kind: "token" }, untracked);
  access.track({ kind: "token" }, cli);
  untrack();
  assert.equal(access.setToken("tok"), false);
  assert.equal(page.closed, null);
  assert.equal(access.setToken("tok2"), true);
  assert.equal(page.closeCode, SIGNED_OUT_CLOSE_CODE);
  assert.match(cli.closed?.reason ?? "", /token changed/);
  assert.equal(untracked.closed, null, "an untracked socket is left alone");
  assert.equal(access.identify(credential), null);
  assert.equal(access.identify("tok"), null);
  assert.deepEqual(access.identify("tok2"), { kind: "token" });
});

Deno.test("Access without a token lets everyone in and issues no credential", async () => {
  await using t = await tempDb();
  const access = new Access({ token: null, store: new PageSessionStore(t.db) });
  assert.equal(access.open, true);
  assert.deepEqual(access.identify(undefined), { kind: "open" });
  assert.equal(access.signIn("anything"), null);
  assert.equal(access.setToken("x"), false);
});
