import assert from "node:assert/strict";
import {
  matchesSession,
  queryWords,
  rankSessions,
  sessionMatchScore,
  wordsScore,
} from "./session_match.ts";

const names = (list: readonly { name: string }[]) => list.map((s) => s.name);

Deno.test("queryWords splits on any whitespace and lower-cases", () => {
  assert.deepEqual(queryWords("  K8s \t prod\napi "), ["k8s", "prod", "api"]);
  assert.deepEqual(queryWords(""), []);
  assert.deepEqual(queryWords(" \t\n"), []);
  assert.deepEqual(queryWords("\u00a0é名\u3000X"), ["é名", "x"], "Unicode spaces split too");
});

Deno.test("matchesSession finds each word as a part of the name, in order", () => {
  assert.ok(matchesSession({ name: "k8s-prod-api" }, "k8s prod"));
  assert.ok(matchesSession({ name: "customers-globex-api" }, "globex api"));
  assert.ok(matchesSession({ name: "customers-globex-api" }, "GLOBEX   Api"));
  assert.ok(matchesSession({ name: "customers-globex-api" }, "cust glo"), "parts of words");
  assert.ok(matchesSession({ name: "customers-globex-api" }, "rs-gl"), "across a dash");
  assert.equal(matchesSession({ name: "k8s-prod-api" }, "prod k8s"), false, "out of order");
  assert.equal(matchesSession({ name: "k8s-prod-api" }, "k8s staging"), false);
  assert.equal(matchesSession({ name: "api" }, "api api"), false, "one part is one word");
  assert.ok(matchesSession({ name: "api-api" }, "api api"));
});

Deno.test("matchesSession looks in the command and the title, each on its own", () => {
  const session = { name: "web", command: "claude --resume", title: "✳ Fix the login bug" };
  assert.ok(matchesSession(session, "claude res"));
  assert.ok(matchesSession(session, "login bug"));
  assert.ok(matchesSession(session, "fix bug"));
  assert.equal(matchesSession(session, "web claude"), false, "the words stay within one field");
  assert.ok(matchesSession({ name: "x", command: null, title: null }, "x"));
  assert.equal(matchesSession({ name: "x", command: null, title: null }, "null"), false);
});

Deno.test("matchesSession finds every session for a blank query, and names with spaces", () => {
  assert.ok(matchesSession({ name: "anything" }, ""));
  assert.ok(matchesSession({ name: "anything" }, "   "));
  assert.ok(matchesSession({ name: "my thing" }, "my thing"));
  assert.ok(matchesSession({ name: "my thing" }, "thing"));
  assert.equal(sessionMatchScore({ name: "anything" }, " "), 0);
});

Deno.test("wordsScore prefers part starts, words together and early, and less left over", () => {
  const score = (query: string, text: string) => wordsScore(queryWords(query), text) ?? -Infinity;
  assert.ok(score("prod", "k8s-prod") > score("prod", "k8sprod"), "a part start");
  assert.ok(score("k8s prod", "k8s-prod-api") > score("k8s prod", "k8s-api-prod"), "together");
  assert.ok(score("api", "api-web") > score("api", "web-api"), "early");
  assert.ok(score("api", "api") > score("api", "api-web"), "less left over");
  assert.equal(wordsScore(["x"], ""), null);
});

Deno.test("rankSessions puts name matches first, then command, then title, then abbreviations", () => {
  const sessions = [
    { name: "zzz-title", title: "k8s prod deploy" },
    { name: "k-p-a-letters" },
    { name: "zzz-command", command: "kubectl --context k8s-prod" },
    { name: "infra-k8s-prod" },
    { name: "k8s-prod-api" },
    { name: "unrelated" },
  ];
  assert.deepEqual(names(rankSessions(sessions, "k8s prod")), [
    "k8s-prod-api",
    "infra-k8s-prod",
    "zzz-command",
    "zzz-title",
  ]);
  // No word matches "kpa": the letters in order, below any word match.
  assert.deepEqual(names(rankSessions(sessions, "kpa")), ["k-p-a-letters", "k8s-prod-api"]);
  // As words, each letter is a part of the name: both names, tighter first.
  assert.deepEqual(names(rankSessions(sessions, "k p a")), ["k-p-a-letters", "k8s-prod-api"]);
});

Deno.test("rankSessions keeps the given order for equal scores and for a blank query", () => {
  const sessions = [{ name: "b" }, { name: "a" }, { name: "c" }];
  assert.deepEqual(names(rankSessions(sessions, "")), ["b", "a", "c"]);
  const same = [{ name: "x-1" }, { name: "x-2" }];
  assert.deepEqual(names(rankSessions(same, "x")), ["x-1", "x-2"]);
});

Deno.test("rankSessions ranks a substring above scattered letters and part starts higher", () => {
  const list = ["alpha-beta", "beta", "b-e-t-a-x", "gamma"].map((name) => ({ name }));
  assert.deepEqual(names(rankSessions(list, "beta")), ["beta", "alpha-beta", "b-e-t-a-x"]);
  const starts = ["xfront", "acme-front"].map((name) => ({ name }));
  assert.deepEqual(names(rankSessions(starts, "front")), ["acme-front", "xfront"]);
  assert.deepEqual(names(rankSessions([{ name: "acme-web-frontend" }], "fwa")), []);
});

Deno.test("sessionMatchScore stays within its tier for any length of text", () => {
  const long = "x".repeat(3_000_000);
  const name = sessionMatchScore({ name: `${long}-api` }, "api");
  const title = sessionMatchScore({ name: "other", title: "api" }, "api");
  assert.ok(name !== null && title !== null && name > title, "a name match outranks a title's");
});
